// The portable entry (edge, browsers): the fleet cache on a key-value store, and what any shared store builds on.
// Redis needs TCP sockets: RedisTokenCache is in the Node.js entry (the `node` export condition).
export type { CachedToken, TokenCacheOptions, TokenCacheStore } from '@identity/core';
export type { FleetTokenCacheOptions } from './cache-redis-fleet-token-cache.js';
export { DEFAULT_LEASE_MS, FleetTokenCache } from './cache-redis-fleet-token-cache.js';
export type {
  KeyValueNamespace,
  KeyValueTokenCacheOptions,
} from './cache-redis-key-value-token-cache.js';
export {
  KeyValueStore,
  KeyValueTokenCache,
} from './cache-redis-key-value-token-cache.js';
export {
  DEFAULT_OPERATION_TIMEOUT_MS,
  FIRST_CALL_TIMEOUT_MS,
  OUTAGE_RETRY_INTERVAL_MS,
} from './cache-redis-outage-guard.js';
export type { TokenEncryptionKey, TokenEncryptionOptions } from './cache-redis-sealing.js';
export type { SharedStore } from './cache-redis-shared-store.js';
