// The seam where the cache gets its at-rest protection when the app did not allow unencrypted storage: the OS
// secret store's (libsecret / Keychain / Credential Manager). Until that protection is built in, there is none:
// the cache refuses to write tokens in clear and says how to proceed.
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import type { CacheProtection } from './cache-persistence-protection.js';

/**
 * The protection of the cache named `cacheName` when `unsafeAllowUnencryptedStorage` is not set: the OS secret
 * store's.
 *
 * @throws `CredentialUnavailableError` when no OS secret store is available
 * @example
 * ```ts
 * const protection = options.unsafeAllowUnencryptedStorage ? unencryptedProtection : await defaultProtection(name);
 * ```
 */
export async function defaultProtection(cacheName: string): Promise<CacheProtection> {
  throw new CredentialUnavailableError(
    `The persistent token cache "${cacheName}" is encrypted with the OS secret store, and no OS secret store is available here. Set tokenCachePersistenceOptions.unsafeAllowUnencryptedStorage (the file is then written in clear, mode 0600), or turn persistence off. ${troubleshooting('cache-persistence-no-secret-store')}`,
  );
}
