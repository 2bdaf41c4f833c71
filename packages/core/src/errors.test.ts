import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AnyIdentityError } from './errors.js';
import {
  AbortError,
  AggregateAuthenticationError,
  AggregateAuthenticationErrorName,
  AuthenticationError,
  AuthenticationErrorName,
  AuthenticationRequiredError,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  IdentityError,
  InvalidArgumentError,
  isIdentityError,
  isUnavailable,
  NetworkError,
  needsInteraction,
  refusal,
  splitTroubleshooting,
  TROUBLESHOOTING_GUIDE,
  troubleshooting,
} from './errors.js';
import type { GetTokenOptions } from './token-credential.js';

const entraBody = {
  error: 'invalid_client',
  error_description:
    'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1b2c\r\nCorrelation ID: 9f8e\r\nTimestamp: 2026-11-28 10:00:00Z',
  error_codes: [7000215],
  timestamp: '2026-11-28 10:00:00Z',
  trace_id: '1b2c',
  correlation_id: '9f8e',
};

describe('error names and codes', () => {
  it('use the names of @azure/identity, so code that checks `name` keeps working', () => {
    expect(new CredentialUnavailableError('x').name).toBe('CredentialUnavailableError');
    expect(new AuthenticationError(400, {}).name).toBe('AuthenticationError');
    expect(new AuthenticationRequiredError({ scopes: ['s'] }).name).toBe('AuthenticationRequiredError');
    expect(new AggregateAuthenticationError([]).name).toBe('AggregateAuthenticationError');
    expect(new AbortError().name).toBe('AbortError');
  });

  it('carry a machine-readable code', () => {
    expect(new CredentialUnavailableError('x').code).toBe('CREDENTIAL_UNAVAILABLE');
    expect(new AuthenticationError(401, entraBody).code).toBe('AUTHENTICATION_FAILED');
    expect(new AuthenticationRequiredError({ scopes: [] }).code).toBe('AUTHENTICATION_REQUIRED');
    expect(new AggregateAuthenticationError([]).code).toBe('AGGREGATE_AUTHENTICATION_FAILED');
    expect(new InvalidArgumentError('x').code).toBe('INVALID_ARGUMENT');
    expect(new NetworkError('x', { code: 'REQUEST_TIMEOUT' }).code).toBe('REQUEST_TIMEOUT');
    expect(new AbortError().code).toBe('ABORTED');
  });

  it('are Errors with a stack and keep their cause', () => {
    const cause = new Error('socket hang up');
    const error = new NetworkError('failed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toContain('NetworkError');
    expect(error.cause).toBe(cause);
  });

  it('export the names as @azure/identity does', () => {
    expect(CredentialUnavailableErrorName).toBe(new CredentialUnavailableError().name);
    expect(AuthenticationErrorName).toBe(new AuthenticationError(400, {}).name);
    expect(AggregateAuthenticationErrorName).toBe(new AggregateAuthenticationError([]).name);
  });
});

describe('constructing errors as @azure/identity does', () => {
  const cause = new Error('root cause');

  it('takes no message at all, as a custom credential signalling "unavailable" writes it', () => {
    for (const error of [
      new CredentialUnavailableError(),
      new InvalidArgumentError(),
      new NetworkError(),
      new AggregateAuthenticationError(),
    ]) {
      expect(error.message.startsWith('undefined')).toBe(false);
      expect(isIdentityError(error)).toBe(true);
    }
    expect(new CredentialUnavailableError().message).toBe('');
  });

  it('takes a message and a cause', () => {
    expect(new CredentialUnavailableError('no az', { cause })).toMatchObject({ message: 'no az', cause });
    expect(new AuthenticationError(401, { error: 'invalid_client' }, { cause }).cause).toBe(cause);
    expect(new AuthenticationRequiredError({ scopes: ['s'], cause }).cause).toBe(cause);
    expect(new AbortError(undefined, { cause })).toMatchObject({ message: 'Aborted by the caller.', cause });
  });

  it('types getTokenOptions as GetTokenOptions and errors as Errors', () => {
    const required = new AuthenticationRequiredError({ scopes: ['s'], getTokenOptions: { tenantId: 't' } });
    expectTypeOf(required.getTokenOptions).toEqualTypeOf<GetTokenOptions | undefined>();
    expect(required.getTokenOptions?.tenantId).toBe('t');

    const aggregate = new AggregateAuthenticationError([new Error('first'), 'second', { reason: 3 }]);
    expectTypeOf(aggregate.errors).toEqualTypeOf<Error[]>();
    // A thrown non-Error is wrapped, keeping what was thrown as the cause.
    expect(aggregate.errors.map((e) => e.message)).toEqual(['first', 'second', '[object Object]']);
    expect(aggregate.errors[2]?.cause).toEqual({ reason: 3 });
  });
});

describe('codes', () => {
  it('belong to exactly one class, so a switch on code narrows', () => {
    const describeError = (error: AnyIdentityError): string => {
      switch (error.code) {
        case 'NETWORK_ERROR':
        case 'REQUEST_TIMEOUT':
          expectTypeOf(error).toEqualTypeOf<NetworkError>();
          // @ts-expect-error a NetworkError has no HTTP status
          return String(error.statusCode);
        case 'AUTHENTICATION_NETWORK_ERROR':
        case 'AUTHENTICATION_REQUEST_TIMEOUT':
        case 'AUTHENTICATION_FAILED':
        case 'INVALID_RESPONSE':
          expectTypeOf(error).toEqualTypeOf<AuthenticationError>();
          return `HTTP ${error.statusCode}`;
        case 'CREDENTIAL_UNAVAILABLE':
          expectTypeOf(error).toEqualTypeOf<CredentialUnavailableError>();
          return 'next';
        case 'AUTHENTICATION_REQUIRED':
          return error.scopes.join(' ');
        case 'AGGREGATE_AUTHENTICATION_FAILED':
          return String(error.errors.length);
        case 'INVALID_ARGUMENT':
          expectTypeOf(error).toEqualTypeOf<InvalidArgumentError>();
          return 'fix';
        case 'ABORTED':
          expectTypeOf(error).toEqualTypeOf<AbortError>();
          return 'aborted';
      }
    };
    expect(describeError(new AuthenticationError(503, {}, { code: 'AUTHENTICATION_REQUEST_TIMEOUT' }))).toBe(
      'HTTP 503',
    );
    expect(describeError(new CredentialUnavailableError())).toBe('next');
    const error: unknown = new InvalidArgumentError('x');
    if (isIdentityError(error)) expectTypeOf(error).toEqualTypeOf<AnyIdentityError>();
  });
});

describe('troubleshooting', () => {
  it('points at an anchor of the guide', () => {
    expect(troubleshooting('client-secret-credential')).toBe(
      `Troubleshooting: ${TROUBLESHOOTING_GUIDE}#client-secret-credential`,
    );
  });

  it('splits a message from its pointer, so a wrapping error keeps one', () => {
    expect(splitTroubleshooting(`tenantId is missing. ${troubleshooting('tenant-id')}`)).toEqual([
      'tenantId is missing.',
      'tenant-id',
    ]);
    expect(splitTroubleshooting('no pointer.\nsecond line')).toEqual(['no pointer.\nsecond line', undefined]);
  });
});

describe('recognising errors', () => {
  it('isInstance tells the classes apart', () => {
    const unavailable = new CredentialUnavailableError('x');
    expect(CredentialUnavailableError.isInstance(unavailable)).toBe(true);
    expect(AuthenticationError.isInstance(unavailable)).toBe(false);
    expect(IdentityError.isInstance(unavailable)).toBe(true);
    expect(isIdentityError(new Error('plain'))).toBe(false);
    expect(CredentialUnavailableError.isInstance({ name: 'CredentialUnavailableError' })).toBe(false);
  });

  it('recognises errors thrown by a second installed copy of the package', () => {
    // The CommonJS build is a separate copy of every class, as a duplicate install would be.
    const other = createRequire(import.meta.url)('../dist/index.cjs') as typeof import('./index.js');
    const foreign = new other.CredentialUnavailableError('from the other copy');
    expect(foreign).not.toBeInstanceOf(CredentialUnavailableError);
    expect(CredentialUnavailableError.isInstance(foreign)).toBe(true);
    expect(isUnavailable(foreign)).toBe(true);
    expect(AuthenticationError.isInstance(new other.AuthenticationError(401, entraBody))).toBe(true);
  });

  it('isUnavailable accepts @azure/identity errors by name, and only the ones a chain may pass', () => {
    const peerError = Object.assign(new Error('no az'), { name: 'CredentialUnavailableError' });
    expect(isUnavailable(peerError)).toBe(true);
    expect(isUnavailable(new AuthenticationRequiredError({ scopes: ['s'] }))).toBe(true);
    expect(isUnavailable(new AuthenticationError(401, entraBody))).toBe(false);
    expect(isUnavailable(new TypeError('bug'))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
  });
});

describe('AuthenticationError', () => {
  const error = new AuthenticationError(401, entraBody, {
    credentialName: 'ClientSecretCredential',
    nextStep: 'Check the client secret.',
    anchor: 'aadsts7000215',
  });

  it('keeps every detail Entra returned', () => {
    expect(error.statusCode).toBe(401);
    expect(error.errorResponse).toEqual({
      error: 'invalid_client',
      errorDescription: entraBody.error_description,
      errorCodes: [7000215],
      timestamp: '2026-11-28 10:00:00Z',
      traceId: '1b2c',
      correlationId: '9f8e',
    });
    expect(error.credentialName).toBe('ClientSecretCredential');
  });

  it('says who failed, why, the ids to quote, what to do next and where to read more, in sentences', () => {
    expect(error.message).toBe(
      'ClientSecretCredential failed (HTTP 401): invalid_client - AADSTS7000215: Invalid client secret provided. Correlation id 9f8e, trace id 1b2c. Check the client secret. Troubleshooting: @identity/core/TROUBLESHOOTING.md#aadsts7000215',
    );
  });

  it('names the request id as the correlation id when the body has none', () => {
    const unreachable = new AuthenticationError(
      0,
      { error: 'network_error', error_description: 'POST https://login.example/t timed out after 10000 ms.' },
      { correlationId: 'request-1', code: 'AUTHENTICATION_REQUEST_TIMEOUT' },
    );
    expect(unreachable.message).toBe(
      'Authentication failed: network_error - POST https://login.example/t timed out after 10000 ms. Correlation id request-1. Troubleshooting: @identity/core/TROUBLESHOOTING.md#authentication-failed',
    );
    expect(unreachable.errorResponse.correlationId).toBe('request-1');
    expect(error.errorResponse.correlationId).toBe('9f8e');
  });

  it('keeps the raw body, as text, out of serialisation', () => {
    expect(error.rawBody).toBe(JSON.stringify(entraBody));
    expect(new AuthenticationError(502, '<html>Bad gateway</html>').rawBody).toBe('<html>Bad gateway</html>');
    expect(Object.keys(error)).not.toContain('rawBody');
    expect(JSON.parse(JSON.stringify(error))).not.toHaveProperty('rawBody');
  });

  it('reads bodies that are not JSON objects', () => {
    expect(new AuthenticationError(400, 'Bad Request').errorResponse).toMatchObject({
      error: 'invalid_request',
      errorDescription: 'Bad Request',
    });
    expect(new AuthenticationError(502, undefined).errorResponse.error).toBe('unknown_error');
  });

  it('never repeats a secret that reached its text', () => {
    const leaked = new AuthenticationError(400, {
      error: 'invalid_request',
      error_description:
        'bad body client_secret=abc-TEST-SECRET-1 and Bearer eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln',
    });
    expect(leaked.message).not.toContain('TEST-SECRET');
    expect(leaked.message).not.toContain('eyJhbGciOi');
    expect(leaked.errorResponse.errorDescription).not.toContain('TEST-SECRET');
    expect(leaked.rawBody).not.toContain('TEST-SECRET');
  });

  it("never shows the request's secrets, even quoted in prose: not in message, stack, JSON, raw body or inspection", () => {
    const secret = 'Xy7~q-TEST-SECRET-prose';
    const echoed = new AuthenticationError(
      401,
      {
        error: 'invalid_client',
        error_description: `The client secret '${secret}' is not valid for this application.`,
      },
      { credentialName: 'ClientSecretCredential', secrets: [secret] },
    );
    for (const text of [
      echoed.message,
      String(echoed.stack),
      JSON.stringify(echoed),
      echoed.rawBody,
      inspect(echoed, { showHidden: true, depth: 5 }),
    ]) {
      expect(text).not.toContain('TEST-SECRET');
    }
    expect(echoed.message).toContain("The client secret '[redacted]' is not valid");
  });

  it("never shows the request's secrets in any field of errorResponse: error, codes, timestamp, trace and correlation ids", () => {
    // A hostile or echoing endpoint may put what it received anywhere in its answer: a managed-identity endpoint
    // its X-IDENTITY-HEADER in `error`, Azure DevOps the job's access token in its correlation headers.
    const secret = 'Xy7~q-TEST-SECRET-fields';
    const echoed = new AuthenticationError(
      401,
      {
        error: `bad header ${secret}`,
        error_description: 'refused',
        error_codes: [secret, 7000215, { nested: secret }],
        timestamp: secret,
        trace_id: secret,
        correlation_id: { id: secret },
      },
      { credentialName: 'ManagedIdentityCredential', secrets: [secret] },
    );
    for (const text of [
      JSON.stringify(echoed),
      JSON.stringify(echoed.errorResponse),
      inspect(echoed, { showHidden: true, depth: 5 }),
    ]) {
      expect(text).not.toContain('TEST-SECRET');
    }
    expect(echoed.errorResponse).toMatchObject({
      error: 'bad header [redacted]',
      errorCodes: ['[redacted]', 7000215, { nested: '[redacted]' }],
      timestamp: '[redacted]',
      traceId: '[redacted]',
    });
  });

  it.each([
    ['a quote', 'Pa"ss-TEST-SECRET-quote'],
    ['a backslash', 'C:\\TEST-SECRET-slash'],
    ['a control character', 'Tab\tTEST-SECRET-control'],
  ])(
    'never shows a password with %s that an endpoint echoes, not even JSON-escaped in the raw body',
    (_, password) => {
      // The raw body is JSON text: the echoed value is in it escaped, not as the request carried it.
      const echoed = new AuthenticationError(
        400,
        {
          error: 'invalid_grant',
          error_description: `AADSTS50126: bad password ${password}`,
          echo: password,
        },
        { credentialName: 'UsernamePasswordCredential', secrets: [password] },
      );
      for (const text of [
        echoed.message,
        String(echoed.stack),
        JSON.stringify(echoed),
        echoed.rawBody,
        inspect(echoed, { showHidden: true, depth: 5 }),
      ]) {
        expect(text).not.toContain('TEST-SECRET');
      }
    },
  );

  it('never shows part of a secret that its first line or its excerpt would cut in two', () => {
    // The message keeps the description's first line, and at most 500 characters of a body that is not JSON: a
    // secret echoed across the cut must not leave its first half behind.
    const password = 'first-half-TEST-SECRET\nsecond-half';
    const byLine = new AuthenticationError(
      400,
      { error: 'invalid_grant', error_description: `AADSTS50126: bad password ${password}` },
      { secrets: [password] },
    );
    const long = `${'x'.repeat(470)}TEST-SECRET-${'y'.repeat(40)}`;
    const byLength = new AuthenticationError(502, `<html>echo ${long}</html>`, { secrets: [long] });
    for (const error of [byLine, byLength]) {
      expect(error.message).not.toContain('TEST-SECRET');
      expect(error.errorResponse.errorDescription).not.toContain('TEST-SECRET');
      expect(error.rawBody).not.toContain('TEST-SECRET');
    }
  });
});

describe("AuthenticationError's message, from what an endpoint sent", () => {
  // Every C0 control character, DEL and C1 (0x80-0x9f): ESC sequences, CR, BEL... reach logs and terminals.
  const controls = [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)]
    .map((code) => String.fromCharCode(code))
    .filter((c) => c !== '\n');

  it('turns every control character of the description into a space, and keeps the body as received', () => {
    const description = `AADSTS50076: a\u001b[2J\u001b]0;pwned\u0007b\rc${controls.join('')}d.\r\nTrace ID: t`;
    const error = new AuthenticationError(400, { error: 'invalid_grant', error_description: description });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is checked for.
    expect(error.message).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(error.message).toContain('invalid_grant - AADSTS50076: a [2J ]0;pwned b c');
    expect(error.errorResponse.errorDescription).toBe(description);
    expect(error.rawBody).toContain('\\u001b[2J');
  });

  it('keeps at most 1,000 characters of a description in its message, and the whole one in errorResponse', () => {
    // An endpoint that answers a description of a megabyte (broken or hostile) must not put it in every log line.
    const description = `AADSTS50011: ${'x'.repeat(900_000)}`;
    const error = new AuthenticationError(400, { error: 'invalid_request', error_description: description });
    expect(error.message.length).toBeLessThan(1_200);
    expect(error.message).toContain(`invalid_request - AADSTS50011: ${'x'.repeat(900)}`);
    expect(error.message).toMatch(/#entra-error-codes|#authentication-failed/);
    expect(error.errorResponse.errorDescription).toBe(description);
  });

  it('turns control characters of the error and ids into spaces too, and of a body that is not JSON', () => {
    const fromJson = new AuthenticationError(400, {
      error: 'invalid\u001b[31m_grant',
      error_description: 'AADSTS1: x',
      correlation_id: 'c\u0007id',
      trace_id: 't\u009bid',
    });
    const fromText = new AuthenticationError(
      502,
      `<html>\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007</html>`,
    );
    for (const error of [fromJson, fromText]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is checked for.
      expect(error.message).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    }
    expect(fromJson.message).toContain(
      'invalid [31m_grant - AADSTS1: x. Correlation id c id, trace id t id.',
    );
  });
});

describe('needsInteraction: the refusals of a user flow that only an interactive sign-in settles', () => {
  const refused = (body: Record<string, unknown>) => new AuthenticationError(400, body);

  it.each([
    [{ error: 'interaction_required' }],
    [{ error: 'consent_required' }],
    [{ error: 'login_required' }],
    // Entra's password grant for a user who must use MFA: invalid_grant, and a suberror MSAL reads.
    [{ error: 'invalid_grant', suberror: 'basic_action' }],
    [{ error: 'invalid_grant', suberror: 'additional_action' }],
    [{ error: 'invalid_grant', suberror: 'message_only' }],
    [{ error: 'invalid_grant', suberror: 'user_password_expired' }],
    [{ error: 'invalid_grant', suberror: 'consent_required' }],
  ])('%j: yes', (body) => {
    expect(needsInteraction(refused({ error_description: 'AADSTS50076: MFA.', ...body }))).toBe(true);
  });

  it.each([
    // A wrong password, a dead refresh token, a broken request: faults to fix, not reasons to sign in.
    [{ error: 'invalid_grant', error_description: 'AADSTS50126: invalid username or password.' }],
    [{ error: 'invalid_grant', suberror: 'bad_token' }],
    [{ error: 'invalid_client' }],
    // Only the fields count: not the words in a description, nor a field of another name.
    [{ error: 'invalid_grant', error_description: '"error":"interaction_required" suberror basic_action' }],
    [{ error: 'invalid_grant', inner_error: 'interaction_required', claims: '{"suberror":"basic_action"}' }],
  ])('%j: no', (body) => {
    expect(needsInteraction(refused(body))).toBe(false);
  });

  it('is false for anything but an AuthenticationError', () => {
    const lookalike = Object.assign(new Error('x'), { rawBody: '{"error":"interaction_required"}' });
    expect(needsInteraction(lookalike)).toBe(false);
    expect(needsInteraction(new AuthenticationRequiredError({ scopes: ['s'] }))).toBe(false);
    expect(needsInteraction(undefined)).toBe(false);
  });
});

describe('AggregateAuthenticationError', () => {
  it('lists every attempt in order', () => {
    const first = new CredentialUnavailableError('EnvironmentCredential: nothing configured.');
    const second = new CredentialUnavailableError('AzureCliCredential: run az login.');
    const error = new AggregateAuthenticationError([first, second], 'No credential worked:');
    expect(error.errors).toEqual([first, second]);
    expect(error.message).toBe(
      'No credential worked:\n  - EnvironmentCredential: nothing configured.\n  - AzureCliCredential: run az login.',
    );
  });
});

describe('AuthenticationRequiredError', () => {
  it('keeps the scopes and the call options, with a default message naming authenticate()', () => {
    const error = new AuthenticationRequiredError({
      scopes: ['https://graph.microsoft.com/.default'],
      getTokenOptions: { tenantId: 't' },
    });
    expect(error.scopes).toEqual(['https://graph.microsoft.com/.default']);
    expect(error.getTokenOptions).toEqual({ tenantId: 't' });
    expect(error.message).toContain('authenticate()');
  });
});

describe('AuthenticationRequiredError caused by a refused refresh token', () => {
  const revoked = new AuthenticationError(400, {
    error: 'invalid_grant',
    error_description: 'AADSTS50173: The provided grant has expired due to it being revoked.',
    error_codes: [50173],
  });

  it("names Entra's error and AADSTS code in the default message, and keeps the refusal as the cause", () => {
    const error = new AuthenticationRequiredError({ scopes: ['s'], cause: revoked });
    expect(error.cause).toBe(revoked);
    expect(error.message).toBe(
      `Interactive sign-in is required for s. Refresh token refused: invalid_grant AADSTS50173. Call authenticate() first. ${troubleshooting('authentication-required')}`,
    );
  });

  it("names ADFS's code (its description's first word), never the description, and nothing for a cause that is no refusal", () => {
    const adfs = new AuthenticationError(400, {
      error: 'invalid_grant',
      error_description: 'MSIS9615: The refresh token received in refresh_token parameter has expired.',
    });
    expect(refusal(adfs)).toBe(' Refresh token refused: invalid_grant MSIS9615.');
    expect(refusal(new Error('boom'))).toBe('');
    expect(refusal(undefined)).toBe('');
    expect(new AuthenticationRequiredError({ scopes: ['s'], cause: new Error('boom') }).message).toBe(
      new AuthenticationRequiredError({ scopes: ['s'] }).message,
    );
  });
});
