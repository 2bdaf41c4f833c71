import { AuthenticationError, CredentialUnavailableError } from '@identity/core';
import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import type { ManagedIdentityId } from './managed-identity-id.js';
import { parseExpiresOn, readTokenResponse } from './managed-identity-response.js';

const NOW = Date.UTC(2026, 0, 1);
const SYSTEM: ManagedIdentityId = { kind: 'system' };
const answer = (status: number, body: unknown) => ({
  status,
  headers: new Headers(),
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
};

describe('parseExpiresOn', () => {
  it.each([
    ['epoch seconds as a number', 1579152252, 1579152252000],
    ['epoch seconds as a string', '1579152252', 1579152252000],
    ['an ISO date', '2020-01-16T05:24:12Z', Date.UTC(2020, 0, 16, 5, 24, 12)],
    ['an ISO date with an offset', '2020-01-16T07:24:12+02:00', Date.UTC(2020, 0, 16, 5, 24, 12)],
    ['Azure ML on Linux', '06/20/2019 02:57:58 +00:00', Date.UTC(2019, 5, 20, 2, 57, 58)],
    ['Azure ML on Windows, AM', '1/16/2020 5:24:12 AM +00:00', Date.UTC(2020, 0, 16, 5, 24, 12)],
    ['Azure ML on Windows, PM', '1/16/2020 5:24:12 PM +00:00', Date.UTC(2020, 0, 16, 17, 24, 12)],
    ['Azure ML, 12 AM is midnight', '1/16/2020 12:00:00 AM +00:00', Date.UTC(2020, 0, 16, 0, 0, 0)],
    ['Azure ML, 12 PM is noon', '1/16/2020 12:00:00 PM +00:00', Date.UTC(2020, 0, 16, 12, 0, 0)],
    ['a US date with a negative offset', '1/16/2020 5:24:12 AM -05:00', Date.UTC(2020, 0, 16, 10, 24, 12)],
    // Epoch milliseconds, which some token proxies send: read as seconds they would put the expiry in the year
    // 58000, and the token would be cached (and served expired) for ever. No epoch in seconds is that large
    // before the year 5138.
    ['epoch milliseconds as a number', 1579152252000, 1579152252000],
    ['epoch milliseconds as a string', '1579152252000', 1579152252000],
  ])('reads %s', (_, value, expected) => {
    expect(parseExpiresOn(value)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    '',
    'soon',
    '0',
    'Thursday',
    {},
    // Dates in shapes no source sends never reach Date.parse's engine-specific reading.
    'Thu, 16 Jan 2020 05:24:12 GMT',
    '2020-01-16',
    // US-shaped, but not a date.
    '13/45/2020 5:00:00 +00:00',
    '1/16/2020 5 banana',
    // A US date without its offset would be local time.
    '1/16/2020 5:24:12 AM',
    // So would an ISO date and time without one: the expiry would move by this machine's UTC offset.
    '2020-01-16T05:24:12',
    // Past any epoch, in seconds or milliseconds: not an expiry (Infinity, once read).
    '9'.repeat(400),
    1e15,
  ])('gives up on %j', (value) => {
    // In a time zone away from UTC, as many servers and laptops are, so local-time readings show.
    const zone = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(parseExpiresOn(value)).toBeUndefined();
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('readTokenResponse', () => {
  it('takes expires_on first, refresh_in when given, half-life for long tokens', () => {
    const token = readTokenResponse(
      answer(200, {
        access_token: 'a',
        expires_on: String(NOW / 1000 + 3600),
        expires_in: '10',
        refresh_in: 600,
      }),
      NOW,
      { source: 'IMDS' },
      SYSTEM,
    );
    expect(token).toMatchObject({ token: 'a', tokenType: 'Bearer', expiresOnTimestamp: NOW + 3_600_000 });
    expect(token.refreshAfterTimestamp).toBe(NOW + 600_000);
    const long = readTokenResponse(
      answer(200, { access_token: 'a', expires_in: 86400 }),
      NOW,
      { source: 'IMDS' },
      SYSTEM,
    );
    expect(long.expiresOnTimestamp).toBe(NOW + 86_400_000);
    expect(long.refreshAfterTimestamp).toBe(NOW + 43_200_000);
  });

  it('a 200 that is not a token is an AuthenticationError INVALID_RESPONSE with a redacted excerpt', () => {
    const secret = testSecret('leaked');
    for (const body of [
      '<html>oops</html>',
      { access_token: '' },
      { access_token: 'a', expires_on: 'soon' },
      `{"access_token":"${secret}"`,
    ]) {
      const error = failure(() =>
        readTokenResponse(answer(200, body), NOW, { source: 'AppService' }, SYSTEM),
      );
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_RESPONSE', statusCode: 200 });
      expect(error.message).not.toContain(secret);
    }
  });

  it('a token of another type than Bearer is an INVALID_RESPONSE: handed out as Bearer, every service would refuse it', () => {
    for (const tokenType of ['pop', 'mtls_pop', 'MAC', 5]) {
      const body = { access_token: testSecret('pop'), expires_in: 3600, token_type: tokenType };
      const error = failure(() => readTokenResponse(answer(200, body), NOW, { source: 'IMDS' }, SYSTEM));
      expect(error).toMatchObject({ code: 'INVALID_RESPONSE', statusCode: 200 });
    }
    // Bearer in any case, or no token_type at all, is a Bearer token.
    for (const tokenType of ['Bearer', 'bearer', undefined]) {
      const body = { access_token: 'a', expires_in: 3600, token_type: tokenType };
      expect(readTokenResponse(answer(200, body), NOW, { source: 'IMDS' }, SYSTEM).tokenType).toBe('Bearer');
    }
  });

  it('IMDS 400 is "not assigned": CredentialUnavailableError naming the identity', () => {
    const id: ManagedIdentityId = { kind: 'clientId', value: '11111111-1111-1111-1111-111111111111' };
    const error = failure(() =>
      readTokenResponse(
        answer(400, { error: 'invalid_request', error_description: 'Identity not found' }),
        NOW,
        { source: 'IMDS' },
        id,
      ),
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(id.value);
    expect(error.message).toContain('Identity not found');
  });

  it('a 403 "unreachable" (Docker Desktop) is CredentialUnavailableError', () => {
    const error = failure(() =>
      readTokenResponse(
        answer(
          403,
          'connecting to 169.254.169.254:80: A socket operation was attempted to an unreachable network.',
        ),
        NOW,
        { source: 'IMDS' },
        SYSTEM,
      ),
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
  });

  it.each([
    [
      'Entra',
      { error: 'invalid_resource', error_description: 'AADSTS500011: not found' },
      'invalid_resource',
      'AADSTS500011: not found',
    ],
    [
      'ARM',
      { error: { code: 'SecretHeaderNotFound', message: 'Secret is not found' } },
      'SecretHeaderNotFound',
      'Secret is not found',
    ],
    [
      'App Service',
      { statusCode: 401, message: 'The header is not valid.' },
      'unknown_error',
      'The header is not valid.',
    ],
  ])('maps the %s error shape into AuthenticationError', (_, body, error, description) => {
    const thrown = failure(() =>
      readTokenResponse(answer(401, body), NOW, { source: 'AppService' }, SYSTEM),
    ) as AuthenticationError;
    expect(AuthenticationError.isInstance(thrown)).toBe(true);
    expect(thrown.statusCode).toBe(401);
    expect(thrown.errorResponse).toMatchObject({ error, errorDescription: description });
    expect(thrown.message).toContain('AppService');
  });

  it('a non-JSON error body is kept as a short excerpt', () => {
    const thrown = failure(() =>
      readTokenResponse(answer(502, '<html>Bad gateway</html>'), NOW, { source: 'AppService' }, SYSTEM),
    );
    expect(thrown).toMatchObject({ statusCode: 502 });
    expect(thrown.message).toContain('Bad gateway');
  });

  it("a token the endpoint's checkToken refuses is an INVALID_RESPONSE that says why", () => {
    const body = { access_token: 'a', expires_in: 3600 };
    const refusing = { source: 'AzureArc' as const, checkToken: () => 'a token for another identity' };
    expect(failure(() => readTokenResponse(answer(200, body), NOW, refusing, SYSTEM))).toMatchObject({
      code: 'INVALID_RESPONSE',
      message: expect.stringContaining('a token for another identity'),
    });
    const accepting = { source: 'AzureArc' as const, checkToken: () => undefined };
    expect(readTokenResponse(answer(200, body), NOW, accepting, SYSTEM).token).toBe('a');
  });
});
