// Temporary folders for the bench (plain Node, no vitest): each is removed when the bench process ends, however it
// ends (finished, thrown, interrupted), since they hold keys and fake tools. Code that can scope a folder removes it
// itself in a `finally`; this is for folders that several runs share, and the safety net for the others.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folders = new Set();

function removeAll() {
  for (const dir of folders) removeBenchFolder(dir);
}

let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  process.once('exit', removeAll);
  // An interrupted bench ends without 'exit' unless a signal has a listener: remove, then end as the signal would.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      removeAll();
      process.kill(process.pid, signal);
    });
  }
}

/** A fresh 0700 folder `<prefix>-XXXXXX` under the temporary folder, removed at the latest when the process ends. */
export function benchFolder(prefix) {
  hookExit();
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  chmodSync(dir, 0o700);
  folders.add(dir);
  return dir;
}

/** Removes a folder made by {@link benchFolder} now. */
export function removeBenchFolder(dir) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  folders.delete(dir);
}
