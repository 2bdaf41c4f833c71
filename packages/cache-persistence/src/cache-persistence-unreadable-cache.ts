// A cache opened encrypted (without unsafeAllowUnencryptedStorage) reads neither files kept in clear nor sealed files
// whose key's OS secret store cannot be reached or is locked: listing its accounts would find none, and
// SharedTokenCacheCredential would tell the user to sign in again, which cannot help. So the listing says why, and
// what to do; the files are looked at once (their first bytes), never opened.
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { cacheFileState } from './cache-persistence-file-state.js';
import { storeProblem } from './cache-persistence-secret-store.js';

/**
 * Rejects, for a cache opened without `unsafeAllowUnencryptedStorage`, when its files exist only in clear (none
 * encrypted), or when one is encrypted and the secret store that holds its key cannot be reached or is locked;
 * resolves otherwise (no files, the store answers or fails some other way, or the files cannot be looked at: the
 * listing then goes on as before).
 *
 * @throws `CredentialUnavailableError` saying the cache is kept in clear and how to opt in to reading it, or naming
 * the file, the store, what is wrong with it and what to do
 * @example
 * ```ts
 * await refuseUnreadableCache(cache.paths, protection); // before listing the accounts of an encrypted cache
 * ```
 */
export async function refuseUnreadableCache(
  paths: { nocae: string; cae: string },
  protection: () => Promise<unknown>,
): Promise<void> {
  const files = [paths.nocae, paths.cae];
  const states = await Promise.all(files.map(cacheFileState)).catch(() => []);
  // An empty file is neither kind: the cache rebuilds it.
  const found = files
    .map((path, index) => ({ path, state: states[index] }))
    .filter(({ state }) => state?.exists && state.bytes);
  if (found.length === 0) return;
  const sealed = found.find(({ state }) => state?.encrypted)?.path;
  if (sealed === undefined) {
    throw new CredentialUnavailableError(
      `Token cache persistence: the token cache ${paths.nocae} is kept in clear (written with \`identity login --unencrypted\` or unsafeAllowUnencryptedStorage), and it was opened without unsafeAllowUnencryptedStorage, so it is not read and its accounts are not used. To use them, opt in to reading it in clear: SharedTokenCacheCredential with \`tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true }\`, or a \`tokenCache: persistentTokenCache({ unsafeAllowUnencryptedStorage: true })\`; or sign in again with \`identity login\` (encrypted) where an OS secret store runs. ${troubleshooting('cache-persistence-kept-in-clear')}`,
    );
  }
  const problem = await protection().then(
    () => undefined,
    (error: unknown) => storeProblem(error),
  );
  if (problem === undefined) return;
  throw new CredentialUnavailableError(
    `Token cache persistence: the token cache ${sealed} exists, encrypted, but the OS secret store that holds its key, the ${problem.why}. Its accounts cannot be read here, and signing in again cannot help: ${problem.remedy}. ${troubleshooting(problem.anchor)}`,
  );
}
