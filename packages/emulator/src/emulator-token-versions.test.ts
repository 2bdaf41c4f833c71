import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, postToken } from '../test/emulator-test-support.js';
import { type Emulator, startEmulator } from './emulator-server.js';
import { accessTokenVersion, takesV1Tokens } from './emulator-token-versions.js';

describe('which resources are first-party resources with v1 tokens', () => {
  it.each([
    'https://storage.azure.com',
    'https://storage.azure.com/',
    'https://devstoreaccount1.blob.core.windows.net',
    'https://mydata.dfs.core.windows.net/',
    'https://jobs.queue.core.windows.net',
    'https://ledger.table.core.windows.net',
    'https://shares.file.core.windows.net',
    'e406a681-f3d4-42a8-90b6-c2b029497af1',
    'https://vault.azure.net',
    'https://management.azure.com',
    'https://management.core.windows.net/',
    'https://graph.microsoft.com',
    '00000003-0000-0000-c000-000000000000',
    'https://cognitiveservices.azure.com',
    'https://servicebus.azure.net',
    'https://orders-ns.servicebus.windows.net',
    'https://eventhubs.azure.net',
    'https://database.windows.net',
    'https://cosmos.azure.com',
    'https://my-cosmos.documents.azure.com',
    '499b84ac-1321-427f-aa17-267ca6975798',
    'HTTPS://Vault.Azure.Net',
  ])('%s takes v1 tokens', (resource) => {
    expect(takesV1Tokens(resource)).toBe(true);
    expect(accessTokenVersion(resource, { accessTokenAcceptedVersion: 2 })).toBe(1);
  });

  it.each([
    'api://orders',
    'https://contoso.example/api',
    // Look-alikes: another host under the suffix, a path, two labels where an account name is one.
    'https://storage.azure.com.contoso.example',
    'https://devstoreaccount1.blob.core.windows.net.contoso.example',
    'https://a.b.blob.core.windows.net',
    'https://.blob.core.windows.net',
    'https://storage.azure.com/containers',
    'http://storage.azure.com',
    'https://blob.core.windows.net',
  ])('%s is not a first-party resource', (resource) => {
    expect(takesV1Tokens(resource)).toBe(false);
    expect(accessTokenVersion(resource)).toBe(2);
  });

  it("follows a registered API's accessTokenAcceptedVersion", () => {
    expect(accessTokenVersion('api://orders', { accessTokenAcceptedVersion: 1 })).toBe(1);
    expect(accessTokenVersion('api://orders', {})).toBe(2);
  });
});

describe('tokens from the v2.0 endpoint take the version of their resource', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  async function claimsFor(scope: string) {
    const app = emulator.registerApp();
    const { status, json } = await postToken(emulator, app.tenantId, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret!,
      scope,
    });
    expect(status).toBe(200);
    return { app, claims: claimsOf(json.access_token) };
  }

  it('issues a v1 token for one storage account, with the audience as requested', async () => {
    const { app, claims } = await claimsFor('https://devstoreaccount1.blob.core.windows.net/.default');
    expect(claims).toMatchObject({
      aud: 'https://devstoreaccount1.blob.core.windows.net',
      iss: `https://sts.windows.net/${app.tenantId}/`,
      ver: '1.0',
      appid: app.clientId,
      tid: app.tenantId,
    });
    expect(claims).not.toHaveProperty('azp');
  });

  it('issues a v1 token for Azure OpenAI (Cognitive Services)', async () => {
    const { app, claims } = await claimsFor('https://cognitiveservices.azure.com/.default');
    expect(claims).toMatchObject({ iss: `https://sts.windows.net/${app.tenantId}/`, ver: '1.0' });
  });

  it('issues v1 tokens for a registered API that accepts v1, by App ID URI or client id', async () => {
    const api = emulator.registerApp({ accessTokenAcceptedVersion: 1 });
    for (const resource of [`api://${api.clientId}`, api.clientId]) {
      const { claims } = await claimsFor(`${resource}/.default`);
      expect(claims).toMatchObject({
        aud: resource,
        ver: '1.0',
        iss: `https://sts.windows.net/${api.tenantId}/`,
      });
    }
  });

  it('issues v2 tokens, with the emulator as issuer, for a registered API by default', async () => {
    const api = emulator.registerApp();
    const { app, claims } = await claimsFor(`api://${api.clientId}/.default`);
    expect(claims).toMatchObject({
      ver: '2.0',
      iss: `${emulator.url}/${app.tenantId}/v2.0`,
      azp: app.clientId,
    });
  });

  it('refuses a version other than 1 or 2', () => {
    expect(() => emulator.registerApp({ accessTokenAcceptedVersion: 3 as 2 })).toThrow(
      'accessTokenAcceptedVersion must be 1 or 2.',
    );
  });

  it('gives managed identities the same rule', async () => {
    const identity = emulator.managedIdentity.assign({ systemAssigned: true });
    const endpoint = emulator.managedIdentity.environment('IMDS').AZURE_POD_IDENTITY_AUTHORITY_HOST;
    const response = await fetch(
      `${endpoint}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${encodeURIComponent('https://devstoreaccount1.blob.core.windows.net')}`,
      { headers: { metadata: 'true' } },
    );
    const json = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(claimsOf(json.access_token)).toMatchObject({
      aud: 'https://devstoreaccount1.blob.core.windows.net',
      iss: `https://sts.windows.net/${identity.tenantId}/`,
      ver: '1.0',
      appid: identity.clientId,
    });
  });
});
