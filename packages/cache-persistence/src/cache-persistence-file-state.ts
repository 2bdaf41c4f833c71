// What a cache file is on disk, without opening it: absent, sealed with a key of the OS secret store (it starts with
// the sealing's magic bytes), or MSAL's JSON in clear. Read without the lock and without the secret store, so a tool
// can show it, and choose the protection to open the file with, even when the store is locked or missing.
// fs/promises has the flags too: importing node:fs from an ES module would load its streams (~20 modules) for them.
import { constants, open } from 'node:fs/promises';
import { isSealedCache } from './cache-persistence-protection-keyring-sealing.js';

/**
 * A cache file as found on disk.
 *
 * @example
 * ```ts
 * const state: CacheFileState = { exists: true, encrypted: true, bytes: 2310 };
 * ```
 */
export interface CacheFileState {
  /** Whether the file exists. */
  exists: boolean;
  /** Whether it is sealed with a key of the OS secret store (`false` for MSAL's JSON in clear; absent: no file). */
  encrypted?: boolean;
  /** Its size in bytes (absent: no file). */
  bytes?: number;
}

/**
 * Looks at a cache file: whether it exists, and whether it is encrypted (its first bytes), without reading the rest.
 *
 * @throws the file system's error other than "no such file" (a folder that cannot be read)
 * @example
 * ```ts
 * await cacheFileState('/home/ada/.IdentityService/msal.cache.nocae'); // { exists: true, encrypted: true, bytes: 2310 }
 * ```
 */
export async function cacheFileState(path: string): Promise<CacheFileState> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // Without blocking: a FIFO planted at the path would otherwise hold the open until something writes to it.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw error;
  }
  try {
    const info = await handle.stat();
    const { size } = info;
    // Not a file (a folder, FIFO, device): shown as a file that is not a sealed cache; the cache refuses to read it.
    if (!info.isFile()) return { exists: true, encrypted: false, bytes: size };
    const head = new Uint8Array(4);
    await handle.read(head, 0, head.length, 0);
    return { exists: true, encrypted: isSealedCache(head), bytes: size };
  } finally {
    await handle.close();
  }
}
