// The cache a fleet shares: core's StoredTokenCache (memory in front, a store behind) on a shared store, with the
// request for a missing or due token made by one instance for the whole fleet.
import type { CachedToken, TokenCacheOptions, TokenCacheRequestOptions } from '@identity/core';
import { InvalidArgumentError, StoredTokenCache } from '@identity/core';
import { asyncDispose, createLogger, systemClock, troubleshooting } from '@identity/core/internal';
import { FleetStore } from './cache-redis-fleet-store.js';
import { DEFAULT_OPERATION_TIMEOUT_MS, OutageGuard } from './cache-redis-outage-guard.js';
import { type TokenEncryptionOptions, TokenSealer } from './cache-redis-sealing.js';
import type { SharedStore } from './cache-redis-shared-store.js';

/**
 * How long a lease lasts by default: the longest one instance may take to get a token before another tries.
 *
 * @example
 * ```ts
 * new RedisTokenCache({ url, keys, leaseMs: 2 * DEFAULT_LEASE_MS }); // a token endpoint that is often slow
 * ```
 */
export const DEFAULT_LEASE_MS = 5_000;

/**
 * Options every fleet cache takes (`RedisTokenCache`, `KeyValueTokenCache`).
 *
 * @example
 * ```ts
 * const options: FleetTokenCacheOptions = { keys: [process.env.TOKEN_CACHE_KEY!], prefix: 'orders-api' };
 * ```
 */
export interface FleetTokenCacheOptions extends TokenCacheOptions, TokenEncryptionOptions {
  /**
   * The prefix of every name in the store (letters, digits, `.`, `_`, `-`, `:`; at most 64). Instances share tokens
   * only under one prefix. Default `identity`. Give each app its own: a system-assigned managed identity's cache
   * key names no identity, so two apps with different system-assigned identities must not share a prefix.
   */
  prefix?: string;
  /**
   * How long the instance that requests a token holds the lease (ms, 100 to 60,000; default 5,000). Others wait at
   * most this long (plus one poll interval) before they request it themselves; a holder that died is replaced
   * when its lease expires.
   */
  leaseMs?: number;
  /**
   * How long one call to the store may take (ms, default 250; the first call at least 1,000, as it also opens the
   * connection). A call that fails or takes longer puts the cache in its outage mode:
   * memory and direct requests, one warning, and a new try of the store a second later.
   */
  operationTimeoutMs?: number;
}

const ANCHOR = 'token-cache-redis';

function checkedNumber(name: string, value: number | undefined, fallback: number, min: number, max: number) {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    throw new InvalidArgumentError(
      `Token cache: ${name} must be a number from ${min} to ${max} (ms). ${troubleshooting(ANCHOR)}`,
    );
  }
  return value;
}

/**
 * A {@link StoredTokenCache} whose store a fleet shares: memory in front (a hot token costs no round trip), the
 * shared store behind, and one token request per key for the whole fleet, proactive refreshes included. Tokens are
 * sealed with AES-256-GCM under hashed names. A store that is down, slow or flapping never fails or delays
 * `getToken` beyond `operationTimeoutMs`: the cache goes on with memory and direct requests, warns once per outage,
 * and recovers by itself. `RedisTokenCache` and `KeyValueTokenCache` are this class on their stores; build one on
 * another store by implementing {@link SharedStore}.
 *
 * @example
 * ```ts
 * const tokenCache = new FleetTokenCache('MyStore', { keys: [process.env.TOKEN_CACHE_KEY!] }, () => myStore);
 * const credential = new ClientSecretCredential(tenantId, clientId, secret, { tokenCache });
 * ```
 */
export class FleetTokenCache extends StoredTokenCache {
  readonly #fleet: FleetStore;

  /**
   * @param what the store's name in log lines (`Redis`, `KV`)
   * @param open makes the store, once the options are checked, from the prefix of its names
   * @throws `InvalidArgumentError` without encryption keys (unless `unencrypted: true`), for a malformed key or an
   * option out of range
   */
  constructor(what: string, options: FleetTokenCacheOptions, open: (prefix: string) => SharedStore) {
    const prefix = options.prefix ?? 'identity';
    if (!/^[\w.:-]{1,64}$/.test(prefix)) {
      throw new InvalidArgumentError(
        `Token cache: prefix must be 1 to 64 letters, digits, ".", "_", "-" or ":". ${troubleshooting(ANCHOR)}`,
      );
    }
    const leaseMs = checkedNumber('leaseMs', options.leaseMs, DEFAULT_LEASE_MS, 100, 60_000);
    const timeoutMs = checkedNumber(
      'operationTimeoutMs',
      options.operationTimeoutMs,
      DEFAULT_OPERATION_TIMEOUT_MS,
      1,
      10_000,
    );
    const sealer = new TokenSealer(options);
    const store = open(prefix);
    const guard = new OutageGuard({ what, timeoutMs, logger: createLogger(`${what}TokenCache`) });
    const fleet = new FleetStore({ store, sealer, guard, prefix, leaseMs });
    super(fleet, options);
    this.#fleet = fleet;
  }

  // A forced refresh (a claims challenge) is the caller's own: it goes straight to the token endpoint.
  override getToken(
    key: string,
    acquire: (signal: AbortSignal) => Promise<CachedToken>,
    options: TokenCacheRequestOptions = {},
  ): Promise<CachedToken> {
    if (options.forceRefresh) return super.getToken(key, acquire, options);
    const clock = options.clock ?? systemClock;
    return super.getToken(key, (signal) => this.#fleet.acquire(key, acquire, clock, signal), options);
  }

  /**
   * Closes the connections the cache opened itself (never a client the app passed in); the end of an `await using`
   * block calls it too. The cache still works afterwards, from memory and direct requests.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => tokenCache.close());
   * ```
   */
  close(): Promise<void> {
    return this.#fleet.close();
  }

  /** {@link FleetTokenCache.close}, for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }
}
