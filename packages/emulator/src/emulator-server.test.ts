import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, postToken } from '../test/emulator-test-support.js';
import { EntraError } from './emulator-errors.js';
import { type Emulator, startEmulator } from './emulator-server.js';
import type { EmulatorRequestContext } from './emulator-types.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

describe('registration', () => {
  it('has a default tenant (a GUID) registered at start', () => {
    expect(emulator.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.state.tenants.has(emulator.tenantId)).toBe(true);
  });

  it('generates ids and a secret for a bare app', () => {
    const app = emulator.registerApp();
    expect(app).toEqual({
      tenantId: emulator.tenantId,
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientSecret: expect.stringMatching(/^.{3}8Q~.{34}$/),
      objectId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('creates an unknown tenant when an app is registered in it', async () => {
    const app = emulator.registerApp({
      tenantId: 'a0000000-0000-0000-0000-00000000000a',
      clientId: 'my-client',
      clientSecret: 's3cret',
    });
    expect(emulator.state.tenants.has(app.tenantId)).toBe(true);
    const { status } = await postToken(emulator, app.tenantId, {
      grant_type: 'client_credentials',
      client_id: 'my-client',
      client_secret: 's3cret',
      scope: 'api://x/.default',
    });
    expect(status).toBe(200);
  });

  it('registerTenant returns the (lower-case) id and rejects characters Entra does not allow', () => {
    expect(emulator.registerTenant('B0000000-0000-0000-0000-00000000000B')).toBe(
      'b0000000-0000-0000-0000-00000000000b',
    );
    expect(emulator.registerTenant()).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => emulator.registerTenant('bad/tenant')).toThrow(TypeError);
  });

  it('refuses registrations Entra could not hold: an alias as a tenant, an empty or odd client id or secret', () => {
    for (const alias of ['common', 'Organizations', 'consumers']) {
      expect(() => emulator.registerTenant(alias)).toThrow(/alias/);
      expect(() => emulator.registerApp({ tenantId: alias })).toThrow(/alias/);
    }
    for (const clientId of ['', '../x', 'a b', {} as string]) {
      expect(() => emulator.registerApp({ clientId })).toThrow(/Invalid client id/);
    }
    for (const clientSecret of ['', 5 as unknown as string]) {
      expect(() => emulator.registerApp({ clientSecret })).toThrow(/clientSecret/);
    }
    expect(() => emulator.registerApp({ roles: 'Reader' as unknown as string[] })).toThrow(/roles/);
  });

  it('loads tenants and apps from a config, the first tenant becoming the default', async () => {
    const configured = await startEmulator({
      config: {
        tenants: ['c0000000-0000-0000-0000-00000000000c', 'd0000000-0000-0000-0000-00000000000d'],
        apps: [
          {
            clientId: 'cfg-app',
            clientSecret: 'cfg-secret',
            tenantId: 'd0000000-0000-0000-0000-00000000000d',
          },
        ],
      },
    });
    try {
      expect(configured.tenantId).toBe('c0000000-0000-0000-0000-00000000000c');
      expect(configured.state.findApp('d0000000-0000-0000-0000-00000000000d', 'cfg-app')).toBeDefined();
    } finally {
      await configured.stop();
    }
  });

  it('rejects an invalid config before listening', async () => {
    await expect(startEmulator({ config: { apps: [{ roles: 'admin' }] } as never })).rejects.toThrow(
      /apps\[0\]\.roles/,
    );
  });
});

describe('verifyAccessToken', () => {
  it('returns the claims of a token it issued', async () => {
    const app = emulator.registerApp();
    const { json } = await postToken(emulator, app.tenantId, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret!,
      scope: 'api://x/.default',
    });
    const claims = await emulator.verifyAccessToken(String(json.access_token));
    expect(claims).toEqual(claimsOf(json.access_token));
  });

  it('throws for a tampered token and for a token of another emulator', async () => {
    const app = emulator.registerApp();
    const { json } = await postToken(emulator, app.tenantId, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret!,
      scope: 'api://x/.default',
    });
    const [header, , signature] = String(json.access_token).split('.');
    const payload = Buffer.from(
      JSON.stringify({ ...claimsOf(json.access_token), roles: ['Admin'] }),
    ).toString('base64url');
    await expect(emulator.verifyAccessToken(`${header}.${payload}.${signature}`)).rejects.toThrow(
      /signature/,
    );

    const other = await startEmulator();
    try {
      await expect(other.verifyAccessToken(String(json.access_token))).rejects.toThrow();
    } finally {
      await other.stop();
    }
  });

  it('throws for an expired token', async () => {
    let now = Date.now();
    const clocked = await startEmulator({ now: () => now });
    try {
      const app = clocked.registerApp({ tokenLifetimeSeconds: 60 });
      const { json } = await postToken(clocked, app.tenantId, {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret!,
        scope: 'api://x/.default',
      });
      now += 61_000;
      await expect(clocked.verifyAccessToken(String(json.access_token))).rejects.toThrow(/expired/);
    } finally {
      await clocked.stop();
    }
  });
});

describe('addRoute: the extension point for managed-identity and other endpoints', () => {
  it('gives the handler the parsed request, the state and the shared token minter', async () => {
    let seen: EmulatorRequestContext | undefined;
    emulator.addRoute('GET', '/metadata/identity/oauth2/token', 'imds', (ctx) => {
      seen = ctx;
      const minted = ctx.mintAccessToken({
        tenantId: ctx.state.defaultTenantId,
        clientId: ctx.query.get('client_id') ?? 'system-assigned',
        resource: ctx.query.get('resource')!,
        authMethod: 'managed-identity',
      });
      return {
        json: {
          access_token: minted.accessToken,
          expires_in: String(minted.expiresIn),
          resource: minted.resource,
        },
      };
    });
    const response = await fetch(
      `${emulator.url}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net&client_id=mi-1`,
      { headers: { metadata: 'true' } },
    );
    const json = (await response.json()) as Record<string, string>;
    expect(response.status).toBe(200);
    expect(json.expires_in).toBe('3599');
    expect(claimsOf(json.access_token)).toMatchObject({
      aud: 'https://vault.azure.net',
      appid: 'mi-1',
      ver: '1.0',
    });
    expect(seen?.headers.metadata).toBe('true');
    expect(seen?.query.get('api-version')).toBe('2018-02-01');
    expect(seen?.route).toBe('imds');
    expect(emulator.requestCount('imds')).toBe(1);
  });

  it('passes :params, the raw body and the parsed form, and turns a thrown EntraError into an Entra body', async () => {
    emulator.addRoute('POST', '/:tenant/oauth2/v2.0/devicecode', 'devicecode', (ctx) => {
      if (!ctx.form.get('client_id'))
        throw new EntraError(400, 'invalid_request', 900144, "Missing 'client_id'.");
      return { json: { tenant: ctx.params.tenant, raw: ctx.rawBody } };
    });
    const ok = await fetch(`${emulator.url}/t1/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=abc&scope=openid',
    });
    expect(await ok.json()).toEqual({ tenant: 't1', raw: 'client_id=abc&scope=openid' });
    const failed = await fetch(`${emulator.url}/t1/oauth2/v2.0/devicecode`, { method: 'POST' });
    expect(failed.status).toBe(400);
    expect(await failed.json()).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });

  it('accepts a RegExp with named groups', async () => {
    emulator.addRoute('GET', /^\/msi\/(?<version>[^/]+)\/token$/, 'msi', (ctx) => ({ json: ctx.params }));
    expect(await (await fetch(`${emulator.url}/msi/v2/token`)).json()).toEqual({ version: 'v2' });
  });

  it('answers 500 with the message when a handler fails unexpectedly', async () => {
    emulator.addRoute('GET', '/broken', 'broken', () => {
      throw new Error('handler bug');
    });
    const response = await fetch(`${emulator.url}/broken`);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: 'server_error', error_description: 'handler bug' });
  });
});

describe('addGrant: more grants on the token endpoint', () => {
  it('dispatches on grant_type and can reuse client authentication', async () => {
    emulator.addGrant('urn:example:echo', async (ctx, tenant) => {
      const { app, method } = await ctx.authenticateClient(tenant);
      return { json: { clientId: app.clientId, method } };
    });
    const app = emulator.registerApp();
    const { status, json } = await postToken(emulator, app.tenantId, {
      grant_type: 'urn:example:echo',
      client_id: app.clientId,
      client_secret: app.clientSecret!,
    });
    expect(status).toBe(200);
    expect(json).toEqual({ clientId: app.clientId, method: 'secret' });
    expect(emulator.requests.at(-1)).toMatchObject({ grantType: 'urn:example:echo', clientId: app.clientId });
  });
});

describe('robustness: what a misbehaving client sends', () => {
  // One raw HTTP/1.1 exchange: resolves with everything the server wrote before it closed the connection.
  const exchange = (text: string) =>
    new Promise<string>((resolve, reject) => {
      let answer = '';
      const socket = connect(emulator.port, '127.0.0.1', () => socket.write(text));
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        answer += chunk;
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });

  it('answers 400 to a request target that is not a URL path, and goes on serving', async () => {
    for (const target of ['//', 'http://[']) {
      const answer = await exchange(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('AADSTS90023');
    }
    const app = emulator.registerApp();
    const { status } = await postToken(emulator, app.tenantId, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret as string,
      scope: 'https://vault.azure.net/.default',
    });
    expect(status).toBe(200);
  });

  it('answers 413 (AADSTS90023) to a body over 1 MiB instead of resetting the connection', async () => {
    const response = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&scope=${'a'.repeat(2 * 1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: string; error_codes: number[] };
    expect(body).toMatchObject({ error: 'invalid_request', error_codes: [90023] });
  });
});
