import { startEmulator } from '@identity/emulator';
import { jsonResponse, manualClock, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EntraClient } from './entra-client.js';
import {
  AbortError,
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
  NetworkError,
} from './errors.js';
import type { HttpClientOptions } from './http-transport.js';
import { TokenCache } from './token-cache.js';

// The real HttpClient, recording the options each one is built with.
const transports = vi.hoisted(() => [] as HttpClientOptions[]);
vi.mock('./http-transport.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./http-transport.js')>();
  class RecordingHttpClient extends real.HttpClient {
    constructor(options: HttpClientOptions) {
      transports.push(options);
      super(options);
    }
  }
  return { ...real, HttpClient: RecordingHttpClient };
});

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const clientId = '11111111-2222-3333-4444-555555555555';
const scope = 'https://vault.azure.net/.default';
const secretGrant = (secret: string) => () => ({ grant_type: 'client_credentials', client_secret: secret });

function client(fetch: ReturnType<typeof scriptedFetch>['fetch'], extra = {}) {
  return new EntraClient({
    credentialName: 'TestCredential',
    tenantId,
    clientId,
    options: { fetch, clock: manualClock(), authorityHost: 'https://login.example.test', ...extra },
  });
}

describe('EntraClient configuration', () => {
  it('checks ids and the authority host at construction, before anything is sent', () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({}));
    expect(
      () => new EntraClient({ credentialName: 'X', tenantId: 'bad/tenant', clientId, options: { fetch } }),
    ).toThrow(InvalidArgumentError);
    expect(
      () => new EntraClient({ credentialName: 'X', tenantId, clientId: '', options: { fetch } }),
    ).toThrow(InvalidArgumentError);
    expect(
      () =>
        new EntraClient({
          credentialName: 'X',
          tenantId,
          clientId,
          options: { authorityHost: 'http://login.example.test' },
        }),
    ).toThrow(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });

  it('refuses tenants that a URL would resolve away or climb with, configured or requested, sending nothing', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({ access_token: 'a', expires_in: 3600 }));
    const options = { authorityHost: 'https://login.example.test/prefix', additionallyAllowedTenants: ['*'] };
    for (const tenant of ['..', '.', '-x']) {
      expect(
        () =>
          new EntraClient({
            credentialName: 'X',
            tenantId: tenant,
            clientId,
            options: { fetch, ...options },
          }),
        tenant,
      ).toThrow(InvalidArgumentError);
      await expect(
        client(fetch, options).getToken(scope, { tenantId: tenant }, secretGrant('s')),
        tenant,
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(requests).toHaveLength(0);
  });

  it('gives the transport exactly its own options, never the credential options by a shared name', () => {
    const { fetch } = scriptedFetch(() => jsonResponse({}));
    const clock = manualClock();
    transports.length = 0;
    new EntraClient({
      credentialName: 'X',
      tenantId,
      clientId,
      options: {
        fetch,
        clock,
        env: {},
        tokenCache: new TokenCache(),
        requestTimeoutInMs: 5,
        retryOptions: {},
      },
    });
    expect(Object.keys(transports[0] ?? {}).sort()).toEqual([
      'clock',
      'fetch',
      'logger',
      'retryPolicy',
      'timeoutInMs',
    ]);
    expect(transports[0]).toMatchObject({ fetch, clock, timeoutInMs: 5 });
  });

  it('builds the v2 token URL, and the ADFS one for the adfs tenant', () => {
    const { fetch } = scriptedFetch(() => jsonResponse({}));
    expect(client(fetch).tokenUrl('contoso')).toBe('https://login.example.test/contoso/oauth2/v2.0/token');
    expect(client(fetch).tokenUrl('adfs')).toBe('https://login.example.test/adfs/oauth2/token');
  });
});

describe('EntraClient.getToken', () => {
  const ok = () => jsonResponse({ access_token: 'at', expires_in: 3599 });

  it('sends the client id, the scopes and the grant, and caches the token', async () => {
    const { fetch, requests } = scriptedFetch(ok);
    const entra = client(fetch);
    await entra.getToken(scope, undefined, secretGrant('s'));
    await entra.getToken([scope], undefined, secretGrant('s'));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(`https://login.example.test/${tenantId}/oauth2/v2.0/token`);
    expect(Object.fromEntries(new URLSearchParams(requests[0]?.body))).toEqual({
      client_id: clientId,
      scope,
      grant_type: 'client_credentials',
      client_secret: 's',
    });
  });

  it('keeps separate cache entries per tenant, scopes, CAE and partition', async () => {
    const { fetch, requests } = scriptedFetch(ok);
    const entra = client(fetch, { additionallyAllowedTenants: ['*'] });
    await entra.getToken(scope, undefined, secretGrant('s'));
    await entra.getToken(scope, { tenantId: 'other' }, secretGrant('s'));
    await entra.getToken('https://storage.azure.com/.default', undefined, secretGrant('s'));
    await entra.getToken(scope, { enableCae: true }, secretGrant('s'));
    await entra.getToken(scope, undefined, secretGrant('s'), 'user-hash');
    expect(requests).toHaveLength(5);
    expect(requests[1]?.url).toContain('/other/oauth2');
    expect(new URLSearchParams(requests[3]?.body).get('claims')).toBe(
      '{"access_token":{"xms_cc":{"values":["cp1"]}}}',
    );
  });

  it('keeps one scope with a comma apart from two scopes', async () => {
    const { fetch, requests } = scriptedFetch(ok);
    const entra = client(fetch);
    await entra.getToken(['api://a/x', 'api://a/y'], undefined, secretGrant('s'));
    await entra.getToken('api://a/x,api://a/y', undefined, secretGrant('s'));
    expect(requests.map((request) => new URLSearchParams(request.body).get('scope'))).toEqual([
      'api://a/x api://a/y',
      'api://a/x,api://a/y',
    ]);
  });

  it('sends a claims challenge and always gets a fresh token for it', async () => {
    const { fetch, requests } = scriptedFetch(ok);
    const entra = client(fetch);
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1"}}}';
    await entra.getToken(scope, { claims }, secretGrant('s'));
    await entra.getToken(scope, { claims }, secretGrant('s'));
    expect(requests).toHaveLength(2);
    expect(new URLSearchParams(requests[0]?.body).get('claims')).toBe(claims);
  });

  it('makes a disallowed tenant unavailable, and validates scopes, without a request', async () => {
    const { fetch, requests } = scriptedFetch(ok);
    const entra = client(fetch);
    await expect(entra.getToken(scope, { tenantId: 'other' }, secretGrant('s'))).rejects.toBeInstanceOf(
      CredentialUnavailableError,
    );
    await expect(entra.getToken('bad scope', undefined, secretGrant('s'))).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(requests).toHaveLength(0);
  });

  it('lets a caller abort or time out its own wait while the shared request goes on for the others', async () => {
    let answer: (r: Response) => void = () => {};
    const { fetch, requests } = scriptedFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
    const entra = client(fetch);
    const controller = new AbortController();
    const aborted = entra.getToken(scope, { abortSignal: controller.signal }, secretGrant('s'));
    const timedOut = entra.getToken(scope, { requestOptions: { timeout: 10 } }, secretGrant('s'));
    const patient = entra.getToken(scope, undefined, secretGrant('s'));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    await expect(timedOut).rejects.toSatisfy(
      (e) => NetworkError.isInstance(e) && e.code === 'REQUEST_TIMEOUT',
    );
    answer(ok());
    expect((await patient).token).toBe('at');
    expect(requests).toHaveLength(1);
  });

  it('sends nothing for a caller that has already aborted', async () => {
    const { fetch, requests } = scriptedFetch(ok);
    const entra = client(fetch);
    await expect(
      entra.getToken(scope, { abortSignal: AbortSignal.abort() }, secretGrant('s')),
    ).rejects.toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(0);
    await entra.getToken(scope, undefined, secretGrant('s'));
    await expect(
      entra.getToken(scope, { abortSignal: AbortSignal.abort() }, secretGrant('s')),
    ).rejects.toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(1);
  });

  it('stops the token request once every caller waiting for it has aborted', async () => {
    let stopped: AbortSignal | undefined;
    const { fetch } = scriptedFetch(
      (_request, init) =>
        new Promise<Response>(() => {
          stopped = init?.signal ?? undefined;
        }),
    );
    const entra = client(fetch);
    const caller = new AbortController();
    const call = entra.getToken(scope, { abortSignal: caller.signal }, secretGrant('s'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    caller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
    expect(stopped?.aborted).toBe(true);
  });

  it('checks every call as the first: a remembered scope does not skip tenant, claims or CAE rules', async () => {
    const { fetch, requests } = scriptedFetch(ok);
    const entra = client(fetch);
    await entra.getToken(scope, undefined, secretGrant('s'));
    await entra.getToken(scope, { requestOptions: { timeout: 1000 } }, secretGrant('s'));
    expect(requests).toHaveLength(1);
    await expect(entra.getToken(scope, { tenantId: 'other' }, secretGrant('s'))).rejects.toBeInstanceOf(
      CredentialUnavailableError,
    );
    await entra.getToken(scope, { enableCae: true }, secretGrant('s'));
    await entra.getToken([scope], { claims: '{"access_token":{}}' }, secretGrant('s'));
    await entra.getToken(scope, undefined, secretGrant('s'), 'user-hash');
    expect(requests).toHaveLength(4);
    for (let call = 0; call < 2; call++) {
      await expect(entra.getToken('bad scope', undefined, secretGrant('s'))).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
      await expect(entra.getToken([scope, ''], undefined, secretGrant('s'))).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    }
  });

  it('refreshes ahead of expiry on repeated calls, serving the valid token meanwhile', async () => {
    const clock = manualClock();
    let issued = 0;
    const { fetch, requests } = scriptedFetch(() =>
      jsonResponse({ access_token: `at-${++issued}`, expires_in: 3600 }),
    );
    const entra = client(fetch, { clock });
    await entra.getToken(scope, undefined, secretGrant('s'));
    await clock.advance(56 * 60_000);
    expect((await entra.getToken(scope, undefined, secretGrant('s'))).token).toBe('at-1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests).toHaveLength(2);
    expect((await entra.getToken(scope, undefined, secretGrant('s'))).token).toBe('at-2');
  });

  it("judges a shared cache's tokens by each credential's own clock", async () => {
    const tokenCache = new TokenCache();
    const { fetch, requests } = scriptedFetch(ok);
    // Years before the system clock: by the system clock, every token of this credential has expired.
    const clock = manualClock(Date.UTC(2000, 0, 1));
    const entra = client(fetch, { clock, tokenCache });
    await entra.getToken(scope, undefined, secretGrant('s'));
    await entra.getToken(scope, undefined, secretGrant('s'));
    expect(requests).toHaveLength(1);
  });

  it('shares a cache between credentials without mixing their tokens', async () => {
    const tokenCache = new TokenCache();
    const { fetch, requests } = scriptedFetch(ok);
    const a = new EntraClient({ credentialName: 'A', tenantId, clientId, options: { fetch, tokenCache } });
    const b = new EntraClient({
      credentialName: 'B',
      tenantId,
      clientId: 'another-client',
      options: { fetch, tokenCache },
    });
    await a.getToken(scope, undefined, secretGrant('s'));
    await a.getToken(scope, undefined, secretGrant('s'));
    await b.getToken(scope, undefined, secretGrant('s'));
    expect(requests).toHaveLength(2);
  });
});

describe('EntraClient against the emulator', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it('gets a real signed token over loopback HTTP', async () => {
    const app = emulator.registerApp({ clientSecret: testSecret('app'), roles: ['Vault.Read'] });
    const entra = new EntraClient({
      credentialName: 'TestCredential',
      tenantId: app.tenantId,
      clientId: app.clientId,
      options: { authorityHost: emulator.url },
    });
    const token = await entra.getToken(scope, undefined, secretGrant(app.clientSecret ?? ''));
    const claims = await emulator.verifyAccessToken(token.token);
    expect(claims).toMatchObject({
      aud: 'https://vault.azure.net',
      appid: app.clientId,
      tid: app.tenantId,
      roles: ['Vault.Read'],
    });
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('makes one request for 100 concurrent calls', async () => {
    const app = emulator.registerApp({ clientSecret: testSecret('app') });
    const before = emulator.requestCount('token');
    const entra = new EntraClient({
      credentialName: 'TestCredential',
      tenantId: app.tenantId,
      clientId: app.clientId,
      options: { authorityHost: emulator.url },
    });
    await Promise.all(
      Array.from({ length: 100 }, () =>
        entra.getToken(scope, undefined, secretGrant(app.clientSecret ?? '')),
      ),
    );
    expect(emulator.requestCount('token') - before).toBe(1);
  });

  it('reports a wrong secret as an AuthenticationError with Entra details and no secret', async () => {
    const app = emulator.registerApp({ clientSecret: testSecret('right') });
    const wrong = testSecret('wrong');
    const entra = new EntraClient({
      credentialName: 'TestCredential',
      tenantId: app.tenantId,
      clientId: app.clientId,
      options: { authorityHost: emulator.url },
    });
    const error = await entra.getToken(scope, undefined, secretGrant(wrong)).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.errorResponse.errorCodes).toContain(7000215);
    expect(error.errorResponse.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).not.toContain(wrong);
  });

  it('retries a 503 with Retry-After and then succeeds', async () => {
    const app = emulator.registerApp({ clientSecret: testSecret('app') });
    emulator.faults.add({ route: 'token', status: 503, retryAfter: '0' });
    const entra = new EntraClient({
      credentialName: 'TestCredential',
      tenantId: app.tenantId,
      clientId: app.clientId,
      options: { authorityHost: emulator.url },
    });
    expect((await entra.getToken(scope, undefined, secretGrant(app.clientSecret ?? ''))).token).toMatch(
      /^eyJ/,
    );
  });
});
