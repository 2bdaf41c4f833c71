// KeyValueTokenCache: the fleet cache on an edge key-value store (a Cloudflare Workers KV namespace binding, or any
// store with get/put/delete and expiry). Such stores are eventually consistent, so the lease is best effort: it is
// written and read back, and two instances far apart may both take it (each then requests a token).
import { InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { FleetTokenCache, type FleetTokenCacheOptions } from './cache-redis-fleet-token-cache.js';
import type { SharedStore } from './cache-redis-shared-store.js';

/**
 * A key-value store as a Cloudflare Workers KV namespace binding is one: `get` returns the text or `null`, `put`
 * takes an `expiration` in seconds since the epoch (at least 60 s ahead), `delete` removes. Wrap any other store
 * with expiring entries (Deno KV, a Vercel or Upstash KV) in these three methods.
 *
 * @example
 * ```ts
 * const kv: KeyValueNamespace = env.TOKENS; // a Workers KV namespace binding
 * ```
 */
export interface KeyValueNamespace {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expiration?: number; expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Options of a {@link KeyValueTokenCache}: the store (`kv`), and every {@link FleetTokenCacheOptions} option.
 *
 * @example
 * ```ts
 * const options: KeyValueTokenCacheOptions = { kv: env.TOKENS, keys: [env.TOKEN_CACHE_KEY] };
 * ```
 */
export interface KeyValueTokenCacheOptions extends FleetTokenCacheOptions {
  /** The store: a Workers KV namespace binding, or any {@link KeyValueNamespace}. */
  kv: KeyValueNamespace;
}

// Workers KV keeps nothing for less than a minute.
const MIN_TTL_SECONDS = 60;

// A lease is `holder until`: its own expiry, since the store's own is a minute at least.
function holds(value: string | null, holder?: string): boolean {
  if (!value) return false;
  const [owner, until] = value.split(' ');
  return Number(until) > Date.now() && (holder === undefined || owner === holder);
}

/**
 * {@link SharedStore} on a {@link KeyValueNamespace}: no notifications, so waiters look again every 200 ms.
 *
 * @example
 * ```ts
 * const store = new KeyValueStore(env.TOKENS);
 * ```
 */
export class KeyValueStore implements SharedStore {
  readonly pollIntervalMs = 200;
  readonly #kv: KeyValueNamespace;

  constructor(kv: KeyValueNamespace) {
    this.#kv = kv;
  }

  read(name: string): Promise<string | null> {
    return this.#kv.get(name);
  }

  async write(name: string, value: string, expiresOn: number): Promise<void> {
    const expiration = Math.floor(expiresOn / 1000);
    if (expiration - Date.now() / 1000 < MIN_TTL_SECONDS) return;
    await this.#kv.put(name, value, { expiration });
  }

  async lease(name: string, holder: string, ms: number): Promise<boolean> {
    if (holds(await this.#kv.get(name))) return false;
    await this.#kv.put(name, `${holder} ${Date.now() + ms}`, {
      expirationTtl: Math.max(MIN_TTL_SECONDS, Math.ceil(ms / 1000)),
    });
    // Of two instances that wrote at once, the one whose write is read back holds it (where reads agree).
    return holds(await this.#kv.get(name), holder);
  }

  async release(name: string, holder: string): Promise<void> {
    if (holds(await this.#kv.get(name), holder)) await this.#kv.delete(name);
  }
}

/**
 * A token cache shared through an edge key-value store, such as a Cloudflare Workers KV namespace: memory in front
 * (per isolate), the store behind, tokens sealed with AES-256-GCM under hashed keys that expire with the token. The
 * single flight is best effort: KV is eventually consistent (a write can take up to a minute to be seen in other
 * locations), so isolates in different places may each request a token once; a waiter never waits more than
 * `leaseMs`. Keep the cache in module scope, so an isolate's requests share its memory.
 *
 * @example
 * ```ts
 * import { KeyValueTokenCache } from '@identity/cache-redis';
 * import { ClientSecretCredential } from '@identity/client-secret';
 *
 * let credential: ClientSecretCredential | undefined;
 * export default {
 *   async fetch(request: Request, env: Env) {
 *     credential ??= new ClientSecretCredential(env.TENANT_ID, env.CLIENT_ID, env.CLIENT_SECRET, {
 *       tokenCache: new KeyValueTokenCache({ kv: env.TOKENS, keys: [env.TOKEN_CACHE_KEY] }),
 *     });
 *     const { token } = await credential.getToken('https://vault.azure.net/.default');
 *     return fetch(vaultUrl, { headers: { authorization: `Bearer ${token}` } });
 *   },
 * };
 * ```
 */
export class KeyValueTokenCache extends FleetTokenCache {
  /**
   * @throws `InvalidArgumentError` without `kv`, without encryption keys (unless `unencrypted: true`), for a
   * malformed key or an option out of range
   */
  constructor(options: KeyValueTokenCacheOptions) {
    super('KV', options, () => new KeyValueStore(checkedStore(options.kv)));
  }
}

function checkedStore(kv: KeyValueNamespace): KeyValueNamespace {
  if (typeof kv?.get !== 'function' || typeof kv.put !== 'function' || typeof kv.delete !== 'function') {
    throw new InvalidArgumentError(
      `KeyValueTokenCache: kv must be a KV namespace binding (or any store with get, put and delete). ${troubleshooting('token-cache-redis')}`,
    );
  }
  return kv;
}
