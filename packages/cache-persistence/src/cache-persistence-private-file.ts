// Writing a file of the cache's folder: the folder made 0700, the file written beside its final name (mode 0600,
// created exclusively, synced) and renamed over it, so no reader ever sees half a file. The cache files and the
// authentication record beside them are both written this way.
import { chmod, mkdir, open, rename, stat, unlink } from 'node:fs/promises';

/**
 * Makes the folder (and its parents) with mode 0700, and narrows it to 0700 if this user owns it and it is wider:
 * it holds tokens.
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
