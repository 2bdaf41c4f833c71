// The Entra ID token endpoint: a form POST, and the parsing of what comes back into a token or an
// AuthenticationError that keeps every detail Entra gave, and none of the secrets the request carried.
import type { Clock } from './clock.js';
import type { AuthenticationErrorOptions } from './errors.js';
import { AuthenticationError, NetworkError } from './errors.js';
import type { HttpClient, HttpResponse } from './http-transport.js';
import { redactSecrets } from './redaction.js';
import type { CachedToken } from './token-cache.js';
import { refreshAfter } from './token-cache.js';
import type { AbortSignalLike } from './token-credential.js';
import { VERSION } from './version.js';

/**
 * What a token request needs besides the form.
 *
 * @example
 * ```ts
 * const context: TokenRequestContext = { credentialName: 'ClientSecretCredential', http, clock: systemClock, signal };
 * const token = await requestToken(tokenUrl, form, context);
 * ```
 */
export interface TokenRequestContext {
  credentialName: string;
  http: HttpClient;
  clock: Clock;
  signal?: AbortSignalLike;
  /** The troubleshooting anchor for failures of this credential. */
  anchor?: string;
  /** Headers to send too (the `userAgentOptions` User-Agent). */
  headers?: Record<string, string>;
}

/**
 * What an error about one token request says besides the answer: who failed, where to read more, the request's
 * id, and the secret values to redact.
 *
 * @example
 * ```ts
 * const details: TokenErrorDetails = { credentialName: 'ClientSecretCredential', secrets: [clientSecret] };
 * ```
 */
export type TokenErrorDetails = Pick<
  AuthenticationErrorOptions,
  'credentialName' | 'anchor' | 'correlationId' | 'secrets'
>;

/**
 * POSTs a token request (see {@link postForm}) and returns the token, or throws an `AuthenticationError` (Entra's
 * refusal, a network failure after retries, or a response that is not a token).
 *
 * @example
 * ```ts
 * const token = await requestToken(tokenUrl, { grant_type: 'client_credentials', client_id, client_secret, scope }, context);
 * ```
 */
export async function requestToken(
  tokenUrl: string,
  form: Record<string, string>,
  context: TokenRequestContext,
): Promise<CachedToken> {
  // What proves the client (secret, assertion) or carries the caller's grant (user assertion, password, refresh token).
  const secrets = [
    form.client_secret,
    form.client_assertion,
    form.assertion,
    form.password,
    form.refresh_token,
  ];
  return postForm(tokenUrl, form, context, secrets, parseTokenResponse);
}

/**
 * POSTs a form to an Entra endpoint (the token endpoint, the device-code endpoint) and returns the body of its 200
 * answer, as `read` reads it (with when the request was sent, the start of the answer's lifetimes, and what an error
 * about it says). The request carries the telemetry headers Entra reads (as MSAL sends them) and a fresh
 * `client-request-id`, which every error names as its correlation id. Throws an `AuthenticationError`: Entra's
 * refusal (its `error` in `errorResponse.error`), or no answer after the retries (`AUTHENTICATION_NETWORK_ERROR`,
 * `AUTHENTICATION_REQUEST_TIMEOUT`). The `secrets` (the form's secret values) never appear in an error.
 *
 * @example
 * ```ts
 * const body = await postForm(deviceCodeUrl, { client_id, scope }, context, [], (body) => body);
 * ```
 */
export async function postForm<T>(
  url: string,
  form: Record<string, string>,
  context: TokenRequestContext,
  secrets: (string | undefined)[],
  read: (body: string, requestedAt: number, details: TokenErrorDetails) => T,
): Promise<T> {
  const requestedAt = context.clock.now();
  // Entra logs the request under this id (its correlation id), so a failure can be traced in its sign-in logs.
  const correlationId = crypto.randomUUID();
  const details = { ...context, correlationId, secrets };
  let response: HttpResponse;
  try {
    response = await context.http.send(
      {
        url,
        method: 'POST',
        headers: {
          ...context.headers,
          'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
          'x-client-SKU': 'identity.js',
          'x-client-VER': VERSION,
          'client-request-id': correlationId,
          'return-client-request-id': 'true',
        },
        body: new URLSearchParams(form).toString(),
        secrets,
      },
      context.signal,
    );
  } catch (error) {
    if (!NetworkError.isInstance(error)) throw error;
    throw new AuthenticationError(
      0,
      { error: error.code.toLowerCase(), error_description: error.message },
      {
        ...details,
        code: `AUTHENTICATION_${error.code}`,
        cause: error,
        nextStep: 'Check DNS, firewall and proxy settings.',
        anchor: 'network',
      },
    );
  }
  if (response.status !== 200) throw tokenEndpointError(response, details);
  return read(response.body, requestedAt, details);
}

/**
 * Reads a successful token response: `access_token`, and `expires_in` as a number or a string (Entra's v1
 * endpoint and B2C send strings), with `refresh_in` when given. A 200 that is not a usable token is an
 * `INVALID_RESPONSE`, with any token it held (access or refresh token) redacted.
 *
 * @example
 * ```ts
 * parseTokenResponse('{"access_token":"...","expires_in":"3599"}', Date.now(), { credentialName: 'MyCredential' });
 * ```
 */
export function parseTokenResponse(
  body: string,
  requestedAt: number,
  details: TokenErrorDetails,
): CachedToken {
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {}
  const token = parsed?.access_token;
  const expiresIn = Number(parsed?.expires_in);
  if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    // The answer's own secrets too: a refresh token that came without an access token.
    const secrets = [...(details.secrets ?? []), token as string, parsed?.refresh_token as string];
    throw new AuthenticationError(
      200,
      { error: 'invalid_response', error_description: describeBody(body, secrets) },
      {
        ...details,
        secrets,
        code: 'INVALID_RESPONSE',
        nextStep: 'Check the authority host.',
      },
    );
  }
  const expiresOnTimestamp = requestedAt + expiresIn * 1000;
  return {
    token,
    tokenType: 'Bearer' as const,
    expiresOnTimestamp,
    // A missing or malformed refresh_in is NaN here, which refreshAfter ignores like any value that is not > 0.
    refreshAfterTimestamp: refreshAfter(requestedAt, expiresOnTimestamp, Number(parsed?.refresh_in) * 1000),
  };
}

/**
 * Turns an error response into an `AuthenticationError`. A refusal with an AADSTS code points at the guide's
 * list of Entra's codes; anything else at the credential's own section.
 *
 * @example
 * ```ts
 * if (response.status !== 200) throw tokenEndpointError(response, { credentialName: 'MyCredential' });
 * ```
 */
export function tokenEndpointError(response: HttpResponse, details: TokenErrorDetails): AuthenticationError {
  // A body that is not JSON is kept as a short excerpt.
  let body: unknown = describeBody(response.body, details.secrets);
  try {
    body = JSON.parse(response.body);
  } catch {}
  return new AuthenticationError(response.status, body, {
    ...details,
    nextStep: response.status === 429 ? 'Throttled: reuse one credential instance.' : undefined,
    anchor: (body as { error_codes?: unknown[] })?.error_codes?.length ? 'entra-error-codes' : details.anchor,
  });
}

/**
 * A short excerpt of a body for a message, redacted before it is cut (so no cut leaves part of a secret): the
 * `secrets` and everything `redactSecrets` finds.
 *
 * @example
 * ```ts
 * describeBody(' <html>Bad gateway</html> '); // 'unexpected body "<html>Bad gateway</html>"'
 * describeBody(''); // 'empty body'
 * ```
 */
export function describeBody(body: string, secrets?: readonly (string | undefined)[]): string {
  const trimmed = redactSecrets(body, secrets).trim();
  if (!trimmed) return 'empty body';
  return `unexpected body "${trimmed.slice(0, 200)}"`;
}
