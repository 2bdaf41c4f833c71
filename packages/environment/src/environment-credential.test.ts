import {
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
  setLogLevel,
  setLogSink,
} from '@identity/core';
import { jsonResponse, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentCredential } from './environment-credential.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = 'fabrikam.example';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SCOPE = 'https://vault.azure.net/.default';
const token = () => jsonResponse({ access_token: testSecret('at'), expires_in: 3600 });
const form = (body: string | undefined) => Object.fromEntries(new URLSearchParams(body));

afterEach(() => {
  setLogSink(undefined);
  setLogLevel(undefined);
});

describe('EnvironmentCredential', () => {
  it('uses a client secret, with AZURE_AUTHORITY_HOST and AZURE_ADDITIONALLY_ALLOWED_TENANTS', async () => {
    const secret = testSecret('client-secret');
    const transport = scriptedFetch(() => token());
    const credential = new EnvironmentCredential({
      fetch: transport.fetch,
      env: {
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT,
        AZURE_CLIENT_SECRET: secret,
        AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
        AZURE_ADDITIONALLY_ALLOWED_TENANTS: `other.example; ${OTHER_TENANT}`,
      },
    });
    expect(credential.selectedCredential).toBe('ClientSecretCredential');
    await credential.getToken(SCOPE, { tenantId: OTHER_TENANT });
    expect(transport.requests[0]?.url).toBe(
      `https://login.microsoftonline.us/${OTHER_TENANT}/oauth2/v2.0/token`,
    );
    expect(form(transport.requests[0]?.body)).toMatchObject({
      grant_type: 'client_credentials',
      client_secret: secret,
    });
  });

  it('prefers its options to the variables', async () => {
    const transport = scriptedFetch(() => token());
    const credential = new EnvironmentCredential({
      fetch: transport.fetch,
      authorityHost: 'https://login.chinacloudapi.cn',
      env: {
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT,
        AZURE_CLIENT_SECRET: 's',
        AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      },
    });
    await credential.getToken(SCOPE);
    expect(transport.requests[0]?.url).toMatch(/^https:\/\/login\.chinacloudapi\.cn\//);
  });

  it('uses a username and password when neither secret nor certificate is set', async () => {
    const password = testSecret('password');
    const transport = scriptedFetch(() => token());
    const credential = new EnvironmentCredential({
      fetch: transport.fetch,
      env: {
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT,
        AZURE_USERNAME: 'ada@contoso.example',
        AZURE_PASSWORD: password,
      },
    });
    expect(credential.selectedCredential).toBe('UsernamePasswordCredential');
    await credential.getToken('https://graph.microsoft.com/User.Read');
    expect(form(transport.requests[0]?.body)).toMatchObject({ grant_type: 'password', password });
  });

  it('is unavailable when nothing is configured, naming what to set and sending nothing', async () => {
    const transport = scriptedFetch(() => token());
    const credential = new EnvironmentCredential({
      fetch: transport.fetch,
      env: { AZURE_CLIENT_ID: CLIENT },
    });
    expect(credential.selectedCredential).toBeUndefined();
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^EnvironmentCredential is unavailable: the configuration is incomplete/);
    expect(error.message).toContain('also set AZURE_TENANT_ID');
    expect(error.message).toContain('#environment-credential');
    expect(transport.requests).toHaveLength(0);
  });

  it('stops a chain when the configured credential is unavailable for a request (a tenant not allowed)', async () => {
    const credential = new EnvironmentCredential({
      fetch: scriptedFetch(() => token()).fetch,
      env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's' },
    });
    const error = await credential.getToken(SCOPE, { tenantId: OTHER_TENANT }).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(CredentialUnavailableError.isInstance(error.cause)).toBe(true);
    expect(error.message).toMatch(
      /^EnvironmentCredential failed: environment_credential_failed - the ClientSecretCredential/,
    );
    // One pointer: the inner error's, which says what to fix.
    expect(error.message.match(/Troubleshooting:/g)).toHaveLength(1);
    expect(error.message).toMatch(
      /to use it\. Troubleshooting: @identity\/core\/TROUBLESHOOTING\.md#multi-tenant$/,
    );
  });

  it('rejects a malformed tenant id at construction', () => {
    expect(
      () =>
        new EnvironmentCredential({
          env: { AZURE_TENANT_ID: 'not a tenant/..', AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's' },
        }),
    ).toThrow(InvalidArgumentError);
  });

  it('logs which credential it chose and the ids, never a secret', async () => {
    const lines: string[] = [];
    setLogLevel('verbose');
    setLogSink((_level, namespace, message) => lines.push(`${namespace} ${message}`));
    const secret = testSecret('client-secret');
    const credential = new EnvironmentCredential({
      fetch: scriptedFetch(() => token()).fetch,
      env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: secret },
    });
    await credential.getToken(SCOPE);
    expect(lines).toContain(
      `EnvironmentCredential using ClientSecretCredential (tenant ${TENANT}, client ${CLIENT})`,
    );
    expect(lines.join('\n')).not.toContain(secret);
  });
});
