import type { TokenCredentialOptions } from '@identity/core';
import { InvalidArgumentError, TokenCache } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { checkRequiredEnvVars, resolveSettings } from './default-azure-credential-settings.js';

describe('the options every member takes', () => {
  it('are every option of TokenCredentialOptions, passed on as given (env resolved)', () => {
    // `Required`: an option added to TokenCredentialOptions fails the typecheck here until it is listed, and this
    // test until the chain passes it on.
    const env = { AZURE_CLIENT_ID: 'app' };
    const every: Required<TokenCredentialOptions> = {
      authorityHost: 'https://login.microsoftonline.us',
      additionallyAllowedTenants: ['*'],
      disableInstanceDiscovery: true,
      env,
      fetch: async () => new Response(),
      clock: { now: () => 0, sleep: async () => {} },
      retryOptions: { maxRetries: 1 },
      requestTimeoutInMs: 1234,
      tokenCache: new TokenCache(),
      proxyOptions: { host: 'http://proxy.internal', port: 3128 },
      userAgentOptions: { userAgentPrefix: 'contoso/1' },
    };
    const { credentialOptions } = resolveSettings({ ...every, tenantId: 'contoso.com' }, env, false);
    expect(credentialOptions).toEqual(every);
  });
});

describe('the options of SharedTokenCacheCredential', () => {
  it('are sharedCacheUsername and sharedCacheTenantId (default AZURE_TENANT_ID) to SharedTokenCacheCredential', () => {
    expect(resolveSettings({}, {}, false).sharedCache).toEqual({ username: undefined, tenantId: undefined });
    expect(resolveSettings({}, { AZURE_TENANT_ID: 'contoso.com' }, false).sharedCache).toEqual({
      username: undefined,
      tenantId: 'contoso.com',
    });
    expect(
      resolveSettings(
        { sharedCacheUsername: 'ada@contoso.com', sharedCacheTenantId: 'fabrikam.com' },
        { AZURE_TENANT_ID: 'contoso.com' },
        false,
      ).sharedCache,
    ).toEqual({ username: 'ada@contoso.com', tenantId: 'fabrikam.com' });
  });
});

describe('requiredEnvVars', () => {
  it('passes when every named variable is set', () => {
    expect(() =>
      checkRequiredEnvVars(['AZURE_TOKEN_CREDENTIALS', 'AZURE_CLIENT_ID'], {
        AZURE_TOKEN_CREDENTIALS: 'prod',
        AZURE_CLIENT_ID: 'app',
      }),
    ).not.toThrow();
  });

  it('takes one name as well as a list', () => {
    expect(() => checkRequiredEnvVars('AZURE_TENANT_ID', {})).toThrow(
      /requiredEnvVars names variables that are not set or empty: AZURE_TENANT_ID\./,
    );
  });

  it('names every missing or blank variable, and nothing else', () => {
    const attempt = () =>
      checkRequiredEnvVars(['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_TOKEN_CREDENTIALS'], {
        AZURE_CLIENT_ID: ' ',
        AZURE_TOKEN_CREDENTIALS: 'dev',
      });
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(/not set or empty: AZURE_CLIENT_ID, AZURE_TENANT_ID\./);
  });

  it('is a no-op when none are required', () => {
    expect(() => checkRequiredEnvVars(undefined, {})).not.toThrow();
  });
});
