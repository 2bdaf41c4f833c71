// @identity/cache-persistence: the persistent token cache, in MSAL's token cache files. Node.js only (it reads and
// writes files); no credential carries it unless the app imports it.
export { CachePersistenceError } from './cache-persistence-errors.js';
export type { CacheFileState } from './cache-persistence-file-state.js';
export { cacheDirectory, DEFAULT_CACHE_NAME } from './cache-persistence-location.js';
export { cachePersistencePlugin } from './cache-persistence-plugin.js';
export type { CacheProtection } from './cache-persistence-protection.js';
export { unencryptedProtection } from './cache-persistence-protection.js';
export {
  KEYRING_SERVICE,
  type KeyringProtectionOptions,
  keyringProtection,
} from './cache-persistence-protection-keyring.js';
export type { PersistentTokenCacheOptions } from './cache-persistence-token-cache.js';
export { PersistentTokenCache, persistentTokenCache } from './cache-persistence-token-cache.js';
