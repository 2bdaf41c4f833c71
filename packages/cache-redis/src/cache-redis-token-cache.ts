// RedisTokenCache: the fleet cache on Redis, on the app's own node-redis client or one it makes from a URL.
import { InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { createClient, type RedisClientOptions } from '@redis/client';
import { FleetTokenCache, type FleetTokenCacheOptions } from './cache-redis-fleet-token-cache.js';
import { type RedisConnection, RedisStore, type RedisTokenCacheClient } from './cache-redis-redis-store.js';

/**
 * Options of a {@link RedisTokenCache}: where Redis is (`client`, or `url` and `clientOptions`), and every
 * {@link FleetTokenCacheOptions} option (`keys`, `prefix`, `leaseMs`, `operationTimeoutMs`, `maxEntries`).
 *
 * @example
 * ```ts
 * const options: RedisTokenCacheOptions = {
 *   url: 'rediss://tokens.redis.cache.windows.net:6380',
 *   clientOptions: { username: 'token-cache', password: process.env.REDIS_PASSWORD },
 *   keys: [process.env.TOKEN_CACHE_KEY!],
 * };
 * ```
 */
export interface RedisTokenCacheOptions extends FleetTokenCacheOptions {
  /**
   * The app's own node-redis client (5 or later; `createClient`, `createCluster` or `createSentinel`), connected
   * or connecting. The cache never closes it; it opens one more connection with `duplicate()` for notifications.
   */
  client?: RedisTokenCacheClient;
  /** Without `client`: `redis://` or `rediss://` (TLS) `[[username][:password]@]host[:port][/db]`. */
  url?: string;
  /**
   * Without `client`: node-redis client options (`socket.tls`, `socket.ca`, `username`, `password`, ...). The cache
   * makes the client, connects it (and again when it next needs Redis after the connection was lost; its own
   * `reconnectStrategy` is off), and closes it in {@link FleetTokenCache.close}.
   */
  clientOptions?: RedisClientOptions;
}

function redisClient(options: RedisTokenCacheOptions): RedisConnection {
  if (options.client) return { client: options.client };
  const { url, clientOptions } = options;
  if (url === undefined && clientOptions === undefined) {
    throw new InvalidArgumentError(
      `RedisTokenCache: pass \`client\` (your node-redis client) or \`url\` (redis:// or rediss://). ${troubleshooting('token-cache-redis')}`,
    );
  }
  if (url !== undefined && !/^rediss?:\/\/[^\s]+$/.test(url)) {
    // Never the URL itself: it may carry a password.
    throw new InvalidArgumentError(
      `RedisTokenCache: url must start with redis:// or rediss:// (TLS). ${troubleshooting('token-cache-redis')}`,
    );
  }
  let client: ReturnType<typeof createClient>;
  try {
    client = createClient({
      ...clientOptions,
      ...(url === undefined ? {} : { url }),
      // While disconnected, a command fails at once instead of queuing: the cache goes on without Redis.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2_000,
        ...clientOptions?.socket,
        // The cache reconnects when it next needs Redis (RedisStore), never node-redis on a timer: its retry timer
        // would keep the process alive for as long as Redis is away, and it retries a refused password for ever.
        reconnectStrategy: false,
      } as RedisClientOptions['socket'],
    });
  } catch (error) {
    if (url === undefined) throw error;
    // node-redis parses the URL here: its TypeError carries the whole URL (password included) as `input`, so it is
    // neither thrown nor kept as a cause.
    throw new InvalidArgumentError(
      `RedisTokenCache: url is not a valid redis:// or rediss:// address ([[username][:password]@]host[:port][/db]). ${troubleshooting('token-cache-redis')}`,
    );
  }
  // Outages are reported by the cache, once each, from the failed calls; the client's own errors would otherwise
  // end the process.
  client.on('error', () => {});
  client.unref();
  return { client: client as unknown as RedisTokenCacheClient, connect: () => client.connect() };
}

/**
 * A token cache a fleet shares on Redis: memory in front, Redis behind, one token request per identity for the
 * whole fleet (a short `SET NX PX` lease, waiters woken by pub/sub), tokens sealed with AES-256-GCM under hashed
 * keys that expire with the token. Redis down, slow or flapping never fails `getToken` nor delays it beyond
 * `operationTimeoutMs`. Pass it as the `tokenCache` option of any credential, or of `DefaultAzureCredential`.
 *
 * @example
 * ```ts
 * import { RedisTokenCache } from '@identity/cache-redis';
 * import { ClientSecretCredential } from '@identity/client-secret';
 *
 * const tokenCache = new RedisTokenCache({ url: process.env.REDIS_URL, keys: [process.env.TOKEN_CACHE_KEY!] });
 * const credential = new ClientSecretCredential(tenantId, clientId, secret, { tokenCache });
 * ```
 */
export class RedisTokenCache extends FleetTokenCache {
  /**
   * @throws `InvalidArgumentError` without `client` or `url`, for a URL that is not `redis://`/`rediss://`, without
   * encryption keys (unless `unencrypted: true`), for a malformed key or an option out of range
   */
  constructor(options: RedisTokenCacheOptions) {
    super('Redis', options, (prefix) => new RedisStore(redisClient(options), `${prefix}:notify`));
  }
}
