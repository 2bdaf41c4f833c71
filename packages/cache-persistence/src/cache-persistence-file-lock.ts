// The cross-process lock of a cache file: `<file>.lockfile`, created with O_EXCL, MSAL's lock file (msal-node-extensions
// takes the same one), so this library and MSAL-based tools never write the file at once. It holds the owner's pid,
// host and time. A lock left by a process that died is taken over: at once when its owner is a dead process on this
// host, else once it is older than `staleMs` (a holder keeps it for milliseconds). Taking over goes through a second
// O_EXCL file, so two waiters never both remove a lock and one of them remove the other's new one.
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { troubleshooting } from '@identity/core/internal';
import { CachePersistenceError } from './cache-persistence-errors.js';

/**
 * How long a lock is waited for and when a lock is deemed abandoned.
 *
 * @example
 * ```ts
 * const timing: FileLockTiming = { timeoutMs: 10_000, staleMs: 5_000 };
 * ```
 */
export interface FileLockTiming {
  /** How long to wait for the lock before failing. Default 10 s. */
  timeoutMs?: number;
  /** A lock older than this is abandoned and taken over. Default 5 s. */
  staleMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_STALE_MS = 5_000;

// Whether the process that wrote this lock is gone: only for a lock of this host that names its pid.
function ownerIsDead(content: string): boolean {
  try {
    const { pid, host } = JSON.parse(content) as { pid?: unknown; host?: unknown };
    if (host !== hostname() || typeof pid !== 'number') return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

// Creates the file with O_EXCL, holding who created it. False when it exists.
async function create(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() }));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

// Removes the lock at `path` if it is abandoned. Under the breaker lock, the lock is looked at again: a lock that a
// live process took meanwhile is left alone.
async function breakIfAbandoned(path: string, staleMs: number): Promise<void> {
  const abandoned = async (file: string) => {
    const [info, content] = await Promise.all([stat(file), readFile(file, 'utf8')]);
    return Date.now() - info.mtimeMs > staleMs || ownerIsDead(content);
  };
  const breaker = `${path}.break`;
  if (!(await abandoned(path).catch(() => false))) return;
  if (!(await create(breaker))) {
    // A breaker whose process died before removing it would block every take-over: it is abandoned in turn.
    if (await abandoned(breaker).catch(() => false)) await unlink(breaker).catch(() => {});
    return;
  }
  try {
    if (await abandoned(path).catch(() => false)) await unlink(path).catch(() => {});
  } finally {
    await unlink(breaker).catch(() => {});
  }
}

/**
 * Runs `work` holding the cross-process lock of `file` (`<file>.lockfile`), and releases it however `work` ends.
 *
 * @throws `CachePersistenceError` (`LOCK_TIMEOUT`) when the lock is not free within `timeoutMs`
 * @example
 * ```ts
 * await withFileLock('/home/ada/.IdentityService/msal.cache.nocae', async () => rewriteTheFile());
 * ```
 */
export async function withFileLock<T>(
  file: string,
  work: () => Promise<T>,
  timing: FileLockTiming = {},
): Promise<T> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, staleMs = DEFAULT_STALE_MS } = timing;
  const path = `${file}.lockfile`;
  const deadline = Date.now() + timeoutMs;
  let pause = 2;
  while (!(await create(path))) {
    await breakIfAbandoned(path, staleMs);
    if (Date.now() >= deadline) {
      throw new CachePersistenceError(
        `The token cache file is locked by another process (${path}) and stayed locked for ${timeoutMs} ms. If no other process is using the cache, delete the lock file. ${troubleshooting('cache-persistence-lock-timeout')}`,
        'LOCK_TIMEOUT',
      );
    }
    // Short, growing, jittered pauses: holders keep the lock for milliseconds.
    await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    pause = Math.min(pause * 2, 50);
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => {});
  }
}
