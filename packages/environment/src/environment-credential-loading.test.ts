// When EnvironmentCredential loads the sub-credentials' packages: only once its variables configure one, and only
// when a token is asked for. Where nothing is configured (most hosts a default chain walks past), never.
import { CredentialUnavailableError } from '@identity/core';
import { jsonResponse, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => [] as string[]);
vi.mock('@identity/client-secret', async (original) => {
  loaded.push('@identity/client-secret');
  return original();
});
vi.mock('@identity/client-certificate', async (original) => {
  loaded.push('@identity/client-certificate');
  return original();
});
vi.mock('@identity/username-password', async (original) => {
  loaded.push('@identity/username-password');
  return original();
});

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SCOPE = 'https://vault.azure.net/.default';

// The credential's module imported afresh, as a process that has not loaded it yet would.
let EnvironmentCredential: typeof import('./environment-credential.js').EnvironmentCredential;
beforeEach(async () => {
  vi.resetModules();
  loaded.length = 0;
  ({ EnvironmentCredential } = await import('./environment-credential.js'));
});

describe('EnvironmentCredential loading its sub-credential', () => {
  it('loads none of them when nothing is configured', async () => {
    const credential = new EnvironmentCredential({ env: {} });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(loaded).toEqual([]);
  });

  it('loads them on the first getToken of a configured credential, not at construction', async () => {
    const transport = scriptedFetch(() => jsonResponse({ access_token: testSecret('at'), expires_in: 3600 }));
    const credential = new EnvironmentCredential({
      fetch: transport.fetch,
      env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: testSecret('secret') },
    });
    expect(loaded).toEqual([]);
    await credential.getToken(SCOPE);
    await credential.getToken('https://graph.microsoft.com/.default');
    expect(loaded.sort()).toEqual([
      '@identity/client-certificate',
      '@identity/client-secret',
      '@identity/username-password',
    ]);
    expect(transport.requests).toHaveLength(2);
  });

  it('still refuses a malformed client id or authority host at construction, loading nothing', () => {
    const env = { AZURE_TENANT_ID: TENANT, AZURE_USERNAME: 'ada@contoso.example', AZURE_PASSWORD: 'p' };
    expect(() => new EnvironmentCredential({ env: { ...env, AZURE_CLIENT_ID: 'not a client id' } })).toThrow(
      /UsernamePasswordCredential: clientId/,
    );
    expect(
      () =>
        new EnvironmentCredential({
          env: { ...env, AZURE_CLIENT_ID: CLIENT, AZURE_AUTHORITY_HOST: 'http://login.example.test' },
        }),
    ).toThrow(/authorityHost must be an https URL/);
    expect(loaded).toEqual([]);
  });
});
