import { jsonResponse, scriptedFetch } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { mergeClaims } from './claims.js';
import { EntraClient } from './entra-client.js';
import { TokenCache } from './token-cache.js';
import { parseTokenCacheKey, tokenCacheKey } from './token-cache-key.js';

// A memory cache that records the keys it is asked for.
class RecordingCache extends TokenCache {
  readonly keys: string[] = [];
  override getToken(
    key: string,
    ...rest: Parameters<TokenCache['getToken']> extends [string, ...infer R] ? R : never
  ) {
    this.keys.push(key);
    return super.getToken(key, ...rest);
  }
}

describe('the token cache key', () => {
  it('holds the authority, client, subject, tenant (lower-cased), sorted scopes and claims, and reads back', () => {
    const key = tokenCacheKey(
      'https://login.microsoftonline.com',
      'app',
      'uid.utid',
      'Contoso',
      ['b', 'a'],
      undefined,
    );
    expect(key).toBe('https://login.microsoftonline.com|app|uid.utid|contoso|a b|');
    expect(parseTokenCacheKey(key)).toEqual({
      authorityHost: 'https://login.microsoftonline.com',
      clientId: 'app',
      subject: 'uid.utid',
      tenantId: 'contoso',
      scopes: ['a', 'b'],
      claims: '',
    });
  });

  it('does not read back a key whose parts cannot be told apart (a scope with "|")', () => {
    expect(
      parseTokenCacheKey(tokenCacheKey('https://h', 'app', '', 't', ['a|b'], undefined)),
    ).toBeUndefined();
  });

  it("is the layout of EntraClient's keys, which a persistent store reads back", async () => {
    const tokenCache = new RecordingCache();
    const { fetch } = scriptedFetch(() => jsonResponse({ access_token: 'token', expires_in: 3600 }));
    const client = new EntraClient({
      credentialName: 'TestCredential',
      tenantId: 'Contoso',
      clientId: 'app',
      options: { fetch, authorityHost: 'https://login.example.test', tokenCache },
    });
    const grant = () => ({ grant_type: 'client_credentials', client_secret: 'x' });
    await client.getToken(['https://vault.azure.net/.default'], { enableCae: true }, grant, 'obo:abc');
    expect(tokenCache.keys).toEqual([
      tokenCacheKey(
        'https://login.example.test',
        'app',
        'obo:abc',
        'Contoso',
        ['https://vault.azure.net/.default'],
        mergeClaims(undefined, true),
      ),
    ]);
  });
});
