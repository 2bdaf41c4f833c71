// Writing a file of the cache's folder: the folder made 0700, the file written beside its final name (mode 0600,
// created exclusively, synced) and renamed over it, so no reader ever sees half a file. The cache files and the
// authentication record beside them are both written this way.
import { chmod, constants, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { troubleshooting } from '@identity/core/internal';
import { CachePersistenceError } from './cache-persistence-errors.js';

/**
 * Throws when a folder of tokens is not private: owned by another user (other than root), or writable by others
 * (who could then replace, remove or plant the cache's files: another user's tokens, a symlink, a lock that never
 * goes). Does nothing on Windows (its folders are private through ACLs) or where the user id is unknown.
 *
 * @throws `CachePersistenceError` (`UNSAFE_FOLDER`) naming the folder and what to do
 * @example
 * ```ts
 * checkPrivateDirectory('/home/ada/.IdentityService', statSync('/home/ada/.IdentityService'));
 * ```
 */
export function checkPrivateDirectory(directory: string, info: { mode: number; uid: number }): void {
  const me = process.getuid?.();
  if (process.platform === 'win32' || me === undefined) return;
  if ((info.uid !== me && info.uid !== 0) || info.mode & 0o022) {
    throw new CachePersistenceError(
      `the token cache folder ${directory} ${info.uid !== me && info.uid !== 0 ? 'belongs to another user' : 'may be written by other users'}: its files are not read or written. Use a folder of your own with mode 0700 (chown it to yourself and chmod 700, or choose another folder). ${troubleshooting('cache-persistence-unsafe-folder')}`,
      'UNSAFE_FOLDER',
    );
  }
}

/**
 * Makes the folder (and its parents) with mode 0700, and narrows it to 0700 if this user owns it and it is wider:
 * it holds tokens.
 *
 * @throws `CachePersistenceError` (`UNSAFE_FOLDER`) for a folder of another user, or one others may write in
 *
 * @example
 * ```ts
 * await ensurePrivateDirectory('/home/ada/.IdentityService');
 * ```
 */
export async function ensurePrivateDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const { mode, uid } = await stat(directory);
  if (mode & 0o077 && uid === process.getuid?.()) await chmod(directory, 0o700);
  else checkPrivateDirectory(directory, { mode, uid });
}

/**
 * Writes `bytes` to `path` atomically: to a new file beside it (mode 0600), synced, then renamed over it. The
 * temporary file is removed if the write fails. The folder must exist.
 *
 * @example
 * ```ts
 * await writeFileAtomically('/home/ada/.IdentityService/msal.cache.nocae', bytes);
 * ```
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  // Web Crypto's random bytes (Node's global): node:crypto is large to load, and a run that only reads never needs it.
  const suffix = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex');
  const temporary = `${path}.${process.pid}.${suffix}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.datasync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

/**
 * Narrows the regular file at `path` to mode 0600 (a cache file set aside: it may hold tokens, whatever mode it had),
 * through a handle opened without following a symlink, so a link planted there never makes this change the mode of
 * what it points at (a symlink is left as it is: it has no mode of its own). Does nothing on Windows.
 *
 * @throws the file system's error when the file cannot be opened or changed (other than its being a symlink)
 * @example
 * ```ts
 * await rename(path, aside);
 * await narrowToPrivate(aside);
 * ```
 */
export async function narrowToPrivate(path: string): Promise<void> {
  if (process.platform === 'win32' || constants.O_NOFOLLOW === undefined) return;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NONBLOCK: a FIFO there opens at once (and is then left, not being a regular file).
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return;
    throw error;
  }
  try {
    const info = await handle.stat();
    if (info.isFile() && info.mode & 0o077) await handle.chmod(0o600);
  } finally {
    await handle.close();
  }
}
