import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimsOf } from '../test/emulator-test-support.js';
import { formatExpiresOn } from './emulator-managed-identity.js';
import { EMULATED_SOURCES, type ManagedIdentitySource } from './emulator-managed-identity-sources.js';
import { type Emulator, startEmulator } from './emulator-server.js';

const VAULT = 'https://vault.azure.net';
let emulator: Emulator;

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
};
const query = (base: string, parameters: Record<string, string>) =>
  `${base}?${new URLSearchParams(parameters)}`;

beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => {
  emulator.managedIdentity.clear();
  emulator.faults.clear();
});
afterAll(() => emulator.stop());

describe('assign', () => {
  it('generates the ids of an identity, and keeps one system-assigned identity', () => {
    const first = emulator.managedIdentity.assign({ systemAssigned: true });
    const second = emulator.managedIdentity.assign({ systemAssigned: true });
    const user = emulator.managedIdentity.assign();
    expect(first.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.resourceId).toMatch(/^\/subscriptions\/.+\/userAssignedIdentities\//);
    expect(user.tenantId).toBe(emulator.tenantId);
    expect(emulator.managedIdentity.identities.map((i) => i.clientId)).toEqual([
      second.clientId,
      user.clientId,
    ]);
  });
});

describe('assign: what it refuses', () => {
  it('refuses ids that are not strings, an odd tenant and lifetimes that are not positive', async () => {
    const assign = emulator.managedIdentity.assign;
    expect(() => assign({ clientId: 123 as unknown as string })).toThrow(/clientId/);
    expect(() => assign({ objectId: '' })).toThrow(/objectId/);
    expect(() => assign({ tenantId: 'x/y' })).toThrow(/tenantId/);
    expect(() => assign({ tokenLifetimeSeconds: -1 })).toThrow(/tokenLifetimeSeconds/);
    expect(() => assign({ refreshInSeconds: 0 })).toThrow(/refreshInSeconds/);
    expect(emulator.managedIdentity.identities).toEqual([]);
  });
});

describe('IMDS', () => {
  const url = () =>
    `${emulator.managedIdentity.environment('IMDS').AZURE_POD_IDENTITY_AUTHORITY_HOST}/metadata/identity/oauth2/token`;

  it('issues a managed-identity token with oid, xms_mirid, idtyp app and appid', async () => {
    const identity = emulator.managedIdentity.assign({ systemAssigned: true, roles: ['Reader'] });
    const { status, json } = await get(query(url(), { 'api-version': '2018-02-01', resource: VAULT }), {
      Metadata: 'true',
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({ token_type: 'Bearer', resource: VAULT, client_id: identity.clientId });
    expect(json.expires_on).toMatch(/^\d+$/);
    const claims = await emulator.verifyAccessToken(String(json.access_token));
    expect(claims).toMatchObject({
      aud: VAULT,
      oid: identity.objectId,
      appid: identity.clientId,
      xms_mirid: identity.resourceId,
      idtyp: 'app',
      roles: ['Reader'],
    });
    expect(emulator.requestCount('imds')).toBeGreaterThan(0);
  });

  it('selects user-assigned identities by client_id, object_id and msi_res_id', async () => {
    const identity = emulator.managedIdentity.assign();
    for (const [name, value] of [
      ['client_id', identity.clientId],
      ['object_id', identity.objectId],
      ['msi_res_id', identity.resourceId],
    ] as const) {
      const { json } = await get(
        query(url(), { 'api-version': '2018-02-01', resource: VAULT, [name]: value }),
        {
          Metadata: 'true',
        },
      );
      expect(claimsOf(json.access_token).oid).toBe(identity.objectId);
    }
  });

  it('answers 400 without the Metadata header, for a wrong api-version, and for an identity not assigned', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const probe = await get(query(url(), { 'api-version': '2018-02-01', resource: VAULT }));
    expect(probe).toMatchObject({
      status: 400,
      json: { error_description: 'Required metadata header not specified' },
    });
    const version = await get(query(url(), { 'api-version': '2017-09-01', resource: VAULT }), {
      Metadata: 'true',
    });
    expect(version.status).toBe(400);
    const missing = await get(
      query(url(), { 'api-version': '2018-02-01', resource: VAULT, client_id: 'nope' }),
      {
        Metadata: 'true',
      },
    );
    expect(missing).toMatchObject({
      status: 400,
      json: { error: 'invalid_request', error_description: 'Identity not found' },
    });
  });
});

describe('App Service', () => {
  it('needs X-IDENTITY-HEADER (401 otherwise) and takes mi_res_id', async () => {
    const identity = emulator.managedIdentity.assign();
    const { IDENTITY_ENDPOINT, IDENTITY_HEADER } = emulator.managedIdentity.environment('AppService');
    const target = query(IDENTITY_ENDPOINT!, {
      'api-version': '2019-08-01',
      resource: VAULT,
      mi_res_id: identity.resourceId,
    });
    expect((await get(target)).status).toBe(401);
    expect((await get(target, { 'X-IDENTITY-HEADER': 'wrong' })).json).toMatchObject({ statusCode: 401 });
    const { status, json } = await get(target, { 'X-IDENTITY-HEADER': IDENTITY_HEADER! });
    expect(status).toBe(200);
    expect(json.client_id).toBe(identity.clientId);
  });
});

describe('Azure ML', () => {
  it('needs secret and Metadata, names the identity by clientid, and writes expires_on as a US date', async () => {
    const identity = emulator.managedIdentity.assign({ systemAssigned: true });
    const env = emulator.managedIdentity.environment('AzureML');
    expect(env.DEFAULT_IDENTITY_CLIENT_ID).toBe(identity.clientId);
    const target = query(env.MSI_ENDPOINT!, {
      'api-version': '2017-09-01',
      resource: VAULT,
      clientid: identity.clientId,
    });
    expect((await get(target, { Metadata: 'true' })).status).toBe(401);
    expect((await get(target, { secret: env.MSI_SECRET! })).status).toBe(400);
    const { json } = await get(target, { secret: env.MSI_SECRET!, Metadata: 'true' });
    expect(json.expires_on).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \+00:00$/);
  });
});

describe('Cloud Shell', () => {
  it('takes a POST form with the resource and the Metadata header', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const { MSI_ENDPOINT } = emulator.managedIdentity.environment('CloudShell');
    const post = (headers: Record<string, string>) =>
      fetch(MSI_ENDPOINT!, {
        method: 'POST',
        headers,
        body: new URLSearchParams({ resource: VAULT }).toString(),
      });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await post(form)).status).toBe(400);
    const answer = await post({ ...form, Metadata: 'true' });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { resource: string }).resource).toBe(VAULT);
  });
});

describe('Azure Arc', () => {
  it('challenges with a 0600 key file in its token folder, then accepts the key and echoes the identity', async () => {
    const identity = emulator.managedIdentity.assign();
    const { IDENTITY_ENDPOINT, IMDS_ENDPOINT } = emulator.managedIdentity.environment('AzureArc');
    expect(IMDS_ENDPOINT).toBe(`${emulator.url}/azure-arc`);
    const target = query(IDENTITY_ENDPOINT!, {
      'api-version': '2020-06-01',
      resource: VAULT,
      client_id: identity.clientId,
    });
    const challenge = await get(target, { Metadata: 'true' });
    expect(challenge.status).toBe(401);
    const realm = /^Basic realm=(.+)$/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1] ?? '';
    expect(realm.startsWith(emulator.managedIdentity.arcTokenDirectory)).toBe(true);
    expect(realm.endsWith('.key')).toBe(true);
    expect(statSync(realm).mode & 0o777).toBe(0o600);
    expect((await get(target, { Metadata: 'true', Authorization: 'Basic wrong' })).status).toBe(401);
    const { status, json } = await get(target, {
      Metadata: 'true',
      Authorization: `Basic ${readFileSync(realm, 'utf8')}`,
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      client_id: identity.clientId,
      object_id: identity.objectId,
      msi_res_id: identity.resourceId,
    });
  });
});

describe('Service Fabric', () => {
  it('is served over HTTPS with the emulator certificate, whose SHA-1 is IDENTITY_SERVER_THUMBPRINT', async () => {
    expect(() => emulator.managedIdentity.environment('ServiceFabric')).toThrow(/https: true/);
    const secure = await startEmulator({ https: true });
    try {
      secure.managedIdentity.assign({ systemAssigned: true });
      const env = secure.managedIdentity.environment('ServiceFabric');
      expect(env.IDENTITY_SERVER_THUMBPRINT).toMatch(/^[0-9A-F]{40}$/);
      const call = (headers: Record<string, string>) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const target = query(env.IDENTITY_ENDPOINT!, {
            'api-version': '2019-07-01-preview',
            resource: VAULT,
          });
          request(target, { headers, ca: secure.caCertificate }, (response) => {
            let body = '';
            response.on('data', (chunk) => {
              body += chunk;
            });
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          })
            .on('error', reject)
            .end();
        });
      const missing = await call({});
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'SecretHeaderNotFound' } });
      const ok = await call({ secret: env.IDENTITY_HEADER! });
      expect(ok.status).toBe(200);
      expect(typeof JSON.parse(ok.body).expires_on).toBe('number');
      expect(JSON.parse(ok.body).expires_in).toBeUndefined();
    } finally {
      await secure.stop();
    }
  });
});

describe('the source table', () => {
  // Every source served over plain HTTP (Service Fabric needs HTTPS; it has its own test above).
  const HTTP_SOURCES = ['IMDS', 'AppService', 'AzureML', 'CloudShell', 'AzureArc'] as const;

  // A request to a source with what its row says it needs: its headers and secret (Arc: after the challenge),
  // its api-version, the resource (Cloud Shell: in a form) and any extra query parameters.
  async function call(
    source: (typeof HTTP_SOURCES)[number],
    {
      query = {},
      omit = [] as string[],
      apiVersion = EMULATED_SOURCES[source].apiVersion,
      resource = VAULT,
    } = {},
  ) {
    const env = emulator.managedIdentity.environment(source);
    const row = EMULATED_SOURCES[source];
    const endpoint = `${emulator.url}${row.path}`;
    const headers: Record<string, string> = {
      Metadata: 'true',
      'X-IDENTITY-HEADER': env.IDENTITY_HEADER ?? '',
      secret: env.MSI_SECRET ?? '',
    };
    const parameters: Record<string, string> = {
      ...(apiVersion ? { 'api-version': apiVersion } : {}),
      ...query,
    };
    const send = (extra: Record<string, string> = {}) => {
      const all = Object.fromEntries(
        Object.entries({ ...headers, ...extra }).filter(([name]) => !omit.includes(name)),
      );
      return row.method === 'POST'
        ? fetch(`${endpoint}?${new URLSearchParams(parameters)}`, {
            method: 'POST',
            headers: { ...all, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ resource }).toString(),
          })
        : fetch(`${endpoint}?${new URLSearchParams({ resource, ...parameters })}`, { headers: all });
    };
    let response = await send();
    const realm = /^Basic realm=(.+)$/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
    if (source === 'AzureArc' && realm && !omit.includes('Authorization')) {
      response = await send({ Authorization: `Basic ${readFileSync(realm, 'utf8')}` });
    }
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('lists every source with its route, method, path, api-version and identity parameters', () => {
    expect(
      Object.entries(EMULATED_SOURCES).map(([name, row]) => [
        name,
        row.route,
        row.method,
        row.path,
        row.apiVersion,
        row.ids,
      ]),
    ).toEqual([
      [
        'IMDS',
        'imds',
        'GET',
        '/metadata/identity/oauth2/token',
        '2018-02-01',
        { clientId: 'client_id', objectId: 'object_id', resourceId: 'msi_res_id' },
      ],
      [
        'AppService',
        'app-service',
        'GET',
        '/msi/token',
        '2019-08-01',
        { clientId: 'client_id', objectId: 'object_id', resourceId: 'mi_res_id' },
      ],
      [
        'ServiceFabric',
        'service-fabric',
        'GET',
        '/service-fabric/metadata/identity/oauth2/token',
        '2019-07-01-preview',
        {},
      ],
      ['AzureML', 'azure-ml', 'GET', '/azure-ml/msi/token', '2017-09-01', { clientId: 'clientid' }],
      ['CloudShell', 'cloud-shell', 'POST', '/cloud-shell/oauth2/token', undefined, {}],
      [
        'AzureArc',
        'azure-arc',
        'GET',
        '/azure-arc/metadata/identity/oauth2/token',
        '2020-06-01',
        { clientId: 'client_id', objectId: 'object_id', resourceId: 'msi_res_id' },
      ],
    ]);
  });

  const EPOCH_STRING = /^\d{10}$/;
  const US_DATE = /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \+00:00$/;

  it.each([
    ['IMDS', EPOCH_STRING, { client_id: true }],
    ['AppService', EPOCH_STRING, { client_id: true }],
    ['AzureML', US_DATE, { clientid: true }],
    ['CloudShell', EPOCH_STRING, {}],
    ['AzureArc', EPOCH_STRING, { client_id: true, object_id: true, msi_res_id: true }],
  ] as const)('%s answers a token in its own shape', async (source, expiresOn, echoed) => {
    const identity = emulator.managedIdentity.assign({ systemAssigned: true });
    const { status, json } = await call(source);
    expect(status).toBe(200);
    expect(json.expires_on).toMatch(expiresOn);
    expect(json.expires_in).toMatch(/^\d+$/);
    const echoes = {
      client_id: identity.clientId,
      clientid: identity.clientId,
      object_id: identity.objectId,
      msi_res_id: identity.resourceId,
    };
    for (const name of ['client_id', 'clientid', 'object_id', 'msi_res_id'] as const) {
      expect(json[name]).toBe(name in echoed ? echoes[name] : undefined);
    }
  });

  it.each([
    [
      'IMDS',
      'Metadata',
      400,
      { error: 'invalid_request', error_description: 'Required metadata header not specified' },
    ],
    [
      'AppService',
      'X-IDENTITY-HEADER',
      401,
      { statusCode: 401, message: 'The X-IDENTITY-HEADER header is missing or not valid.' },
    ],
    ['AzureML', 'secret', 401, { statusCode: 401, message: 'The secret header is missing or not valid.' }],
    ['CloudShell', 'Metadata', 400, { error: 'invalid_request' }],
    ['AzureArc', 'Authorization', 401, { error: 'unauthorized_client' }],
  ] as const)('%s refuses a request without %s, in its error shape', async (source, header, status, body) => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const answer = await call(source, { omit: [header] });
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject(body);
  });

  it.each(['IMDS', 'AppService', 'AzureML', 'AzureArc'] as const)(
    '%s refuses another api-version with a 400 that names its own',
    async (source) => {
      emulator.managedIdentity.assign({ systemAssigned: true });
      const answer = await call(source, { apiVersion: '2000-01-01' });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.json)).toContain(
        `api-version '2000-01-01' is not supported; use ${EMULATED_SOURCES[source].apiVersion}.`,
      );
    },
  );

  it.each(HTTP_SOURCES)(
    '%s refuses a scope where the resource goes (…/.default: AADSTS500011 invalid_resource), in its error shape',
    async (source) => {
      emulator.managedIdentity.assign({ systemAssigned: true });
      const answer = await call(source, { resource: `${VAULT}/.default` });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.json)).toContain('AADSTS500011');
      expect(answer.json).not.toHaveProperty('access_token');
    },
  );

  it('refuses two identity parameters at once, naming the source’s own', async () => {
    const identity = emulator.managedIdentity.assign();
    const answer = await call('AppService', {
      query: { client_id: identity.clientId, mi_res_id: identity.resourceId },
    });
    expect(answer).toMatchObject({
      status: 400,
      json: { message: 'Only one of client_id, object_id, mi_res_id may be given.' },
    });
  });

  it('serves the system-assigned identity where a source cannot name another (Cloud Shell)', async () => {
    const system = emulator.managedIdentity.assign({ systemAssigned: true });
    const user = emulator.managedIdentity.assign();
    const { json } = await call('CloudShell', { query: { client_id: user.clientId } });
    expect(claimsOf(json.access_token).oid).toBe(system.objectId);
  });

  it.each(HTTP_SOURCES)(
    '%s takes faults by its route name: bursts, latency and malformed bodies',
    async (source) => {
      emulator.managedIdentity.assign({ systemAssigned: true });
      const route = EMULATED_SOURCES[source].route;
      emulator.faults.add({ route, status: 410, times: 2 });
      emulator.faults.add({ route, status: 429, retryAfter: '1' });
      emulator.faults.add({ route, status: 503 });
      expect((await call(source, { omit: ['Authorization'] })).status).toBe(410);
      expect((await call(source, { omit: ['Authorization'] })).status).toBe(410);
      expect((await call(source, { omit: ['Authorization'] })).status).toBe(429);
      expect((await call(source, { omit: ['Authorization'] })).status).toBe(503);
      emulator.faults.add({ route, latencyMs: 100 });
      const started = performance.now();
      expect((await call(source)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(90);
      emulator.faults.add({ route, body: '{"access_token": ' });
      await expect(call(source, { omit: ['Authorization'] })).rejects.toThrow(SyntaxError);
      expect((await call(source)).status).toBe(200);
    },
  );

  it('refuses an unknown source by name', () => {
    expect(() => emulator.managedIdentity.environment('Nope' as ManagedIdentitySource)).toThrow(
      /Unknown managed identity source 'Nope'/,
    );
  });
});

describe('formatExpiresOn', () => {
  it('writes every format the sources use', () => {
    const at = Date.UTC(2020, 0, 16, 17, 24, 12) / 1000;
    expect(formatExpiresOn(at, 'epoch-number')).toBe(at);
    expect(formatExpiresOn(at, 'epoch-string')).toBe(String(at));
    expect(formatExpiresOn(at, 'iso')).toBe('2020-01-16T17:24:12.000Z');
    expect(formatExpiresOn(at, 'us-date')).toBe('01/16/2020 17:24:12 +00:00');
    expect(formatExpiresOn(at, 'us-date-12h')).toBe('1/16/2020 5:24:12 PM +00:00');
    expect(formatExpiresOn(at, 'omitted')).toBeUndefined();
  });
});
