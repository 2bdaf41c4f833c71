// The token cache every credential shares: one request in flight per key, callers served from the cache
// while a refresh runs ahead of expiry, and a failed refresh never taking away a token that still works.
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Logger } from './logger.js';
import type { AccessToken } from './token-credential.js';

/** A cached token: an access token with its refresh time always set. */
export interface CachedToken extends AccessToken {
  refreshAfterTimestamp: number;
}

/**
 * Where tokens are kept. The default keeps them in memory for the credential's lifetime; a persistent or
 * distributed store (a file, Redis, a KV namespace) implements the same three methods. Keys never contain a
 * secret or a token.
 *
 * @example
 * ```ts
 * const store: TokenCacheStore = {
 *   get: async (key) => JSON.parse((await redis.get(key)) ?? 'null') ?? undefined,
 *   set: async (key, token) => { await redis.set(key, JSON.stringify(token), { PXAT: token.expiresOnTimestamp }); },
 *   delete: async (key) => { await redis.del(key); },
 * };
 * ```
 */
export interface TokenCacheStore {
  get(key: string): CachedToken | undefined | Promise<CachedToken | undefined>;
  set(key: string, token: CachedToken): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** A token is used until this close to expiry; nearer than that, callers wait for a new one. */
export const EXPIRY_MARGIN_MS = 30_000;
/** After a failed background refresh, the next attempt waits this long (the old token is served meanwhile). */
export const REFRESH_RETRY_INTERVAL_MS = 30_000;

/**
 * When to refresh a token: at `refresh_in` when the service gave one; else at half its lifetime for tokens
 * that live longer than two hours; else five minutes before expiry (never before half its lifetime).
 *
 * @example
 * ```ts
 * refreshAfter(now, now + 3600_000); // now + 55 minutes
 * ```
 */
export function refreshAfter(issuedAt: number, expiresOn: number, refreshInMs?: number): number {
  if (refreshInMs && refreshInMs > 0) return Math.min(issuedAt + refreshInMs, expiresOn);
  const lifetime = expiresOn - issuedAt;
  // Longer than two hours: at half its lifetime.
  if (lifetime > 7_200_000) return issuedAt + lifetime / 2;
  // Else five minutes before expiry, but never before half its lifetime.
  return Math.max(expiresOn - 300_000, issuedAt + lifetime / 2);
}

/** Options of a {@link TokenCache}. */
export interface TokenCacheOptions {
  clock?: Clock;
  logger?: Logger;
}

/**
 * Tokens by key, with single-flight acquisition and proactive refresh. One instance may serve several
 * credentials (keys include the authority and client id), so a process can share one cache.
 *
 * @example
 * ```ts
 * const cache = new TokenCache();
 * const token = await cache.getToken('tenant|scope', () => requestNewToken());
 * ```
 */
export class TokenCache {
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inFlight = new Map<string, Promise<CachedToken>>();
  readonly #nextRefresh = new Map<string, number>();
  readonly #options: TokenCacheOptions;

  constructor(options: TokenCacheOptions = {}) {
    this.#options = options;
  }

  /**
   * Returns a usable token for the key: the cached one (starting a background refresh when it is due), or a
   * new one from `acquire`, shared by every concurrent caller of the same key. `forceRefresh` skips the cached
   * token (a claims challenge) but still shares the request.
   */
  async getToken(
    key: string,
    acquire: () => Promise<CachedToken>,
    forceRefresh?: boolean,
  ): Promise<CachedToken> {
    const clock = this.#options.clock ?? systemClock;
    const now = clock.now();
    const cached = this.#tokens.get(key);
    if (!forceRefresh && cached && now < cached.expiresOnTimestamp - EXPIRY_MARGIN_MS) {
      if (now >= cached.refreshAfterTimestamp && now >= (this.#nextRefresh.get(key) ?? 0)) {
        // Due for refresh: callers keep the valid token; a failure only delays the next attempt.
        this.#nextRefresh.set(key, now + REFRESH_RETRY_INTERVAL_MS);
        this.#shared(key, acquire).catch((error) =>
          this.#options.logger?.warning(`token refresh failed: ${(error as Error)?.message}`),
        );
      }
      return cached;
    }
    try {
      return await this.#shared(key, acquire);
    } catch (error) {
      // A token that has not expired yet is still better than an error.
      const stillValid = this.#tokens.get(key);
      if (forceRefresh || !stillValid || clock.now() >= stillValid.expiresOnTimestamp) throw error;
      this.#options.logger?.warning(`token request failed: ${(error as Error)?.message}`);
      return stillValid;
    }
  }

  #shared(key: string, acquire: () => Promise<CachedToken>): Promise<CachedToken> {
    let request = this.#inFlight.get(key);
    if (!request) {
      request = acquire()
        .then((token) => {
          this.#tokens.set(key, token);
          this.#nextRefresh.delete(key);
          return token;
        })
        // Success or failure, the next caller starts a new request.
        .finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, request);
    }
    return request;
  }
}

/**
 * A {@link TokenCache} backed by a persistent or distributed {@link TokenCacheStore} (a file, Redis, a KV
 * namespace), so tokens outlive the process and are shared between processes. Memory stays in front; a slow or
 * broken store never delays or fails authentication.
 *
 * @example
 * ```ts
 * const tokenCache = new StoredTokenCache(redisStore);
 * const credential = new ClientSecretCredential(tenantId, clientId, secret, { tokenCache });
 * ```
 */
export class StoredTokenCache extends TokenCache {
  readonly #store: TokenCacheStore;
  readonly #options: TokenCacheOptions;

  constructor(store: TokenCacheStore, options: TokenCacheOptions = {}) {
    super(options);
    this.#store = store;
    this.#options = options;
  }

  // The store sits behind the in-memory level: it is asked only when memory has no usable token.
  override getToken(
    key: string,
    acquire: () => Promise<CachedToken>,
    forceRefresh = false,
  ): Promise<CachedToken> {
    return super.getToken(key, () => this.#storedOrNew(key, acquire, forceRefresh), forceRefresh);
  }

  async #storedOrNew(
    key: string,
    acquire: () => Promise<CachedToken>,
    forceRefresh: boolean,
  ): Promise<CachedToken> {
    const now = (this.#options.clock ?? systemClock).now();
    const stored = forceRefresh ? undefined : await this.#attempt('read', () => this.#store.get(key));
    if (stored && now < stored.refreshAfterTimestamp) return stored;
    const token = await acquire();
    // Written in the background: a slow store never delays the caller.
    this.#attempt('write', () => this.#store.set(key, token));
    return token;
  }

  async #attempt<T>(what: string, call: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      this.#options.logger?.warning(`token store ${what} failed: ${(error as Error)?.message}`);
      return undefined;
    }
  }
}
