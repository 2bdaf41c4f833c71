// The check that the test suite leaves nothing behind in the temporary folder (keys, token caches, fake tools):
// the suite runs with TMPDIR pointing at a fresh folder of its own, which every test, every child process it
// starts and every tool they run (os.tmpdir(), mkdtemp, chromium, dbus, redis) write into; whatever is still in it
// afterwards was left behind. Nothing is allowed to outlive the run: there is no allow-list.
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * A fresh, empty folder (mode 0700) directly under `parent`, with a short name: Unix socket paths are limited to
 * 108 bytes, and the tools the tests start (dbus, gnome-keyring, chromium, redis) put sockets in it.
 */
export function makeRunFolder(parent = tmpdir()) {
  const dir = mkdtempSync(join(parent, 'it-'));
  chmodSync(dir, 0o700);
  return dir;
}

/** Every path left in `dir` (files, sockets, links and empty folders; a folder with content as that content), relative to `dir`, sorted. */
export function leftovers(dir) {
  const found = [];
  const walk = (folder) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      // A folder we may not read: name it, since it is left over all the same.
      found.push(`${relative(dir, folder)}/ (unreadable)`);
      return;
    }
    if (entries.length === 0 && folder !== dir) found.push(`${relative(dir, folder)}/`);
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !lstatSync(path).isSymbolicLink()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}

/** What to print about `paths` left in a folder: one line each, at most `limit`, then how many more. */
export function formatLeftovers(paths, limit = 40) {
  const lines = paths.slice(0, limit).map((path) => `  ${path}`);
  if (paths.length > limit) lines.push(`  ... and ${paths.length - limit} more`);
  return lines;
}

/**
 * Runs `use(dir)` with a fresh folder from {@link makeRunFolder}, then lists what is left in it and removes it,
 * also when `use` throws. Resolves to `{ result, leftovers }`; `leftovers` empty means the run left nothing.
 */
export async function withRunFolder(use, { parent } = {}) {
  const dir = makeRunFolder(parent);
  try {
    const result = await use(dir);
    return { result, leftovers: leftovers(dir) };
  } finally {
    removeFolder(dir);
  }
}

/** Removes `dir` and everything in it, also what a test left without write permission. */
export function removeFolder(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A folder without write or search permission (mode 0500) cannot be emptied: open everything up, then retry.
    const open = (path) => {
      try {
        chmodSync(path, 0o700);
        for (const entry of readdirSync(path, { withFileTypes: true }))
          if (entry.isDirectory()) open(join(path, entry.name));
      } catch {}
    };
    open(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
