import { inspect } from 'node:util';
import { jsonResponse, manualClock, scriptedFetch } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from './errors.js';
import { exponentialRetryPolicy, HttpClient, MAX_RESPONSE_BYTES } from './http-transport.js';
import { parseTokenResponse, requestToken } from './token-endpoint.js';
import { VERSION } from './version.js';

const context = { credentialName: 'TestCredential', anchor: 'test' };
const now = Date.UTC(2026, 0, 1);

describe('parseTokenResponse', () => {
  it('reads the token, its expiry and its refresh time', () => {
    const token = parseTokenResponse(
      '{"access_token":"abc","expires_in":3599,"token_type":"Bearer"}',
      now,
      context,
    );
    expect(token).toEqual({
      token: 'abc',
      tokenType: 'Bearer',
      expiresOnTimestamp: now + 3_599_000,
      refreshAfterTimestamp: now + 3_299_000,
    });
  });

  it('accepts expires_in as a string, as Entra v1 and B2C send it', () => {
    expect(
      parseTokenResponse('{"access_token":"abc","expires_in":"3599"}', now, context).expiresOnTimestamp,
    ).toBe(now + 3_599_000);
  });

  it('honours refresh_in', () => {
    const token = parseTokenResponse(
      '{"access_token":"abc","expires_in":86400,"refresh_in":"43200"}',
      now,
      context,
    );
    expect(token.refreshAfterTimestamp).toBe(now + 43_200_000);
  });

  it('refuses responses without a usable token, with an excerpt that hides secrets', () => {
    for (const body of [
      '',
      '<html>gateway</html>',
      '{"access_token":"","expires_in":1}',
      '{"access_token":"x"}',
      '{"access_token":"x","expires_in":-5}',
    ]) {
      const error = (() => {
        try {
          parseTokenResponse(body, now, context);
        } catch (e) {
          return e;
        }
      })();
      expect(AuthenticationError.isInstance(error), body).toBe(true);
      expect((error as AuthenticationError).code).toBe('INVALID_RESPONSE');
    }
    const withSecret = () => parseTokenResponse('{"refresh_token":"rt-TEST-SECRET-9"}', now, context);
    expect(withSecret).toThrow(/TestCredential failed \(HTTP 200\): invalid_response/);
    expect(withSecret).not.toThrow(/TEST-SECRET/);
  });

  it('keeps a refresh token that came without an access token out of every part of the error, raw body included', () => {
    let error: unknown;
    try {
      parseTokenResponse('{"refresh_token":"rt/TEST-SECRET-8","expires_in":"x"}', now, context);
    } catch (e) {
      error = e;
    }
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(inspect(error, { showHidden: true, depth: null })).not.toContain('TEST-SECRET');
    expect(JSON.stringify(error)).not.toContain('TEST-SECRET');
  });
});

describe('requestToken', () => {
  it('POSTs the form with the telemetry headers Entra reads and returns the token', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({ access_token: 'abc', expires_in: 60 }));
    const clock = manualClock(now);
    const http = new HttpClient({ fetch, clock });
    const token = await requestToken(
      'https://login.example.test/t/oauth2/v2.0/token',
      { grant_type: 'client_credentials', scope: 'a b' },
      { ...context, http, clock },
    );
    expect(token.token).toBe('abc');
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=utf-8');
    expect(requests[0]?.headers).toMatchObject({
      'x-client-sku': 'identity.js',
      'x-client-ver': VERSION,
      'client-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'return-client-request-id': 'true',
    });
    expect(requests[0]?.body).toBe('grant_type=client_credentials&scope=a+b');
  });

  it("sends the client's own headers (its User-Agent) beside Entra's, which they cannot replace", async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({ access_token: 'abc', expires_in: 60 }));
    const clock = manualClock(now);
    const http = new HttpClient({ fetch, clock });
    const headers = { 'user-agent': 'app/1 identity.js/1.0.0', 'content-type': 'text/plain' };
    await requestToken(
      'https://login.example.test/t/oauth2/v2.0/token',
      {},
      { ...context, http, clock, headers },
    );
    expect(requests[0]?.headers).toMatchObject({
      'user-agent': 'app/1 identity.js/1.0.0',
      'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
      'x-client-sku': 'identity.js',
    });
  });

  it("names the request's client-request-id in errors, so the sign-in can be found in Entra's logs", async () => {
    const { fetch, requests } = scriptedFetch(
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
      () => {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9.') });
      },
    );
    const clock = manualClock(now);
    const http = new HttpClient({ fetch, clock, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await requestToken(
        'https://x.test/t/oauth2/v2.0/token',
        {},
        { ...context, http, clock },
      ).catch((e) => e);
      const id = requests[attempt]?.headers['client-request-id'];
      expect(error.errorResponse.correlationId).toBe(id);
      expect(error.message).toContain(`Correlation id ${id}.`);
      // A system message's own period is not doubled.
      expect(error.message).not.toMatch(/\.\./);
    }
  });

  it("redacts the form's secret values from every error, even where the answer quotes them in prose", async () => {
    const secret = 'Q8~client-TEST-SECRET-1';
    const password = 'hunter2-TEST-SECRET-2';
    const { fetch } = scriptedFetch(
      () =>
        jsonResponse(
          { error: 'invalid_client', error_description: `Secret ${secret} and ${password} are wrong.` },
          401,
        ),
      // A 200 that is not a usable token still holds one: it is redacted too.
      () => jsonResponse({ access_token: 'opaque-TEST-SECRET-3', expires_in: 'soon' }),
    );
    const clock = manualClock(now);
    const http = new HttpClient({ fetch, clock, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    const form = { grant_type: 'password', client_secret: secret, password, scope: 's' };
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await requestToken('https://x.test/t/oauth2/v2.0/token', form, {
        ...context,
        http,
        clock,
      }).catch((e) => e);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(inspect(error, { showHidden: true, depth: 5 })).not.toContain('TEST-SECRET');
      expect(JSON.stringify(error)).not.toContain('TEST-SECRET');
    }
  });

  it('never leaves half of a secret in the excerpt of an answer that is not JSON', async () => {
    // A proxy's error page that echoes the password: the excerpt (200 characters) must not cut it in two.
    const password = `${'p'.repeat(150)}-TEST-SECRET-${'q'.repeat(60)}`;
    const page = `<html><body>Request refused: ${password}</body></html>`;
    const { fetch } = scriptedFetch(
      () => new Response(page, { status: 403 }),
      () => new Response(page, { status: 200 }),
    );
    const clock = manualClock(now);
    const http = new HttpClient({ fetch, clock, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await requestToken(
        'https://x.test/t/oauth2/v2.0/token',
        { grant_type: 'password', password, scope: 's' },
        { ...context, http, clock },
      ).catch((e) => e);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(inspect(error, { showHidden: true, depth: 5 })).not.toContain('TEST-SECRET');
      expect(error.message).toContain('Request refused: [redacted]');
    }
  });

  it("turns an Entra error into an AuthenticationError pointing at the guide's Entra codes", async () => {
    const { fetch } = scriptedFetch(() =>
      jsonResponse(
        {
          error: 'unauthorized_client',
          error_description: 'AADSTS700016: Application not found.',
          error_codes: [700016],
        },
        400,
      ),
    );
    const clock = manualClock(now);
    const error = await requestToken(
      'https://x.test/t/oauth2/v2.0/token',
      {},
      { ...context, http: new HttpClient({ fetch, clock }), clock },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.statusCode).toBe(400);
    expect(error.errorResponse.errorCodes).toEqual([700016]);
    expect(error.message).toMatch(/AADSTS700016: Application not found\. .*#entra-error-codes$/);
  });

  it('says to reuse the credential when throttled', async () => {
    const { fetch } = scriptedFetch(() => jsonResponse({ error: 'temporarily_unavailable' }, 429));
    const clock = manualClock(now);
    const http = new HttpClient({ fetch, clock, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    const error = await requestToken(
      'https://x.test/t/oauth2/v2.0/token',
      {},
      { ...context, http, clock },
    ).catch((e) => e);
    expect(error.message).toContain('reuse one credential instance');
  });

  it('reports an unreachable service as an AuthenticationError with its own network code', async () => {
    const { fetch } = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND x.test') });
    });
    const clock = manualClock(now);
    const http = new HttpClient({ fetch, clock, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    const error = await requestToken(
      'https://x.test/t/oauth2/v2.0/token',
      {},
      { ...context, http, clock },
    ).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AUTHENTICATION_NETWORK_ERROR');
    expect(error.cause.code).toBe('NETWORK_ERROR');
    expect(error.statusCode).toBe(0);
    expect(error.message).toContain('ENOTFOUND');
  });

  it('refuses a 100 MB token response after reading 1 MiB of it, without retrying', async () => {
    // A well-formed token whose access_token is 100 MB, made as it is read.
    const encoder = new TextEncoder();
    const padding = encoder.encode('a'.repeat(64 * 1024));
    let made = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (made === 0) controller.enqueue(encoder.encode('{"access_token":"'));
          if (made >= 100_000_000) {
            controller.enqueue(encoder.encode('","expires_in":3599}'));
            return controller.close();
          }
          made += padding.length;
          controller.enqueue(padding);
        },
      },
      { highWaterMark: 0 },
    );
    const { fetch, requests } = scriptedFetch(() => new Response(body));
    const clock = manualClock(now);
    const error = await requestToken(
      'https://x.test/t/oauth2/v2.0/token',
      {},
      { ...context, http: new HttpClient({ fetch, clock }), clock },
    ).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AUTHENTICATION_NETWORK_ERROR');
    expect(error.cause.code).toBe('NETWORK_ERROR');
    expect(error.message).toContain('sent over 1 MiB: not a token response');
    expect(requests).toHaveLength(1);
    expect(made).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + padding.length);
  });
});
