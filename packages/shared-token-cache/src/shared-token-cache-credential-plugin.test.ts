// SharedTokenCacheCredential with a persistence plugin registered (process-wide, so in a file of its own): the
// credential asks the plugin for MSAL's shared cache, by the name and storage its options give, once.
import type { TokenCachePersistenceOptions } from '@identity/core';
import { CredentialUnavailableError, useIdentityPlugin } from '@identity/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ListingTokenCache } from '../test/shared-token-cache-listing-cache.js';
import { SharedTokenCacheCredential } from './shared-token-cache-credential.js';

const SCOPE = 'https://vault.azure.net/.default';
const asked: TokenCachePersistenceOptions[] = [];
const pluginCache = new ListingTokenCache();
beforeAll(() => {
  useIdentityPlugin(({ cachePluginControl }) =>
    cachePluginControl.setPersistence((options) => {
      asked.push(options);
      return pluginCache;
    }),
  );
});

// The cache is empty: every call ends in "nobody signed in", after the cache was asked for.
const attempt = (credential: SharedTokenCacheCredential) =>
  credential.getToken(SCOPE).catch((e: unknown) => e);

describe('with a persistence plugin registered', () => {
  it('asks it for MSAL\'s shared cache, "msal.cache", once per credential', async () => {
    asked.length = 0;
    const credential = new SharedTokenCacheCredential({ env: {} });
    const error = await attempt(credential);
    await attempt(credential);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/no signed-in account in the shared token cache/);
    expect(asked).toEqual([{ enabled: true, name: 'msal.cache', unsafeAllowUnencryptedStorage: undefined }]);
  });

  it('passes the name and unencrypted storage of tokenCachePersistenceOptions (enabled is implied)', async () => {
    asked.length = 0;
    await attempt(
      new SharedTokenCacheCredential({
        env: {},
        tokenCachePersistenceOptions: {
          enabled: false,
          name: 'my-tools.cache',
          unsafeAllowUnencryptedStorage: true,
        },
      }),
    );
    expect(asked).toEqual([{ enabled: true, name: 'my-tools.cache', unsafeAllowUnencryptedStorage: true }]);
  });

  it("close() flushes the plugin's cache it took, and nothing after", async () => {
    const credential = new SharedTokenCacheCredential({ env: {} });
    await attempt(credential);
    const before = pluginCache.closed;
    await credential.close();
    await credential.close();
    expect(pluginCache.closed).toBe(before + 1);
    const error = await attempt(credential);
    expect((error as Error).message).toMatch(/closed/);
  });

  it('uses the tokenCache option instead when one is given, and leaves closing it to the app', async () => {
    asked.length = 0;
    const own = new ListingTokenCache();
    const credential = new SharedTokenCacheCredential({ env: {}, tokenCache: own });
    await attempt(credential);
    const before = pluginCache.closed;
    await credential.close();
    expect(asked).toEqual([]);
    expect(own.closed).toBe(0);
    expect(pluginCache.closed).toBe(before);
  });
});
