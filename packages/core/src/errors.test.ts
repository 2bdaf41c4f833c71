import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
  IdentityError,
  InvalidArgumentError,
  isIdentityError,
  isUnavailable,
  NetworkError,
  TROUBLESHOOTING_GUIDE,
  troubleshooting,
} from './errors.js';

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
});

describe('troubleshooting', () => {
  it('points at an anchor of the guide', () => {
    expect(troubleshooting('client-secret')).toBe(`Troubleshooting: ${TROUBLESHOOTING_GUIDE}#client-secret`);
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

  it('says who failed, why, what to do next and where to read more, on one line per fact', () => {
    expect(error.message).toBe(
      'ClientSecretCredential failed (HTTP 401): invalid_client - AADSTS7000215: Invalid client secret provided.. Trace id 1b2c, correlation id 9f8e. Check the client secret. Troubleshooting: @identity/core/TROUBLESHOOTING.md#aadsts7000215',
    );
  });

  it('keeps the raw body out of serialisation', () => {
    expect(error.rawBody).toBe(entraBody);
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
