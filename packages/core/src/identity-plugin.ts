// Plugins, as `@azure/identity` has them: a package that adds a capability registers it once with
// `useIdentityPlugin`, and every credential that is asked for it finds it here. Only the persistent token cache is
// a plugin today. A credential meets this module only through `defaultTokenCache`, a few bytes: the persistence code
// stays in its own package, in the bundle only of an app that registers it.
import type { CredentialPersistenceOptions, TokenCachePersistenceOptions } from './credential-options.js';
import { InvalidArgumentError, troubleshooting } from './errors.js';
import { TokenCache } from './token-cache.js';

/**
 * What a plugin gets to register its capability with: `cachePluginControl.setPersistence` takes the function that
 * makes a credential's persistent token cache from its `tokenCachePersistenceOptions`.
 *
 * @example
 * ```ts
 * const plugin: IdentityPlugin = (context) => context.cachePluginControl.setPersistence(persistentTokenCache);
 * ```
 */
export interface IdentityPluginContext {
  /** Where a persistence plugin registers itself. */
  cachePluginControl: {
    /** Registers the function that makes a credential's persistent cache from its `tokenCachePersistenceOptions`. */
    setPersistence(factory: (options: TokenCachePersistenceOptions) => TokenCache): void;
  };
}

/**
 * A plugin for {@link useIdentityPlugin}, such as `cachePersistencePlugin` of `@identity/cache-persistence`.
 *
 * @example
 * ```ts
 * import { cachePersistencePlugin } from '@identity/cache-persistence';
 * const plugin: IdentityPlugin = cachePersistencePlugin;
 * ```
 */
export type IdentityPlugin = (context: IdentityPluginContext) => void;

let persistence: ((options: TokenCachePersistenceOptions) => TokenCache) | undefined;

/**
 * Registers a plugin with every credential of the process, as `@azure/identity`'s function of the same name
 * does: call it once, before making credentials.
 *
 * @example
 * ```ts
 * import { useIdentityPlugin } from '@identity/core';
 * import { cachePersistencePlugin } from '@identity/cache-persistence';
 *
 * useIdentityPlugin(cachePersistencePlugin);
 * const credential = new DeviceCodeCredential({ tokenCachePersistenceOptions: { enabled: true } });
 * ```
 */
export function useIdentityPlugin(plugin: IdentityPlugin): void {
  plugin({
    cachePluginControl: {
      setPersistence: (factory) => {
        persistence = factory;
      },
    },
  });
}

/**
 * Whether a persistence plugin is registered (`useIdentityPlugin(cachePersistencePlugin)`): a credential that can
 * only work with a persistent cache (SharedTokenCacheCredential) says what to add when none is, instead of failing
 * as {@link defaultTokenCache} does for a cache that was asked for.
 *
 * @example
 * ```ts
 * if (!persistencePluginRegistered()) throw new CredentialUnavailableError('register cachePersistencePlugin');
 * ```
 */
export function persistencePluginRegistered(): boolean {
  return persistence !== undefined;
}

/**
 * The token cache of a credential given no `tokenCache`: the registered plugin's persistent cache when its
 * `tokenCachePersistenceOptions` ask for one, else a new one in memory.
 *
 * @throws `InvalidArgumentError` when they ask for a persistent cache and no plugin is registered
 * @example
 * ```ts
 * this.#cache = options.tokenCache ?? defaultTokenCache(options);
 * ```
 */
export function defaultTokenCache(options: CredentialPersistenceOptions): TokenCache {
  const asked = options.tokenCachePersistenceOptions;
  if (!asked?.enabled) return new TokenCache();
  if (!persistence) {
    throw new InvalidArgumentError(
      `tokenCachePersistenceOptions needs useIdentityPlugin(cachePersistencePlugin). ${troubleshooting('cache-persistence')}`,
    );
  }
  return persistence(asked);
}
