import { jsonResponse, scriptedFetch } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { EntraClient } from './entra-client.js';
import { InvalidArgumentError } from './errors.js';
import { defaultTokenCache, persistencePluginRegistered, useIdentityPlugin } from './identity-plugin.js';
import { TokenCache } from './token-cache.js';

const enabled = { tokenCachePersistenceOptions: { enabled: true, name: 'my-app' } };

// The order matters: the registry is the process's, and no plugin is registered until the last test.
describe('useIdentityPlugin and tokenCachePersistenceOptions', () => {
  it('gives a credential a memory cache when persistence is not asked for', () => {
    expect(defaultTokenCache({})).toBeInstanceOf(TokenCache);
    expect(defaultTokenCache({ tokenCachePersistenceOptions: { enabled: false } })).toBeInstanceOf(
      TokenCache,
    );
  });

  it('refuses persistence when no plugin is registered, saying which to register', () => {
    const make = () =>
      new EntraClient({ credentialName: 'TestCredential', tenantId: 't', clientId: 'c', options: enabled });
    expect(make).toThrow(InvalidArgumentError);
    expect(make).toThrow(/useIdentityPlugin\(cachePersistencePlugin\).*#cache-persistence/);
    expect(persistencePluginRegistered()).toBe(false);
  });

  it("gives a credential the plugin's cache for its options, unless it was given a tokenCache", async () => {
    const persistent = new TokenCache();
    const asked: unknown[] = [];
    useIdentityPlugin(({ cachePluginControl }) =>
      cachePluginControl.setPersistence((options) => {
        asked.push(options);
        return persistent;
      }),
    );
    expect(persistencePluginRegistered()).toBe(true);
    expect(defaultTokenCache(enabled)).toBe(persistent);
    expect(asked).toEqual([enabled.tokenCachePersistenceOptions]);

    const { fetch } = scriptedFetch(() => jsonResponse({ access_token: 'token', expires_in: 3600 }));
    const options = { fetch, authorityHost: 'https://login.example.test', ...enabled };
    const client = new EntraClient({
      credentialName: 'TestCredential',
      tenantId: 't',
      clientId: 'c',
      options,
    });
    await client.getToken('https://vault.azure.net/.default', {}, () => ({
      grant_type: 'client_credentials',
    }));
    expect(persistent.size).toBe(1);
  });
});
