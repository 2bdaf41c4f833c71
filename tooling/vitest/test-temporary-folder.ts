// Temporary folders for tests that remove themselves: a test that writes a key, a token cache or a fake tool
// leaves nothing on the machine's disk, also when it fails. The suite's test command checks that (see
// tooling/scripts/temporary-folders.mjs).
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

// The folders made outside a test, removed by the afterAll hook the shared setup file (test-setup.mjs) registers
// for every test file. A global, so that the setup file and the test file see the same set.
const FILE_FOLDERS = Symbol.for('@identity/tooling.temporary-folders');
type Registry = { [FILE_FOLDERS]?: Set<string> };

/** The folders {@link temporaryFolder} made outside a test in this test file, not yet removed. */
function fileFolders(): Set<string> {
  const registry = globalThis as Registry;
  registry[FILE_FOLDERS] ??= new Set();
  return registry[FILE_FOLDERS];
}

function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Makes a fresh, empty folder (mode 0700) under the system's temporary folder, named `<prefix>-XXXXXX`, and
 * registers its removal (with everything in it) with vitest:
 * - called inside a test, or in a `beforeEach` hook, it is removed when that test finishes, passed or failed
 *   (`onTestFinished`, which runs after the `afterEach` hooks);
 * - called anywhere else (at module level, in a `describe` body, in a `beforeAll` hook) it is removed after the
 *   last test of the file, after the file's own `afterAll` hooks (an emulator that serves a file in it has
 *   stopped by then).
 *
 * A test never needs to remove the folder itself (removing it earlier is harmless).
 *
 * @param prefix - What the folder's name starts with: letters, digits and dashes (`cache-persistence`).
 * @returns The folder's absolute path.
 *
 * @example
 * ```ts
 * it('reads the token file', async () => {
 *   const file = join(temporaryFolder('wi-token'), 'token');
 *   writeFileSync(file, assertion, { mode: 0o600 });
 *   // ...
 * });
 * ```
 */
export function temporaryFolder(prefix: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(prefix)) {
    throw new TypeError('temporaryFolder: the prefix may hold only letters, digits and dashes');
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix.replace(/-+$/, '')}-`));
  chmodSync(dir, 0o700);
  try {
    onTestFinished(() => remove(dir));
  } catch {
    // Not inside a test: vitest says so by throwing. The setup file's afterAll removes it.
    fileFolders().add(dir);
  }
  return dir;
}

/**
 * Removes every folder {@link temporaryFolder} made outside a test in the current test file. The shared setup
 * file calls it in an `afterAll` hook; a test never needs to.
 *
 * @example
 * ```ts
 * afterAll(removeFileTemporaryFolders);
 * ```
 */
export function removeFileTemporaryFolders(): void {
  const folders = fileFolders();
  for (const dir of folders) remove(dir);
  folders.clear();
}

/**
 * Makes a named pipe (POSIX `mkfifo`) at `path` that nobody writes to: what a variable pointing at the wrong file
 * can name, and what a reader that opens it waits on for ever. After 30 s it opens the pipe for writing once, which
 * releases such a reader (code under test before its fix) so the test worker can exit. Put it in a
 * {@link temporaryFolder}; not on Windows.
 *
 * @returns `path`
 *
 * @example
 * ```ts
 * const pipe = namedPipe(join(temporaryFolder('wi-pipe'), 'token'));
 * ```
 */
export function namedPipe(path: string): string {
  execFileSync('mkfifo', [path]);
  setTimeout(() => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {}
  }, 30_000).unref();
  return path;
}
