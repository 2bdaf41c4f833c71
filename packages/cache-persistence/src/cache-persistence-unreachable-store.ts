// An encrypted cache's key is in the OS secret store. Where that store cannot be reached (no D-Bus session, no
// keyring on it, no binding), reading the files fails, the account store logs it and lists nobody, and
// SharedTokenCacheCredential told the user to sign in again, which cannot help (a sign-in needs the same store). So
// listing says the files are there and their key's store is not; the files are looked at (first bytes), not opened.
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { cacheFileState } from './cache-persistence-file-state.js';
import { unreachableStore } from './cache-persistence-secret-store.js';

/**
 * Rejects when a file of the cache is encrypted and the secret store that holds its key cannot be reached; resolves
 * otherwise (no encrypted file, the store answers, or it fails some other way: the listing then goes on as before).
 *
 * @throws `CredentialUnavailableError` naming the file, the store and why it cannot be reached
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
  const why = await protection().then(
    () => undefined,
    (error: unknown) => unreachableStore(error),
  );
  if (why === undefined) return;
  throw new CredentialUnavailableError(
    `Token cache persistence: the token cache ${sealed} exists, encrypted, but the OS secret store that holds its key, the ${why}. Its accounts cannot be read here, and signing in again cannot help: use them where that store runs (the desktop session that wrote the cache), or start one. ${troubleshooting('cache-persistence-no-secret-store')}`,
  );
}
