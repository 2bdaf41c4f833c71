import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToken } from '../test/emulator-test-support.js';
import { type Emulator, startEmulator } from './emulator-server.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

async function getJson(path: string) {
  const response = await fetch(`${emulator.url}${path}`);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('OpenID Connect discovery', () => {
  it('describes the tenant with every endpoint on the emulator', async () => {
    const { status, json } = await getJson(`/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
    const authority = `${emulator.url}/${emulator.tenantId}`;
    expect(status).toBe(200);
    expect(json).toMatchObject({
      issuer: `${authority}/v2.0`,
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: expect.arrayContaining([
        'client_secret_post',
        'private_key_jwt',
      ]),
    });
  });

  it('serves the multi-tenant aliases with a {tenantid} issuer template', async () => {
    const { status, json } = await getJson('/organizations/v2.0/.well-known/openid-configuration');
    expect(status).toBe(200);
    expect(json.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`);
    expect(json.token_endpoint).toBe(`${emulator.url}/organizations/oauth2/v2.0/token`);
  });

  it('answers AADSTS90002 for an unknown tenant', async () => {
    const { status, json } = await getJson('/contoso.example/v2.0/.well-known/openid-configuration');
    expect(status).toBe(400);
    expect(json.error_codes).toEqual([90002]);
  });
});

describe('the v1 discovery document', () => {
  it('names the sts.windows.net issuer of v1 tokens and keys that verify them', async () => {
    const { status, json } = await getJson(`/${emulator.tenantId}/.well-known/openid-configuration`);
    const authority = `${emulator.url}/${emulator.tenantId}`;
    expect(status).toBe(200);
    expect(json).toMatchObject({
      issuer: `https://sts.windows.net/${emulator.tenantId}/`,
      jwks_uri: `${authority}/discovery/keys`,
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      scopes_supported: ['openid'],
      microsoft_multi_refresh_token: true,
    });
    const keys = await fetch(String(json.jwks_uri));
    expect(keys.status).toBe(200);
    expect(await keys.json()).toEqual(emulator.jwks);

    // A v1 token (Storage) names exactly that issuer and a key of that set.
    const app = emulator.registerApp();
    const token = await postToken(emulator, app.tenantId, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret!,
      scope: 'https://storage.azure.com/.default',
    });
    const [header, payload] = String(token.json.access_token)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(payload.iss).toBe(json.issuer);
    expect(emulator.jwks.keys.map((key) => key.kid)).toContain(header.kid);
  });

  it('serves the aliases with a {tenantid} issuer template and refuses unknown tenants', async () => {
    const common = await getJson('/common/.well-known/openid-configuration');
    expect(common.json.issuer).toBe('https://sts.windows.net/{tenantid}/');
    expect((await getJson('/common/discovery/keys')).json).toEqual(emulator.jwks);
    const unknown = await getJson('/contoso.example/.well-known/openid-configuration');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error_codes).toEqual([90002]);
  });
});

describe('signing keys', () => {
  it('publishes the key that verifies issued tokens', async () => {
    const { json } = await getJson(`/${emulator.tenantId}/discovery/v2.0/keys`);
    expect(json).toEqual(emulator.jwks);
    const [key] = emulator.jwks.keys;
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: expect.any(String) });
    expect(key).not.toHaveProperty('d');

    const app = emulator.registerApp();
    const token = await postToken(emulator, app.tenantId, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret!,
      scope: 'api://x/.default',
    });
    const header = JSON.parse(
      Buffer.from(String(token.json.access_token).split('.')[0]!, 'base64url').toString(),
    );
    expect(header.kid).toBe(key!.kid);
  });
});

describe('instance discovery', () => {
  it('names the emulator host as the only alias and points at the tenant discovery document', async () => {
    const authorize = `${emulator.url}/${emulator.tenantId}/oauth2/v2.0/authorize`;
    const { status, json } = await getJson(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`,
    );
    const host = new URL(emulator.url).host;
    expect(status).toBe(200);
    expect(json).toEqual({
      tenant_discovery_endpoint: `${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  it('answers invalid_instance for a host that is not the emulator', async () => {
    const { status, json } = await getJson(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://elsewhere.example/t/oauth2/v2.0/authorize')}`,
    );
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: 'invalid_instance', error_codes: [50049] });
  });
});

describe('unknown routes', () => {
  it('answer 404, and 405 for a known path with the wrong method', async () => {
    expect((await fetch(`${emulator.url}/nothing/here`)).status).toBe(404);
    expect((await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`)).status).toBe(405);
  });
});
