// The token cache every credential shares: one request in flight per key, stopped once nobody waits for it;
// callers served from the cache while a refresh runs ahead of expiry; a failed refresh never taking away a
// token that still works; expired entries dropped, and an optional bound on the number of entries.
import { withCallerLimits } from './caller-limits.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { AbortError, InvalidArgumentError, troubleshooting } from './errors.js';
import type { Logger } from './logger.js';
import type { UserAccountStore } from './public-client-accounts.js';
import type { AccessToken, GetTokenOptions } from './token-credential.js';

/**
 * A cached token: an access token with its refresh time always set.
 *
 * @example
 * ```ts
 * const tokens = new Map<string, CachedToken>();
 * const store: TokenCacheStore = { get: (key) => tokens.get(key), set: (key, token) => void tokens.set(key, token) };
 * ```
 */
export interface CachedToken extends AccessToken {
  refreshAfterTimestamp: number;
}

/**
 * Where a {@link StoredTokenCache} keeps tokens beyond memory: a file, Redis, a KV namespace. Keys never contain a
 * secret or a token. The cache only reads and writes: a store drops each entry at its token's `expiresOnTimestamp`
 * itself (Redis `PXAT`, a KV namespace's `expiration`, a file's next write), so no cache ever needs to delete.
 * Either method may return a promise; a failing store is logged and bypassed, never an authentication error.
 *
 * @example
 * ```ts
 * const store: TokenCacheStore = {
 *   get: async (key) => JSON.parse((await redis.get(key)) ?? 'null') ?? undefined,
 *   set: async (key, token) => { await redis.set(key, JSON.stringify(token), { PXAT: token.expiresOnTimestamp }); },
 * };
 * ```
 */
export interface TokenCacheStore {
  /** The token stored under the key, if any; `clock` is the credential's, on which its times are (core passes it). */
  get(key: string, clock?: Clock): CachedToken | undefined | Promise<CachedToken | undefined>;
  /** Stores a new token under the key, replacing the one there; its times are on `clock`, the credential's. */
  set(key: string, token: CachedToken, clock?: Clock): void | Promise<void>;
}

/**
 * A token is used until this close to expiry; nearer than that, callers wait for a new one.
 *
 * @example
 * ```ts
 * const usableUntil = token.expiresOnTimestamp - EXPIRY_MARGIN_MS; // 30 s before it expires
 * ```
 */
export const EXPIRY_MARGIN_MS = 30_000;
/**
 * After a failed background refresh, the next attempt waits this long (the old token is served meanwhile).
 *
 * @example
 * ```ts
 * const nextAttempt = Math.min(now + REFRESH_RETRY_INTERVAL_MS, token.expiresOnTimestamp - EXPIRY_MARGIN_MS);
 * ```
 */
export const REFRESH_RETRY_INTERVAL_MS = 30_000;
/**
 * Expired entries are looked for when a token is stored, at most this often.
 *
 * @example
 * ```ts
 * const nextSweep = now + EXPIRED_SWEEP_INTERVAL_MS; // expired entries stay until then
 * ```
 */
export const EXPIRED_SWEEP_INTERVAL_MS = 60_000;

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

/**
 * Options of a {@link TokenCache}.
 *
 * @example
 * ```ts
 * const options: TokenCacheOptions = { maxEntries: 10_000 };
 * ```
 */
export interface TokenCacheOptions {
  /**
   * The most tokens kept in memory; beyond it, the least recently used go. Default: no bound (expired tokens go
   * anyway). Set it when the number of keys has no bound of its own: a multi-tenant app with any number of tenants.
   */
  maxEntries?: number;
}

/**
 * One {@link TokenCache.getToken} call: the caller's limits (as in `getToken`'s options) and the calling
 * credential's clock and logger. A cache has no clock of its own, so credentials that share one each keep
 * their own time.
 *
 * @example
 * ```ts
 * cache.getToken(key, acquire, { abortSignal, forceRefresh: Boolean(claims), clock, logger });
 * ```
 */
export interface TokenCacheRequestOptions extends Pick<GetTokenOptions, 'abortSignal' | 'requestOptions'> {
  /** Skip the cached token (a claims challenge); concurrent forced calls still share one request. */
  forceRefresh?: boolean;
  /** The caller's time. Default: the system clock. */
  clock?: Clock;
  /** Where a failed request or refresh is logged. */
  logger?: Logger;
}

// A cached token and the promise every cache hit returns, so a hit allocates nothing.
interface Entry {
  token: CachedToken;
  ready: Promise<CachedToken>;
  // Until then the token is served with no further check: its refresh time (pushed back while a refresh runs or
  // after one failed), never later than the expiry margin.
  until: number;
}

// The request in flight for a key, and how many callers wait for it: one leaves by aborting or timing out (a
// background refresh and a caller without a signal or timeout never leave). The last one to leave lets go of it.
// A caller who needs a token never waits for a background refresh (`background`): on a runtime that stops a
// request's I/O when its response is sent (Cloudflare Workers), one started by an earlier request never settles.
interface Flight {
  promise: Promise<CachedToken>;
  controller: AbortController;
  waiting: number;
  background?: boolean;
}

/**
 * Tokens by key, with single-flight acquisition and proactive refresh. One instance may serve several
 * credentials (keys include the authority and client id, and each call brings its credential's clock), so a
 * process can share one cache. Expired tokens are dropped; `maxEntries` bounds the rest.
 *
 * @example
 * ```ts
 * const cache = new TokenCache({ maxEntries: 10_000 });
 * const token = await cache.getToken('tenant|scope', (signal) => requestNewToken(signal));
 * ```
 */
export class TokenCache {
  /**
   * Where the user credentials that use this cache keep accounts and refresh tokens. Unset (the default), each
   * keeps its own in memory; a persistent cache sets it, so a user signed in once is signed in on the next run.
   */
  declare readonly accounts?: UserAccountStore;
  readonly #entries = new Map<string, Entry>();
  readonly #flights = new Map<string, Flight>();
  readonly #max: number | undefined;
  #sweepAt = 0;

  /** @throws `InvalidArgumentError` for a `maxEntries` below 1 */
  constructor(options?: TokenCacheOptions) {
    const max = options?.maxEntries;
    if (max !== undefined && !(max >= 1)) {
      throw new InvalidArgumentError(
        `TokenCache: maxEntries must be 1 or more. ${troubleshooting('token-cache')}`,
      );
    }
    this.#max = max;
  }

  /** How many tokens are in memory. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The cached token for the key, as a settled promise (the same one every time), when it can be served at `now`
   * with no work: not due for refresh, not near expiry. Otherwise `undefined`: call {@link getToken}. This is the
   * fast path of a repeated `getToken`.
   *
   * @example
   * ```ts
   * return cache.fresh(key, clock.now()) ?? cache.getToken(key, acquire, { clock });
   * ```
   */
  fresh(key: string, now: number): Promise<CachedToken> | undefined {
    const entry = this.#entries.get(key);
    if (!entry || now >= entry.until) return undefined;
    // With a bound, the map's order is the order of use: a used entry moves to the end.
    if (this.#max) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry.ready;
  }

  /**
   * Returns a usable token for the key: the cached one (starting a background refresh when it is due), or a
   * new one from `acquire`, shared by every concurrent caller of the same key. `acquire` gets a signal that fires
   * once every caller waiting for it has aborted (never for a background refresh): it should then stop. A caller
   * that has already aborted is rejected at once, and nothing is started for it.
   */
  getToken(
    key: string,
    acquire: (signal: AbortSignal) => Promise<CachedToken>,
    options: TokenCacheRequestOptions = {},
  ): Promise<CachedToken> {
    const { clock = systemClock, logger, forceRefresh } = options;
    if (options.abortSignal?.aborted) return Promise.reject(new AbortError());
    const now = clock.now();
    const entry = this.#entries.get(key);
    const failed = (error: Error) => logger?.warning(`token request failed: ${error?.message}`);
    // The request in flight for the key, or a new one; either way with one more caller waiting for it. A caller who
    // needs a token starts its own rather than wait for a background refresh (see Flight).
    const flight = (background?: boolean) => {
      let current = this.#flights.get(key);
      if (!current || (current.background && !background)) {
        const controller = new AbortController();
        current = {
          controller,
          waiting: 0,
          background,
          promise: acquire(controller.signal)
            .then((token) => this.#store(key, token, clock.now()))
            // Success or failure, the next caller starts a new request (one let go of is out of the map already,
            // maybe replaced by a newer one, which stays).
            .finally(() => this.#flights.get(key) === current && this.#flights.delete(key)),
        };
        this.#flights.set(key, current);
      }
      current.waiting++;
      return current;
    };
    const usableUntil = entry ? entry.token.expiresOnTimestamp - EXPIRY_MARGIN_MS : now;
    if (!forceRefresh && now < usableUntil) {
      if (now >= (entry as Entry).until) {
        // Due for refresh: callers keep the valid token; a failure only delays the next attempt.
        (entry as Entry).until = Math.min(now + REFRESH_RETRY_INTERVAL_MS, usableUntil);
        flight(true).promise.catch(failed);
      }
      return this.fresh(key, now) as Promise<CachedToken>;
    }
    const shared = flight();
    const work = shared.promise.catch((error) => {
      // A token that has not expired yet is still better than an error.
      const stillValid = this.#entries.get(key)?.token;
      if (forceRefresh || !stillValid || clock.now() >= stillValid.expiresOnTimestamp) throw error;
      failed(error);
      return stillValid;
    });
    return withCallerLimits(work, options, (timedOut) => {
      if (--shared.waiting) return;
      // Nobody waits for this request any more: the next caller starts a new one (a request that never ends, such as
      // a hung getAssertion, must not hold the key for ever). Aborted, it stops; timed out, it runs on, and its token
      // still lands in the cache.
      if (this.#flights.get(key) === shared) this.#flights.delete(key);
      timedOut || shared.controller.abort();
    });
  }

  #store(key: string, token: CachedToken, now: number): CachedToken {
    const entries = this.#entries;
    entries.delete(key);
    entries.set(key, {
      token,
      ready: Promise.resolve(token),
      until: Math.min(token.refreshAfterTimestamp, token.expiresOnTimestamp - EXPIRY_MARGIN_MS),
    });
    // Expired entries go (looked for at most once a minute), and beyond the bound the least recently used.
    const sweep = now >= this.#sweepAt;
    if (sweep) this.#sweepAt = now + EXPIRED_SWEEP_INTERVAL_MS;
    for (const [oldKey, old] of entries) {
      if (entries.size > (this.#max ?? entries.size) || (sweep && now >= old.token.expiresOnTimestamp)) {
        entries.delete(oldKey);
      } else if (!sweep) break;
    }
    return token;
  }
}

/**
 * A {@link TokenCache} backed by a persistent or distributed {@link TokenCacheStore} (a file, Redis, a KV
 * namespace), so tokens outlive the process and are shared between processes. Memory stays in front; the store is
 * read inside the shared request, so concurrent callers ask it once, and an abort stops the wait for it. A slow or
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

  /**
   * A cache with `store` behind the in-memory level: tokens found in memory never wait for the store, and a store
   * that fails or is slow never fails a `getToken`.
   */
  constructor(store: TokenCacheStore, options?: TokenCacheOptions) {
    super(options);
    this.#store = store;
  }

  // The store sits behind the in-memory level: it is asked only when memory has no usable token.
  override getToken(
    key: string,
    acquire: (signal: AbortSignal) => Promise<CachedToken>,
    options: TokenCacheRequestOptions = {},
  ): Promise<CachedToken> {
    return super.getToken(key, (signal) => this.#storedOrNew(key, acquire, options, signal), options);
  }

  async #storedOrNew(
    key: string,
    acquire: (signal: AbortSignal) => Promise<CachedToken>,
    { forceRefresh, clock = systemClock, logger }: TokenCacheRequestOptions,
    signal: AbortSignal,
  ): Promise<CachedToken> {
    const stored = forceRefresh
      ? undefined
      : await attemptStore('token store read', () => this.#store.get(key, clock), logger);
    if (stored && clock.now() < stored.refreshAfterTimestamp) return stored;
    // Every caller may have left while the store answered: then nothing is sent.
    if (signal.aborted) throw new AbortError();
    const token = await acquire(signal);
    // Written in the background: a slow store never delays the caller.
    attemptStore('token store write', () => this.#store.set(key, token, clock), logger);
    return token;
  }
}

// A call to the store: a failing store is logged and bypassed, never an authentication error.
async function attemptStore<T>(
  what: string,
  call: () => T | Promise<T>,
  logger: Logger | undefined,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    logger?.warning(`${what} failed: ${(error as Error)?.message}`);
    return undefined;
  }
}
