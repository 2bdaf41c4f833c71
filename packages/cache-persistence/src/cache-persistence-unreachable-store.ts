// An encrypted cache's key is in the OS secret store. Where that store cannot be reached (no D-Bus session, no
// keyring on it, no binding) or is locked, reading the files fails, the account store logs it and lists nobody, and
// SharedTokenCacheCredential told the user to sign in again, which cannot help (a sign-in needs the same store). So
// listing says the files are there and what keeps their key's store from giving it (and what to do); the files are
// looked at (first bytes), not opened.
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { cacheFileState } from './cache-persistence-file-state.js';
import { storeProblem } from './cache-persistence-secret-store.js';

/**
 * Rejects when a file of the cache is encrypted and the secret store that holds its key cannot be reached or is
 * locked; resolves otherwise (no encrypted file, the store answers, or it fails some other way: the listing then
 * goes on as before).
 *
 * @throws `CredentialUnavailableError` naming the file, the store, what is wrong with it and what to do
 * @example
 * ```ts
 * await refuseUnreachableStore(cache.paths, protection); // before listing the accounts of an encrypted cache
 * ```
 */
export async function refuseUnreachableStore(
  paths: { nocae: string; cae: string },
  protection: () => Promise<unknown>,
): Promise<void> {
  const files = [paths.nocae, paths.cae];
  const states = await Promise.all(files.map(cacheFileState)).catch(() => []);
  const sealed = files.find((_, index) => states[index]?.encrypted && states[index]?.bytes);
  if (sealed === undefined) return;
  const problem = await protection().then(
    () => undefined,
    (error: unknown) => storeProblem(error),
  );
  if (problem === undefined) return;
  throw new CredentialUnavailableError(
    `Token cache persistence: the token cache ${sealed} exists, encrypted, but the OS secret store that holds its key, the ${problem.why}. Its accounts cannot be read here, and signing in again cannot help: ${problem.remedy}. ${troubleshooting(problem.anchor)}`,
  );
}
