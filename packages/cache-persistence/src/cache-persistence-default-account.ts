// The cache's default account: the AuthenticationRecord that `identity login` writes beside the cache files
// (`<name>.authentication-record.json`, `@azure/identity`'s JSON), which SharedTokenCacheCredential uses when the
// cache holds several accounts and none was chosen. It names the account and holds no secret, so it is plain JSON;
// it is still written as the cache files are: mode 0600 in a 0700 folder, atomically.
import { unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuthenticationRecord, Logger } from '@identity/core';
import { deserializeAuthenticationRecord, serializeAuthenticationRecord } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { openRegularFile } from './cache-persistence-file-read.js';
import { ensurePrivateDirectory, writeFileAtomically } from './cache-persistence-private-file.js';

// A record is a few hundred bytes: a larger file is not one.
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * The record kept at `path`; `undefined` when there is none, or when it cannot be read or is not a record (logged
 * as a warning). Never throws.
 *
 * @example
 * ```ts
 * const record = await readDefaultAccount('/home/ada/.IdentityService/msal.cache.authentication-record.json', logger);
 * ```
 */
export async function readDefaultAccount(
  path: string,
  logger: Logger,
): Promise<AuthenticationRecord | undefined> {
  let text: string;
  try {
    // Only a regular file of a record's size: a FIFO there would hang the read, a huge file take the memory.
    const file = await openRegularFile(path, MAX_RECORD_BYTES);
    if (!file) return undefined;
    try {
      text = new TextDecoder().decode(await file.read());
    } finally {
      await file.close();
    }
  } catch (error) {
    logger.warning(
      `the default account's record ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).name}); going on without it. ${troubleshooting('cache-persistence-default-account')}`,
    );
    return undefined;
  }
  try {
    return deserializeAuthenticationRecord(text);
  } catch {
    logger.warning(
      `the default account's record ${path} is not an AuthenticationRecord; going on without it (sign in again with 'identity login', or delete the file). ${troubleshooting('cache-persistence-default-account')}`,
    );
    return undefined;
  }
}

/**
 * Writes `record` to `path` (mode 0600, folder 0700, atomically), or removes the file when `record` is `undefined`.
 *
 * @throws the file system's error when the folder or file cannot be written (or removed)
 * @example
 * ```ts
 * await writeDefaultAccount(path, await credential.authenticate(scope));
 * ```
 */
export async function writeDefaultAccount(
  path: string,
  record: AuthenticationRecord | undefined,
): Promise<void> {
  if (record === undefined) {
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    return;
  }
  const text = serializeAuthenticationRecord(record);
  await ensurePrivateDirectory(dirname(path));
  await writeFileAtomically(path, new TextEncoder().encode(text));
}
