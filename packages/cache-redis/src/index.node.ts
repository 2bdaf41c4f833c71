// The Node.js entry (the `node` export condition, which Deno and Bun resolve too): the portable entry's API, and
// the cache on Redis, whose client needs TCP sockets.

export type {
  RedisSetOptions,
  RedisTokenCacheClient,
  RedisTokenCacheSubscriber,
} from './cache-redis-redis-store.js';
export type { RedisTokenCacheOptions } from './cache-redis-token-cache.js';
export { RedisTokenCache } from './cache-redis-token-cache.js';
export * from './index.js';
