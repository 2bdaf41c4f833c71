import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { describe, expect, it } from 'vitest';
import { isAuthorizeResponse, readAuthorizeResponse } from './authorize-response.js';
import { AuthenticationError } from './errors.js';

const expected = { state: 'the-state-of-this-sign-in', credentialName: 'InteractiveBrowserCredential' };
const anchors = guideAnchors();

function thrown(params: Record<string, string> | string): AuthenticationError {
  try {
    readAuthorizeResponse(new URLSearchParams(params), expected);
  } catch (error) {
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(messageProblems((error as Error).message, anchors)).toEqual([]);
    return error as AuthenticationError;
  }
  throw new Error('readAuthorizeResponse did not throw');
}

describe('readAuthorizeResponse', () => {
  it('returns the code, client_info and session_state of an answer carrying this sign-in’s state', () => {
    const params = new URLSearchParams({
      code: '1.code',
      state: expected.state,
      client_info: 'eyJ1aWQiOiJ1IiwidXRpZCI6InQifQ',
      session_state: 'sid',
    });
    expect(readAuthorizeResponse(params, expected)).toEqual({
      code: '1.code',
      clientInfo: 'eyJ1aWQiOiJ1IiwidXRpZCI6InQifQ',
      sessionState: 'sid',
    });
    expect(
      readAuthorizeResponse(new URLSearchParams({ code: 'c', state: expected.state }), expected),
    ).toEqual({
      code: 'c',
    });
  });

  it.each([
    ['a wrong state', { code: '1.forged-code', state: 'another-state' }],
    ['no state', { code: '1.forged-code' }],
    ['two states', `code=1.forged-code&state=${expected.state}&state=${expected.state}`],
    ['an error with a wrong state', { error: 'access_denied', state: 'another-state' }],
  ])('refuses %s as a forged or stale redirect, before believing anything else it says', (_, params) => {
    const error = thrown(params);
    expect(error.errorResponse.error).toBe('state_mismatch');
    expect(error.code).toBe('AUTHENTICATION_FAILED');
    expect(error.message).toMatch(/^InteractiveBrowserCredential failed: state_mismatch - /);
    expect(error.message).not.toContain('forged-code');
    expect(error.rawBody).not.toContain('forged-code');
  });

  it('turns Entra’s error into an AuthenticationError keeping its code, description and ids', () => {
    const description =
      'AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 7c1d\r\nCorrelation ID: 4e2a\r\nTimestamp: 2026-11-28 10:00:00Z';
    const error = thrown({
      error: 'access_denied',
      error_description: description,
      error_subcode: 'cancel',
      error_uri: 'https://login.microsoftonline.com/error?code=65004',
      state: expected.state,
    });
    expect(error.statusCode).toBe(0);
    expect(error.errorResponse).toEqual({
      error: 'access_denied',
      errorDescription: description,
      errorCodes: [65004],
      timestamp: '2026-11-28 10:00:00Z',
      traceId: '7c1d',
      correlationId: '4e2a',
    });
    expect(error.message).toBe(
      'InteractiveBrowserCredential failed: access_denied - AADSTS65004: User declined to consent to access the app. ' +
        'Correlation id 4e2a, trace id 7c1d. The user cancelled the sign-in or declined to consent; sign in again to continue. ' +
        'Troubleshooting: @identity/core/TROUBLESHOOTING.md#authentication-failed',
    );
  });

  it('says what to do after the errors of a silent (prompt=none) attempt', () => {
    expect(thrown({ error: 'login_required', state: expected.state }).message).toContain(
      'Sign in interactively.',
    );
    expect(thrown({ error: 'server_error', state: expected.state }).message).toMatch(
      /^InteractiveBrowserCredential failed: server_error\. Troubleshooting: /,
    );
  });

  it.each([
    ['constructor', 'constructor'],
    ['toString', '"toString"'],
    ['__proto__', '__proto__'],
    ['hasOwnProperty', '"hasOwnProperty"'],
  ])('gives an error named %s (a property of every object) no next step', (name, shown) => {
    expect(thrown({ error: name, state: expected.state }).message).toMatch(
      new RegExp(`^InteractiveBrowserCredential failed: ${shown}\\. Troubleshooting: `),
    );
  });

  it('shows an error that is not a plain code (lower-case letters, underscores) quoted and cut, on one line', () => {
    const forged = `access_denied\n2026-12-03T10:00:00Z INFO signed in as admin ${'x'.repeat(10_000)}`;
    const error = thrown({ error: forged, state: expected.state });
    expect(error.message).toMatch(
      /^InteractiveBrowserCredential failed: "access_denied\\n2026-12-03T10:00:00Z INFO signed in as admin x+"\. /,
    );
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(300);
    // No next step is taken from it either.
    expect(error.message).not.toContain('The user cancelled');
  });

  it('shows at most 1,000 characters of a description, while still reading the ids on its later lines', () => {
    const description = `AADSTS50126: ${'a'.repeat(64 * 1024)}\r\nTrace ID: 7c1d\r\nCorrelation ID: 4e2a`;
    const error = thrown({ error: 'invalid_request', error_description: description, state: expected.state });
    expect(error.message.length).toBeLessThan(1_300);
    expect(error.message).toContain(`AADSTS50126: ${'a'.repeat(900)}`);
    expect(error.message).toContain('Correlation id 4e2a, trace id 7c1d.');
    expect(error.errorResponse.errorCodes).toEqual([50126]);
  });

  it('reads an id from the description only when it looks like one: a forged id line can neither make the message long nor drive the terminal', () => {
    for (const forged of ['a'.repeat(64 * 1024), '4e2a \x1b[2J\x1b[31mfake']) {
      const description = `AADSTS50126: Invalid username or password.\r\nTrace ID: 7c1d\r\nCorrelation ID: ${forged}`;
      const error = thrown({
        error: 'invalid_request',
        error_description: description,
        state: expected.state,
      });
      expect(error.message.length).toBeLessThan(1_300);
      expect(error.message).not.toContain('\x1b');
      expect(error.errorResponse.correlationId).toBeUndefined();
    }
  });

  it.each([
    ['no code', { state: expected.state }],
    ['an empty code', { code: '', state: expected.state }],
    ['two codes', `code=a&code=b&state=${expected.state}`],
    ['two errors', `error=a&error=b&code=c&state=${expected.state}`],
  ])('refuses an answer with %s as an invalid response', (_, params) => {
    const error = thrown(params);
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.errorResponse.error).toBe('invalid_response');
  });

  it('uses the caller’s troubleshooting anchor', () => {
    try {
      readAuthorizeResponse(new URLSearchParams({ state: 'x' }), { ...expected, anchor: 'network' });
    } catch (error) {
      expect((error as Error).message).toMatch(/#network$/);
    }
    expect.assertions(1);
  });
});

describe('isAuthorizeResponse', () => {
  it('recognises an answer by its code or error, and nothing else', () => {
    expect(isAuthorizeResponse(new URLSearchParams('code=x&state=y'))).toBe(true);
    expect(isAuthorizeResponse(new URLSearchParams('error=access_denied'))).toBe(true);
    expect(isAuthorizeResponse(new URLSearchParams('state=y'))).toBe(false);
    expect(isAuthorizeResponse(new URLSearchParams(''))).toBe(false);
  });
});
