// The answer of the authorize endpoint, wherever it arrives (a form POST to a loopback server, a query string, a
// URL fragment): checked against the sign-in's own `state` first, then read as a code or as Entra's error.
import { AuthenticationError } from './errors.js';

/**
 * A successful sign-in's answer, `state` already checked.
 *
 * @example
 * ```ts
 * const { code, clientInfo }: AuthorizeCodeResponse = readAuthorizeResponse(params, { state, credentialName });
 * ```
 */
export interface AuthorizeCodeResponse {
  /** The authorization code: single-use, short-lived, redeemable only with the PKCE verifier. Never log it. */
  code: string;
  /** base64url JSON `{"uid","utid"}` of the account (sent when the request had `client_info=1`). */
  clientInfo?: string;
  /** Entra's session id, for a later sign-out. */
  sessionState?: string;
}

/**
 * What {@link readAuthorizeResponse} checks the answer against.
 *
 * @example
 * ```ts
 * const expected: AuthorizeResponseExpectation = { state, credentialName: 'InteractiveBrowserCredential' };
 * ```
 */
export interface AuthorizeResponseExpectation {
  /** The `state` the authorize URL carried. */
  state: string;
  /** Names the caller in errors. */
  credentialName: string;
  /** The troubleshooting anchor of the caller's errors. Default `authentication-failed`. */
  anchor?: string;
}

/**
 * Tells whether parameters look like an authorize answer (they carry `code` or `error`), as opposed to another
 * request that reached the redirect URI (a reload, a prefetch).
 *
 * @example
 * ```ts
 * isAuthorizeResponse(new URLSearchParams(location.search)); // true after the redirect back
 * ```
 */
export function isAuthorizeResponse(params: URLSearchParams): boolean {
  return params.has('code') || params.has('error');
}

// Entra puts its code, trace id, correlation id and time inside the description of a redirected error:
// "AADSTS65004: User declined to consent ...\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ...".
// Read from the whole description but kept only as an id or a time looks (they reach the message): short, plain.
function describedIds(description: string): Record<string, unknown> {
  const line = (label: string) =>
    new RegExp(`^${label}: *([\\w:. -]{1,64}?)\\s*$`, 'im').exec(description)?.[1];
  const code = /^AADSTS(\d+):/.exec(description)?.[1];
  return {
    ...(code ? { error_codes: [Number(code)] } : {}),
    trace_id: line('Trace ID'),
    correlation_id: line('Correlation ID'),
    timestamp: line('Timestamp'),
  };
}

// What the user can do about Entra's usual answers to an interactive sign-in.
const NEXT_STEPS: Record<string, string> = {
  access_denied: 'The user cancelled the sign-in or declined to consent; sign in again to continue.',
  login_required: 'Sign in interactively.',
  interaction_required: 'Sign in interactively.',
  consent_required: 'Sign in interactively and consent to the permissions.',
};

/**
 * Reads an authorize answer: throws an `AuthenticationError` unless it carries exactly the `state` this sign-in
 * sent (a forged or stale redirect: `state_mismatch`, checked before anything else is believed), then for Entra's
 * `error` (its `error`, description, AADSTS code, trace and correlation ids kept; `access_denied` when the user
 * cancelled or declined consent), and for an answer without one `code` (`INVALID_RESPONSE`). The code never appears in an error.
 *
 * @example
 * ```ts
 * const params = new URLSearchParams(formBody); // or location.search, or location.hash.slice(1)
 * const { code, clientInfo } = readAuthorizeResponse(params, { state, credentialName: 'InteractiveBrowserCredential' });
 * ```
 */
export function readAuthorizeResponse(
  params: URLSearchParams,
  expected: AuthorizeResponseExpectation,
): AuthorizeCodeResponse {
  const options = {
    credentialName: expected.credentialName,
    anchor: expected.anchor ?? 'authentication-failed',
  };
  const states = params.getAll('state');
  if (states.length !== 1 || states[0] !== expected.state) {
    throw new AuthenticationError(
      0,
      {
        error: 'state_mismatch',
        error_description:
          'The sign-in answer does not carry the state this sign-in sent, so it was not sent by the authority for this sign-in (a forged or stale redirect)',
      },
      {
        ...options,
        nextStep:
          'Sign in again; if this repeats, another program or web page is sending requests to the redirect URI.',
      },
    );
  }
  const error = params.getAll('error');
  if (error.length === 1) {
    const given = error[0] ?? '';
    // Entra's codes are lower-case words. Anyone who can reach the redirect URI can answer too: anything else is
    // shown quoted and cut, so it can neither break the message's line (a forged log line) nor make it long.
    const name = /^[a-z_]{1,64}$/.test(given) ? given : JSON.stringify(given.slice(0, 64));
    const description = params.get('error_description') ?? '';
    throw new AuthenticationError(
      0,
      {
        error: name,
        // Entra's run to a few hundred characters; the ids below are read from the whole of it.
        error_description: description.slice(0, 1000),
        ...describedIds(description),
      },
      // Own keys only: the answer names it, and `constructor` is on every object.
      { ...options, nextStep: Object.hasOwn(NEXT_STEPS, name) ? NEXT_STEPS[name] : undefined },
    );
  }
  const code = params.getAll('code');
  if (error.length > 1 || code.length !== 1 || !code[0]) {
    throw new AuthenticationError(
      0,
      {
        error: 'invalid_response',
        error_description: 'The sign-in answer carries neither exactly one authorization code nor an error',
      },
      { ...options, code: 'INVALID_RESPONSE', nextStep: 'Check the authority host and sign in again.' },
    );
  }
  const response: AuthorizeCodeResponse = { code: code[0] };
  const clientInfo = params.get('client_info');
  if (clientInfo) response.clientInfo = clientInfo;
  const sessionState = params.get('session_state');
  if (sessionState) response.sessionState = sessionState;
  return response;
}
