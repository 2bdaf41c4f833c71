// Reading a file of the cache's folder safely: only a regular file is read (a FIFO, a device or a folder planted at
// the cache's path would hang the read or make no sense), opened without blocking (opening a FIFO to read waits for
// a writer), and only up to a size bound (a huge file would take the process's memory and time).

import type { Stats } from 'node:fs';
// fs/promises has the flags too: importing node:fs from an ES module would load its streams (~20 modules) for them.
import { constants, open } from 'node:fs/promises';
import { troubleshooting } from '@identity/core/internal';
import { CachePersistenceError } from './cache-persistence-errors.js';

/**
 * The largest cache file read: 32 MiB (MSAL's caches are a few KiB to a few MiB; a file past this is not a cache
 * anyone wrote, and parsing it would hold the process for seconds).
 *
 * @example
 * ```ts
 * if (info.size > MAX_CACHE_FILE_BYTES) console.warn('too large to be a token cache');
 * ```
 */
export const MAX_CACHE_FILE_BYTES = 32 * 1024 * 1024;

// O_NONBLOCK: a FIFO opens at once instead of waiting for a writer (no effect on a regular file; absent on Windows).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Throws unless `info` is a regular file of at most `maxBytes`.
 *
 * @throws `CachePersistenceError` (`NOT_A_FILE` or `TOO_LARGE`) naming the path and what to do
 * @example
 * ```ts
 * checkReadable('/home/ada/.IdentityService/msal.cache.nocae', statSync(path));
 * ```
 */
export function checkReadable(
  path: string,
  info: Pick<Stats, 'isFile' | 'size'>,
  maxBytes = MAX_CACHE_FILE_BYTES,
): void {
  if (!info.isFile()) {
    throw new CachePersistenceError(
      `the token cache file ${path} is not a regular file (a folder, FIFO, socket or device is there): it is not read. Remove it, and the cache starts anew. ${troubleshooting('cache-persistence-not-a-file')}`,
      'NOT_A_FILE',
    );
  }
  if (info.size > maxBytes) {
    throw new CachePersistenceError(
      `the token cache file ${path} is ${info.size} bytes, more than a token cache holds (${maxBytes}): it is not read. Remove it, and the cache starts anew. ${troubleshooting('cache-persistence-file-too-large')}`,
      'TOO_LARGE',
    );
  }
}

/**
 * Opens `path` without blocking and looks at it: `undefined` when there is no file; else its `Stats`, and `read()`
 * for its bytes (call `close()` either way).
 *
 * @throws `CachePersistenceError` (`NOT_A_FILE`, `TOO_LARGE`), or the file system's error other than "no such file"
 * @example
 * ```ts
 * const file = await openRegularFile(path);
 * try { if (file) bytes = await file.read(); } finally { await file?.close(); }
 * ```
 */
export async function openRegularFile(
  path: string,
  maxBytes = MAX_CACHE_FILE_BYTES,
): Promise<{ info: Stats; read: () => Promise<Uint8Array>; close: () => Promise<void> } | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const info = await handle.stat();
    checkReadable(path, info, maxBytes);
    return { info, read: () => handle.readFile(), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
