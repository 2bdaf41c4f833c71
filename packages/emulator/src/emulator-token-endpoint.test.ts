import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, postToken } from '../test/emulator-test-support.js';
import { type Emulator, startEmulator } from './emulator-server.js';
import type { RegisteredApp } from './emulator-types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emulator: Emulator;
let app: RegisteredApp;

function secretForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_id: app.clientId,
    client_secret: app.clientSecret!,
    scope: 'https://vault.azure.net/.default',
    ...overrides,
  };
}

function expectEntraError(
  answer: { status: number; json: Record<string, unknown> },
  status: number,
  error: string,
  code: number,
) {
  expect(answer.status).toBe(status);
  expect(answer.json.error).toBe(error);
  expect(answer.json.error_codes).toEqual([code]);
  expect(answer.json.error_description).toMatch(
    new RegExp(
      `^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
    ),
  );
  expect(answer.json.trace_id).toMatch(GUID);
  expect(answer.json.correlation_id).toMatch(GUID);
  expect(answer.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(answer.json.error_uri).toBe(`${emulator.url}/error?code=${code}`);
}

beforeAll(async () => {
  emulator = await startEmulator();
  app = emulator.registerApp({ roles: ['Secrets.Read'] });
});
afterAll(() => emulator.stop());

describe('client_credentials with a client secret', () => {
  it('issues a Bearer token with expires_in and ext_expires_in of 3599 seconds', async () => {
    const { status, json, headers } = await postToken(emulator, app.tenantId, secretForm());
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(json).toEqual({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: expect.any(String),
    });
    await expect(emulator.verifyAccessToken(String(json.access_token))).resolves.toMatchObject({
      tid: app.tenantId,
    });
  });

  it('accepts the client id and secret through HTTP Basic authentication', async () => {
    const basic = Buffer.from(
      `${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret!)}`,
    ).toString('base64');
    const { status } = await postToken(
      emulator,
      app.tenantId,
      { grant_type: 'client_credentials', scope: 'api://orders/.default' },
      { authorization: `Basic ${basic}` },
    );
    expect(status).toBe(200);
  });

  it('treats tenant and client ids case-insensitively, like Entra', async () => {
    const { status } = await postToken(
      emulator,
      app.tenantId.toUpperCase(),
      secretForm({ client_id: app.clientId.toUpperCase() }),
    );
    expect(status).toBe(200);
  });
});

describe('access token claims', () => {
  it('uses the v1 format for resources that take v1 tokens (storage, Key Vault, Resource Manager)', async () => {
    for (const resource of [
      'https://storage.azure.com',
      'https://vault.azure.net',
      'https://management.azure.com',
    ]) {
      const { json } = await postToken(emulator, app.tenantId, secretForm({ scope: `${resource}/.default` }));
      const claims = claimsOf(json.access_token);
      expect(claims).toMatchObject({
        aud: resource,
        iss: `https://sts.windows.net/${app.tenantId}/`,
        ver: '1.0',
        appid: app.clientId,
        appidacr: '1',
        tid: app.tenantId,
        oid: app.objectId,
        sub: app.objectId,
        idtyp: 'app',
        roles: ['Secrets.Read'],
      });
      expect(claims).not.toHaveProperty('azp');
    }
  });

  it('uses the v2 format, with the emulator as issuer, for other resources', async () => {
    const { json } = await postToken(emulator, app.tenantId, secretForm({ scope: 'api://orders/.default' }));
    const claims = claimsOf(json.access_token);
    expect(claims).toMatchObject({
      aud: 'api://orders',
      iss: `${emulator.url}/${app.tenantId}/v2.0`,
      ver: '2.0',
      azp: app.clientId,
      azpacr: '1',
      oid: app.objectId,
      idtyp: 'app',
    });
    expect(claims).not.toHaveProperty('appid');
    expect(claims.exp).toBe(Number(claims.iat) + 3599);
    expect(claims.nbf).toBe(claims.iat);
    expect(typeof claims.uti).toBe('string');
  });

  it('signs with RS256 and names the emulator key in the header', async () => {
    const { json } = await postToken(emulator, app.tenantId, secretForm());
    const header = JSON.parse(Buffer.from(String(json.access_token).split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', kid: emulator.jwks.keys[0]!.kid });
  });

  it('omits roles when the app has none', async () => {
    const bare = emulator.registerApp();
    const { json } = await postToken(emulator, bare.tenantId, {
      grant_type: 'client_credentials',
      client_id: bare.clientId,
      client_secret: bare.clientSecret!,
      scope: 'api://orders/.default',
    });
    expect(claimsOf(json.access_token)).not.toHaveProperty('roles');
  });
});

describe('per-app token response options', () => {
  it('honours tokenLifetimeSeconds, refreshInSeconds and expiresInAsString', async () => {
    const shaped = emulator.registerApp({
      tokenLifetimeSeconds: 120,
      refreshInSeconds: 60,
      expiresInAsString: true,
    });
    const { json } = await postToken(emulator, shaped.tenantId, {
      grant_type: 'client_credentials',
      client_id: shaped.clientId,
      client_secret: shaped.clientSecret!,
      scope: 'api://orders/.default',
    });
    expect(json).toMatchObject({ expires_in: '120', ext_expires_in: '120', refresh_in: '60' });
  });
});

describe('CAE (claims with xms_cc cp1)', () => {
  const cae = JSON.stringify({ access_token: { xms_cc: { values: ['cp1'] } } });

  it('adds xms_cc and gives the token a lifetime of about a day', async () => {
    const { json } = await postToken(emulator, app.tenantId, secretForm({ claims: cae }));
    expect(json.expires_in).toBe(86399);
    expect(claimsOf(json.access_token).xms_cc).toEqual(['cp1']);
  });

  it('leaves other claims requests as ordinary tokens', async () => {
    const { json } = await postToken(
      emulator,
      app.tenantId,
      secretForm({ claims: '{"access_token":{"nbf":{"essential":true,"value":"1"}}}' }),
    );
    expect(json.expires_in).toBe(3599);
    expect(claimsOf(json.access_token)).not.toHaveProperty('xms_cc');
  });

  it('rejects a claims value that is not JSON', async () => {
    const answer = await postToken(emulator, app.tenantId, secretForm({ claims: '{nope' }));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_request');
  });
});

describe('Entra-shaped errors', () => {
  it('unknown tenant: 400 invalid_request AADSTS90002', async () => {
    const answer = await postToken(emulator, '00000000-0000-0000-0000-000000000001', secretForm());
    expectEntraError(answer, 400, 'invalid_request', 90002);
  });

  it('unknown app: 400 unauthorized_client AADSTS700016', async () => {
    const answer = await postToken(
      emulator,
      app.tenantId,
      secretForm({ client_id: '11111111-1111-1111-1111-111111111111' }),
    );
    expectEntraError(answer, 400, 'unauthorized_client', 700016);
  });

  it('wrong secret: 401 invalid_client AADSTS7000215', async () => {
    const answer = await postToken(emulator, app.tenantId, secretForm({ client_secret: 'wrong' }));
    expectEntraError(answer, 401, 'invalid_client', 7000215);
  });

  it('no client credential at all: 401 invalid_client AADSTS7000218', async () => {
    const { client_secret: _, ...form } = secretForm();
    expectEntraError(await postToken(emulator, app.tenantId, form), 401, 'invalid_client', 7000218);
  });

  it('unsupported grant: 400 unsupported_grant_type AADSTS70003', async () => {
    const answer = await postToken(emulator, app.tenantId, secretForm({ grant_type: 'urn:example:made-up' }));
    expectEntraError(answer, 400, 'unsupported_grant_type', 70003);
  });

  it.each(['grant_type', 'client_id', 'scope'])(
    'missing %s: 400 invalid_request AADSTS900144',
    async (name) => {
      const form = secretForm();
      delete form[name];
      const answer = await postToken(emulator, app.tenantId, form);
      expectEntraError(answer, 400, 'invalid_request', 900144);
      expect(answer.json.error_description).toContain(`'${name}'`);
    },
  );

  it('scope without /.default: 400 invalid_scope AADSTS1002012', async () => {
    const answer = await postToken(
      emulator,
      app.tenantId,
      secretForm({ scope: 'https://graph.microsoft.com/User.Read' }),
    );
    expectEntraError(answer, 400, 'invalid_scope', 1002012);
  });

  it('scopes of several resources: 400 invalid_scope AADSTS70011', async () => {
    const answer = await postToken(
      emulator,
      app.tenantId,
      secretForm({ scope: 'https://vault.azure.net/.default https://storage.azure.com/.default' }),
    );
    expectEntraError(answer, 400, 'invalid_scope', 70011);
  });

  it('the /common endpoint is not for client credentials', async () => {
    const answer = await postToken(emulator, 'common', secretForm());
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_request');
  });
});

describe('correlation and the request log', () => {
  it('echoes client-request-id and uses it as the correlation id', async () => {
    const id = '5f8f1a0e-7a3c-4f52-9b8e-2f0d2b3c4d5e';
    const answer = await postToken(emulator, app.tenantId, secretForm({ client_secret: 'wrong' }), {
      'client-request-id': id,
    });
    expect(answer.headers.get('client-request-id')).toBe(id);
    expect(answer.json.correlation_id).toBe(id);
    expect(answer.json.error_description).toContain(`Correlation ID: ${id}`);
  });

  it('records route, grant, client and tenant but never a secret or token', async () => {
    const before = emulator.requestCount('token');
    const { json } = await postToken(emulator, app.tenantId, secretForm());
    expect(emulator.requestCount('token')).toBe(before + 1);
    const last = emulator.requests.at(-1)!;
    expect(last).toMatchObject({
      method: 'POST',
      path: `/${app.tenantId}/oauth2/v2.0/token`,
      route: 'token',
      grantType: 'client_credentials',
      clientId: app.clientId,
      tenantId: app.tenantId,
      status: 200,
    });
    const log = JSON.stringify(emulator.requests);
    expect(log).not.toContain(app.clientSecret);
    expect(log).not.toContain(String(json.access_token));
  });
});
