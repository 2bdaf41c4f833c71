// A cache opened encrypted (without unsafeAllowUnencryptedStorage) never reads a file kept in clear: it leaves it
// as it is. When every file of the cache is in clear (`identity login --unencrypted` wrote it), listing its accounts
// would find none, and SharedTokenCacheCredential would tell the user to sign in again, which changes nothing. So
// the listing says why instead, and how the app opts in; the files are looked at (their first bytes), never opened.
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { cacheFileState } from './cache-persistence-file-state.js';

/**
 * Rejects when the cache's files exist only in clear (none encrypted), for a cache opened without
 * `unsafeAllowUnencryptedStorage`; resolves otherwise (no files, encrypted ones, or files that cannot be looked at:
 * the listing then goes on as before).
 *
 * @throws `CredentialUnavailableError` saying the cache is kept in clear and how to opt in to reading it
 * @example
 * ```ts
 * await refuseKeptInClear(cache.paths); // before listing the accounts of an encrypted cache
 * ```
 */
export async function refuseKeptInClear(paths: { nocae: string; cae: string }): Promise<void> {
  const states = await Promise.all([cacheFileState(paths.nocae), cacheFileState(paths.cae)]).catch(() => []);
  // An empty file is neither kind: the cache rebuilds it.
  const found = states.filter((state) => state.exists && state.bytes);
  if (found.length === 0 || found.some((state) => state.encrypted)) return;
  throw new CredentialUnavailableError(
    `Token cache persistence: the token cache ${paths.nocae} is kept in clear (written with \`identity login --unencrypted\` or unsafeAllowUnencryptedStorage), and it was opened without unsafeAllowUnencryptedStorage, so it is not read and its accounts are not used. To use them, opt in to reading it in clear: SharedTokenCacheCredential with \`tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true }\`, or a \`tokenCache: persistentTokenCache({ unsafeAllowUnencryptedStorage: true })\`; or sign in again with \`identity login\` (encrypted) where an OS secret store runs. ${troubleshooting('cache-persistence-kept-in-clear')}`,
  );
}
