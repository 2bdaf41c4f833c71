// The plugin for drop-in code, as `@azure/identity-cache-persistence` has it: registered once with
// `useIdentityPlugin`, it makes every credential given `tokenCachePersistenceOptions: { enabled: true }` use the
// persistent cache of that name.
import type { IdentityPlugin } from '@identity/core';
import { persistentTokenCache } from './cache-persistence-token-cache.js';

/**
 * Gives the credentials persistent token caching through their `tokenCachePersistenceOptions`, as
 * `@azure/identity-cache-persistence`'s plugin of the same name does.
 *
 * @example
 * ```ts
 * import { useIdentityPlugin } from '@identity/core';
 * import { cachePersistencePlugin } from '@identity/cache-persistence';
 * import { DeviceCodeCredential } from '@identity/device-code';
 *
 * useIdentityPlugin(cachePersistencePlugin);
 * const credential = new DeviceCodeCredential({ tokenCachePersistenceOptions: { enabled: true } });
 * ```
 */
export const cachePersistencePlugin: IdentityPlugin = (context) => {
  context.cachePluginControl.setPersistence(({ name, unsafeAllowUnencryptedStorage }) =>
    persistentTokenCache({ name, unsafeAllowUnencryptedStorage }),
  );
};
