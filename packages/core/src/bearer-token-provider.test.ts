import { describe, expect, it } from 'vitest';
import { getBearerTokenProvider } from './bearer-token-provider.js';
import { AbortError, CredentialUnavailableError } from './errors.js';
import type { TokenCredential } from './token-credential.js';

describe('getBearerTokenProvider', () => {
  it('returns the token string for the scopes', async () => {
    const scopesSeen: unknown[] = [];
    const credential: TokenCredential = {
      getToken: async (scopes) => {
        scopesSeen.push(scopes);
        return { token: 'abc', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const getToken = getBearerTokenProvider(credential, 'https://cognitiveservices.azure.com/.default');
    expect(await getToken()).toBe('abc');
    expect(scopesSeen).toEqual(['https://cognitiveservices.azure.com/.default']);
  });

  it('caches and shares requests even over a credential that does not cache', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      getToken: async () => ({ token: `t${++calls}`, expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const getToken = getBearerTokenProvider(credential, 's');
    const tokens = await Promise.all([getToken(), getToken(), getToken()]);
    expect(await getToken()).toBe('t1');
    expect(tokens).toEqual(['t1', 't1', 't1']);
    expect(calls).toBe(1);
  });

  it('asks again once the token is close to expiry', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      getToken: async () => ({ token: `t${++calls}`, expiresOnTimestamp: Date.now() + 10_000 }),
    };
    const getToken = getBearerTokenProvider(credential, 's');
    await getToken();
    expect(await getToken()).toBe('t2');
  });

  it('fails clearly when the credential returns no token', async () => {
    const getToken = getBearerTokenProvider({ getToken: async () => null }, ['a', 'b']);
    await expect(getToken()).rejects.toBeInstanceOf(CredentialUnavailableError);
  });

  it('asks the credential for nothing once its abort signal has fired', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      getToken: async () => ({ token: `t${++calls}`, expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const getToken = getBearerTokenProvider(credential, 's', { abortSignal: AbortSignal.abort() });
    await expect(getToken()).rejects.toBeInstanceOf(AbortError);
    expect(calls).toBe(0);
  });
});
