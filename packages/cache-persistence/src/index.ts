export type { CacheProtection } from './cache-persistence-protection.js';
export {
  KEYRING_SERVICE,
  type KeyringProtectionOptions,
  keyringProtection,
} from './cache-persistence-protection-keyring.js';
