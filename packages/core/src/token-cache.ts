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

const FIVE_MINUTES = 5 * 60_000;
const TWO_HOURS = 2 * 60 * 60_000;

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
  if (refreshInMs !== undefined && refreshInMs > 0) return Math.min(issuedAt + refreshInMs, expiresOn);
  const lifetime = expiresOn - issuedAt;
  if (lifetime > TWO_HOURS) return issuedAt + lifetime / 2;
  return Math.max(expiresOn - FIVE_MINUTES, issuedAt + lifetime / 2);
}

/** Options of a {@link TokenCache}. */
export interface TokenCacheOptions {
  clock?: Clock;
  /** A second-level store; the in-memory level always sits in front of it. */
  store?: TokenCacheStore;
  logger?: Logger;
}

/**
 * Tokens by key, with single-flight acquisition and proactive refresh.
 *
 * @example
 * ```ts
 * const cache = new TokenCache();
 * const token = await cache.getToken('tenant|scope', () => requestNewToken());
 * ```
 */
export class TokenCache {
  readonly #memory = new Map<string, CachedToken>();
  readonly #inFlight = new Map<string, Promise<CachedToken>>();
  readonly #nextRefreshAttempt = new Map<string, number>();
  readonly #clock: Clock;
  readonly #store: TokenCacheStore | undefined;
  readonly #logger: Logger | undefined;

  constructor(options: TokenCacheOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#store = options.store;
    this.#logger = options.logger;
  }

  /**
   * Returns a usable token for the key: the cached one (starting a background refresh when it is due), or a
   * new one from `acquire`, shared by every concurrent caller of the same key. `forceRefresh` skips the cached
   * token (a claims challenge) but still shares the request.
   */
  getToken(key: string, acquire: () => Promise<CachedToken>, forceRefresh = false): Promise<CachedToken> {
    const now = this.#clock.now();
    const cached = this.#memory.get(key);
    if (!forceRefresh && cached && now < cached.expiresOnTimestamp - EXPIRY_MARGIN_MS) {
      if (now >= cached.refreshAfterTimestamp && now >= (this.#nextRefreshAttempt.get(key) ?? 0)) {
        this.#refreshInBackground(key, acquire);
      }
      return Promise.resolve(cached);
    }
    return this.#acquire(key, acquire, forceRefresh);
  }

  /** Forgets every token (for example after a sign-out). */
  async clear(): Promise<void> {
    const keys = [...this.#memory.keys()];
    this.#memory.clear();
    await Promise.all(keys.map((key) => this.#storeCall('delete', () => this.#store?.delete(key))));
  }

  // A broken store (Redis down, a full disk) must not break authentication: log it and carry on in memory.
  async #storeCall<T>(what: string, call: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      this.#logger?.warning(`token cache store ${what} failed: ${(error as Error)?.message ?? error}`);
      return undefined;
    }
  }

  #refreshInBackground(key: string, acquire: () => Promise<CachedToken>): void {
    this.#nextRefreshAttempt.set(key, this.#clock.now() + REFRESH_RETRY_INTERVAL_MS);
    this.#shared(key, acquire).catch((error: unknown) => {
      this.#logger?.warning(
        `background token refresh failed; serving the cached token until it expires and retrying in ${REFRESH_RETRY_INTERVAL_MS / 1000} s: ${(error as Error)?.message ?? error}`,
      );
    });
  }

  async #acquire(key: string, acquire: () => Promise<CachedToken>, forceRefresh: boolean): Promise<CachedToken> {
    if (!forceRefresh && this.#store && !this.#inFlight.has(key)) {
      const stored = await this.#storeCall('read', () => this.#store?.get(key));
      if (stored && this.#clock.now() < stored.expiresOnTimestamp - EXPIRY_MARGIN_MS) {
        this.#memory.set(key, stored);
        return this.getToken(key, acquire);
      }
    }
    try {
      return await this.#shared(key, acquire);
    } catch (error) {
      // A token that has not expired yet is still better than an error.
      const stillValid = this.#memory.get(key);
      if (!forceRefresh && stillValid && this.#clock.now() < stillValid.expiresOnTimestamp) {
        this.#logger?.warning(`token request failed; serving the cached token, which expires soon`);
        return stillValid;
      }
      throw error;
    }
  }

  #shared(key: string, acquire: () => Promise<CachedToken>): Promise<CachedToken> {
    const existing = this.#inFlight.get(key);
    if (existing) return existing;
    const request = (async () => {
      try {
        const token = await acquire();
        this.#memory.set(key, token);
        this.#nextRefreshAttempt.delete(key);
        await this.#storeCall('write', () => this.#store?.set(key, token));
        return token;
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, request);
    return request;
  }
}
