import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  AbortError,
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
  setLogLevel,
  setLogSink,
  TokenCache,
} from '@identity/core';
import { jsonResponse, manualClock, scriptedFetch, settleOnClock } from '@identity/tooling/test-world';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagedIdentityCredential } from './managed-identity-credential.js';

const SCOPE = 'https://vault.azure.net/.default';
const CLIENT_ID = '11111111-1111-1111-1111-111111111111';
const IMDS = { AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:9' };
const APP_SERVICE = { IDENTITY_ENDPOINT: 'http://127.0.0.1:9/msi/token', IDENTITY_HEADER: 'h' };
const token = (name = 'token') =>
  jsonResponse({ access_token: name, expires_in: '3599', token_type: 'Bearer' });
const status = (code: number, headers: Record<string, string> = {}) =>
  jsonResponse({ error: 'temporarily_unavailable', error_description: 'busy' }, code, headers);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('secrets', () => {
  it('keeps no part of an echoed identity header where an excerpt of a non-JSON answer cuts it', async () => {
    const header = 'ZQJ-identity-header-TEST-SECRET-CUT';
    const env = { ...APP_SERVICE, IDENTITY_HEADER: header };
    // The 200-character excerpt ends inside the header's value.
    const page = `<html>${'x'.repeat(180)} header ${header} refused</html>`;
    const refusals = [500, 200].map((status) =>
      rejection(
        new ManagedIdentityCredential({
          env,
          fetch: scriptedFetch(() => new Response(page, { status })).fetch,
          retryOptions: { maxRetries: 0 },
        }).getToken(SCOPE),
      ),
    );
    for (const error of await Promise.all(refusals)) {
      const shown = inspect(error, { showHidden: true, depth: 5 });
      // Redacted before the cut: the excerpt ends in the placeholder, not in the header.
      expect(shown).toContain('header [redac');
      expect(shown).not.toContain('ZQJ');
    }
  });

  it('never shows the identity header: not when the endpoint echoes it, nor when fetch refuses it', async () => {
    const header = 'identity-header-TEST-SECRET-1';
    const env = { ...APP_SERVICE, IDENTITY_HEADER: header };
    const echoes = scriptedFetch(() =>
      jsonResponse({ error: 'invalid_request', error_description: `Header ${header} does not match.` }, 401),
    );
    const refused = await rejection(
      new ManagedIdentityCredential({ env, fetch: echoes.fetch }).getToken(SCOPE),
    );
    expect(AuthenticationError.isInstance(refused)).toBe(true);
    expect(refused.message).toContain('Header [redacted] does not match');

    // A header value with a line break: the recording fetch builds real Headers, which refuse it as Node's fetch
    // does, quoting the value ('Headers.append: "..." is an invalid header value.').
    const badHeader = 'identity-header-TEST-SECRET-2\rX-Injected: 1';
    const quoting = scriptedFetch(() => token());
    const unreachable = await rejection(
      new ManagedIdentityCredential({
        env: { ...APP_SERVICE, IDENTITY_HEADER: badHeader },
        fetch: quoting.fetch,
      }).getToken(SCOPE),
    );
    expect(unreachable.message).toContain('Headers.append: "[redacted]" is an invalid header value.');
    expect(CredentialUnavailableError.isInstance(unreachable)).toBe(true);

    // A 200 that is not a usable token keeps no token either.
    const invalid = scriptedFetch(() =>
      jsonResponse({ access_token: 'at-TEST-SECRET-3', expires_in: 'never' }),
    );
    const invalidAnswer = await rejection(
      new ManagedIdentityCredential({ env, fetch: invalid.fetch }).getToken(SCOPE),
    );
    expect((invalidAnswer as AuthenticationError).code).toBe('INVALID_RESPONSE');

    // Echoed in the error's code rather than its description: errorResponse.error keeps it no more.
    const inCode = scriptedFetch(() =>
      jsonResponse({ error: { code: `Bad${header}`, message: 'Header mismatch.' } }, 401),
    );
    const coded = await rejection(
      new ManagedIdentityCredential({ env, fetch: inCode.fetch }).getToken(SCOPE),
    );
    expect((coded as AuthenticationError).errorResponse.error).toBe('Bad[redacted]');

    for (const error of [refused, unreachable, invalidAnswer, coded]) {
      expect(inspect(error, { showHidden: true, depth: 6 })).not.toContain('TEST-SECRET');
      expect(JSON.stringify(error)).not.toContain('TEST-SECRET');
    }
  });
});

describe('constructor', () => {
  it('takes a client id positionally or one of clientId, resourceId, objectId', () => {
    expect(() => new ManagedIdentityCredential(CLIENT_ID, { env: IMDS })).not.toThrow();
    expect(() => new ManagedIdentityCredential({ clientId: CLIENT_ID, env: IMDS })).not.toThrow();
    expect(() => new ManagedIdentityCredential({ objectId: CLIENT_ID, env: IMDS })).not.toThrow();
    expect(
      () =>
        new ManagedIdentityCredential({
          resourceId:
            '/subscriptions/s/resourcegroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/w',
          env: IMDS,
        }),
    ).not.toThrow();
  });

  it('refuses two kinds of id at once, naming them', () => {
    const options = { clientId: CLIENT_ID, objectId: CLIENT_ID, env: IMDS } as never;
    expect(() => new ManagedIdentityCredential(options)).toThrow(InvalidArgumentError);
    expect(() => new ManagedIdentityCredential(options)).toThrow(/clientId, objectId/);
    expect(
      () => new ManagedIdentityCredential(CLIENT_ID, { objectId: CLIENT_ID, env: IMDS } as never),
    ).toThrow(/clientId, objectId/);
  });

  it('refuses malformed ids and probe timeouts', () => {
    expect(() => new ManagedIdentityCredential({ clientId: 'has space', env: IMDS })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new ManagedIdentityCredential({ resourceId: 'vault?x=1', env: IMDS })).toThrow(
      /resource id/,
    );
    expect(() => new ManagedIdentityCredential({ probe: { timeoutInMs: 0 }, env: IMDS })).toThrow(/probe/);
    // Past what Node's timers hold (about 24.8 days), a timer fires after 1 ms: every probe would time out, and a
    // chain would skip managed identity on the very VM that has one, saying it is not an Azure VM.
    for (const timeoutInMs of [2 ** 31, Number.POSITIVE_INFINITY]) {
      expect(() => new ManagedIdentityCredential({ probe: { timeoutInMs }, env: IMDS })).toThrow(
        /probe\.timeoutInMs must be over 0 and below 2\^31/,
      );
    }
  });
});

describe('getToken', () => {
  it('asks for exactly one scope and strips /.default into the resource', async () => {
    const { fetch, requests } = scriptedFetch(() => token());
    const credential = new ManagedIdentityCredential({ env: IMDS, fetch });
    await expect(credential.getToken([SCOPE, 'https://graph.microsoft.com/.default'])).rejects.toThrow(
      /one scope/,
    );
    await credential.getToken(SCOPE);
    expect(new URL(requests[0]?.url ?? '').searchParams.get('resource')).toBe('https://vault.azure.net');
  });

  it("names the app with userAgentOptions.userAgentPrefix, and leaves the runtime's User-Agent without it", async () => {
    const { fetch, requests } = scriptedFetch(() => token());
    const userAgentOptions = { userAgentPrefix: 'contoso-billing/2.1' };
    await new ManagedIdentityCredential({ env: APP_SERVICE, fetch, userAgentOptions }).getToken(SCOPE);
    await new ManagedIdentityCredential({ env: IMDS, fetch, userAgentOptions }).getToken(SCOPE);
    await new ManagedIdentityCredential({ env: IMDS, fetch }).getToken(SCOPE);
    expect(requests.map((request) => request.headers['user-agent'])).toEqual([
      expect.stringMatching(/^contoso-billing\/2\.1 identity\.js\/\S+$/),
      expect.stringMatching(/^contoso-billing\/2\.1 identity\.js\/\S+$/),
      undefined,
    ]);
    expect(
      () =>
        new ManagedIdentityCredential({ env: IMDS, fetch, userAgentOptions: { userAgentPrefix: 'a\nb' } }),
    ).toThrow(InvalidArgumentError);
  });

  it('100 concurrent calls make one request, and later calls come from the cache', async () => {
    const { fetch, requests } = scriptedFetch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return token('shared');
    });
    const credential = new ManagedIdentityCredential({ env: APP_SERVICE, fetch });
    const tokens = await Promise.all(Array.from({ length: 100 }, () => credential.getToken(SCOPE)));
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['shared']));
    await credential.getToken(SCOPE);
    expect(requests).toHaveLength(1);
  });

  it('sends nothing for a caller that has already aborted', async () => {
    for (const env of [APP_SERVICE, IMDS]) {
      const { fetch, requests } = scriptedFetch(() => token());
      const credential = new ManagedIdentityCredential({ env, fetch });
      await expect(credential.getToken(SCOPE, { abortSignal: AbortSignal.abort() })).rejects.toBeInstanceOf(
        AbortError,
      );
      expect(requests).toHaveLength(0);
      await credential.getToken(SCOPE);
      await expect(credential.getToken(SCOPE, { abortSignal: AbortSignal.abort() })).rejects.toBeInstanceOf(
        AbortError,
      );
      expect(requests).toHaveLength(1);
    }
  });

  it('stops the request once every caller waiting for it has aborted', async () => {
    let stopped: AbortSignal | undefined;
    const { fetch } = scriptedFetch(
      (_request, init) =>
        new Promise<Response>(() => {
          stopped = init?.signal ?? undefined;
        }),
    );
    const caller = new AbortController();
    const call = new ManagedIdentityCredential({ env: APP_SERVICE, fetch }).getToken(SCOPE, {
      abortSignal: caller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    caller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
    expect(stopped?.aborted).toBe(true);
  });

  it('checks the scope of every call, also once a token is cached', async () => {
    const { fetch, requests } = scriptedFetch(() => token());
    const credential = new ManagedIdentityCredential({ env: APP_SERVICE, fetch });
    await credential.getToken(SCOPE);
    await credential.getToken([SCOPE]);
    for (let call = 0; call < 2; call++) {
      await expect(credential.getToken([SCOPE, SCOPE])).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(credential.getToken('bad scope')).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(requests).toHaveLength(1);
  });

  it("judges a shared cache's tokens by the credential's own clock", async () => {
    const { fetch, requests } = scriptedFetch(() => token());
    // Years before the system clock: by the system clock, every token of this credential has expired.
    const clock = manualClock(Date.UTC(2000, 0, 1));
    const tokenCache = new TokenCache();
    const credential = new ManagedIdentityCredential({ env: APP_SERVICE, fetch, clock, tokenCache });
    await credential.getToken(SCOPE);
    await credential.getToken(SCOPE);
    expect(requests).toHaveLength(1);
  });

  it('a network failure is CredentialUnavailableError naming the source and the identity', async () => {
    const { fetch } = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    });
    const error = await rejection(
      new ManagedIdentityCredential(CLIENT_ID, { env: IMDS, fetch }).getToken(SCOPE),
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('IMDS');
    expect(error.message).toContain(CLIENT_ID);
  });

  it('a response over 1 MiB is cut off and refused at once, not taken as a token', async () => {
    const huge = JSON.stringify({ access_token: 'a'.repeat(2 * 1024 * 1024), expires_in: 3599 });
    const { fetch, requests } = scriptedFetch(() => new Response(huge));
    const error = await rejection(new ManagedIdentityCredential({ env: APP_SERVICE, fetch }).getToken(SCOPE));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(
      'GET http://127.0.0.1:9/msi/token sent over 1 MiB: not a token response.',
    );
    expect(requests).toHaveLength(1);
  });

  it('returns a token that arrives already expired, with a warning that names clock skew', async () => {
    const clock = manualClock();
    const expiresOn = clock.now() / 1000 - 600;
    const { fetch } = scriptedFetch(() =>
      jsonResponse({ access_token: 'stale', expires_on: String(expiresOn) }),
    );
    const lines: string[] = [];
    setLogLevel('warning');
    setLogSink((level, namespace, message) => lines.push(`${namespace} ${level} ${message}`));
    try {
      const result = await new ManagedIdentityCredential({ env: APP_SERVICE, fetch, clock }).getToken(SCOPE);
      expect(result).toMatchObject({ token: 'stale', expiresOnTimestamp: expiresOn * 1000 });
      expect(lines).toEqual([
        "ManagedIdentityCredential warning AppService sent a token that expired 600 s ago: check this machine's clock for skew.",
      ]);
    } finally {
      setLogSink(undefined);
      setLogLevel(undefined);
    }
  });

  it('an HTTP refusal stops with an AuthenticationError', async () => {
    const { fetch } = scriptedFetch(() => jsonResponse({ statusCode: 401, message: 'bad header' }, 401));
    const error = await rejection(new ManagedIdentityCredential({ env: APP_SERVICE, fetch }).getToken(SCOPE));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('bad header');
  });
});

describe('IMDS retry schedule (injected clock)', () => {
  it('waits out a 410 that lasts for at least 70 seconds, then gives up', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(() => status(410));
    const { waits, error } = await settleOnClock(
      clock,
      new ManagedIdentityCredential({ env: IMDS, fetch, clock }).getToken(SCOPE),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(requests).toHaveLength(8);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(70_000);
  });

  it('recovers from a brief 410 in about 2 seconds', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(
      () => status(410),
      () => status(410),
      () => token(),
    );
    const { waits, value } = await settleOnClock(
      clock,
      new ManagedIdentityCredential({ env: IMDS, fetch, clock }).getToken(SCOPE),
    );
    expect(value).toMatchObject({ token: 'token' });
    expect(requests).toHaveLength(3);
    // 0.6 s and 1.2 s, each jittered upwards by at most a fifth.
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1_800);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2_160);
  });

  it('retries 404, 429 and 5xx with growing, jittered backoff, 3 times', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(
      () => status(404),
      () => status(429),
      () => status(503),
      () => status(500),
    );
    const { waits, error } = await settleOnClock(
      clock,
      new ManagedIdentityCredential({ env: IMDS, fetch, clock }).getToken(SCOPE),
    );
    expect(error).toMatchObject({ statusCode: 500 });
    expect(requests).toHaveLength(4);
    // 600 ms doubling, each jittered into the upper half of its step: 4.2 s at most in all.
    waits.forEach((wait, attempt) => {
      const step = 600 * 2 ** attempt;
      expect(wait).toBeGreaterThanOrEqual(step / 2);
      expect(wait).toBeLessThanOrEqual(step);
    });
  });

  it('honours Retry-After', async () => {
    const clock = manualClock();
    const { fetch } = scriptedFetch(
      () => status(429, { 'retry-after': '7' }),
      () => token(),
    );
    const { waits } = await settleOnClock(
      clock,
      new ManagedIdentityCredential({ env: IMDS, fetch, clock }).getToken(SCOPE),
    );
    expect(waits).toEqual([7000]);
  });

  it('honours retryOptions.maxRetries', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(() => status(500));
    const credential = new ManagedIdentityCredential({
      env: IMDS,
      fetch,
      clock,
      retryOptions: { maxRetries: 2 },
    });
    await settleOnClock(clock, credential.getToken(SCOPE));
    expect(requests).toHaveLength(3);
  });

  it('other sources retry 408/429/5xx per core, but not 404 or 410', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(
      () => status(503),
      () => status(404),
    );
    const { error } = await settleOnClock(
      clock,
      new ManagedIdentityCredential({ env: APP_SERVICE, fetch, clock }).getToken(SCOPE),
    );
    expect(requests).toHaveLength(2);
    expect(error).toMatchObject({ statusCode: 404 });
  });
});

describe('probe mode', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });

  it('a refused port is CredentialUnavailableError at once, after one request', async () => {
    const { fetch, requests } = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    });
    const started = Date.now();
    const error = await rejection(
      new ManagedIdentityCredential({ env: IMDS, fetch, probe: true }).getToken(SCOPE),
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.metadata).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a real refused loopback port fails fast too', async () => {
    const started = Date.now();
    const error = await rejection(new ManagedIdentityCredential({ env: IMDS, probe: true }).getToken(SCOPE));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a server that accepts but never answers times out at the probe timeout, without retries', async () => {
    let connections = 0;
    server = createServer(() => {
      connections++;
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const started = Date.now();
    const error = await rejection(
      new ManagedIdentityCredential({
        env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: `http://127.0.0.1:${port}` },
        probe: { timeoutInMs: 200 },
      }).getToken(SCOPE),
    );
    const elapsed = Date.now() - started;
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/timed out after 200 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);
    expect(connections).toBe(1);
  });

  it('a 403 "unreachable network" (Docker Desktop) is CredentialUnavailableError, with no retries', async () => {
    const unreachable = () =>
      new Response(
        'connecting to 169.254.169.254:80: A socket operation was attempted to an unreachable network.',
        {
          status: 403,
        },
      );
    const { fetch, requests } = scriptedFetch(unreachable, unreachable, unreachable);
    const error = await rejection(
      new ManagedIdentityCredential({ env: IMDS, fetch, probe: true }).getToken(SCOPE),
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/IMDS answered 403 for the system-assigned identity/);
    expect(error.message).toMatch(/unreachable from this network/);
    // The probe, then the real request; a 403 is not retried.
    expect(requests).toHaveLength(2);
  });

  it('any answer proves the endpoint; the real request follows, and the probe is not repeated', async () => {
    const { fetch, requests } = scriptedFetch(
      () =>
        jsonResponse(
          { error: 'invalid_request', error_description: 'Required metadata header not specified' },
          400,
        ),
      () => token('first'),
      () => token('second'),
    );
    const credential = new ManagedIdentityCredential({ env: IMDS, fetch, probe: true });
    await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ token: 'first' });
    await credential.getToken('https://storage.azure.com/.default');
    expect(requests.map((r) => r.headers.metadata)).toEqual([undefined, 'true', 'true']);
  });
});

describe('the portable credential (edge runtimes and browsers)', () => {
  it.each([
    [
      'AzureArc',
      {
        IDENTITY_ENDPOINT: 'http://127.0.0.1:9/metadata/identity/oauth2/token',
        IMDS_ENDPOINT: 'http://127.0.0.1:9',
      },
    ],
    [
      'ServiceFabric',
      { IDENTITY_ENDPOINT: 'https://127.0.0.1:9/', IDENTITY_HEADER: 'h', IDENTITY_SERVER_THUMBPRINT: 'ab' },
    ],
    ['TokenExchange', { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE: '/t' }],
  ])('detects %s, and says it needs Node.js without sending anything', async (source, env) => {
    const { fetch, requests } = scriptedFetch(() => token());
    const error = await rejection(new ManagedIdentityCredential({ env, fetch }).getToken(SCOPE));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`${source} needs Node.js (or Deno or Bun`);
    expect(requests).toHaveLength(0);
  });
});
