// The Entra ID token endpoint: a form POST, and the parsing of what comes back into a token or an
// AuthenticationError that keeps every detail Entra gave.
import type { Clock } from './clock.js';
import { AuthenticationError, NetworkError } from './errors.js';
import type { HttpClient, HttpResponse } from './http-transport.js';
import type { CachedToken } from './token-cache.js';
import { refreshAfter } from './token-cache.js';
import type { AbortSignalLike } from './token-credential.js';

/** What a token request needs besides the form. */
export interface TokenRequestContext {
  credentialName: string;
  http: HttpClient;
  clock: Clock;
  signal?: AbortSignalLike;
  /** The troubleshooting anchor for failures of this credential. */
  anchor?: string;
}

/**
 * POSTs a token request and returns the token, or throws an `AuthenticationError` (Entra's refusal, a
 * network failure after retries, or a response that is not a token).
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
  const requestedAt = context.clock.now();
  let response: HttpResponse;
  try {
    response = await context.http.send(
      {
        url: tokenUrl,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
          // Entra logs this id; it ties a failure to the service's trace.
          'client-request-id': crypto.randomUUID(),
        },
        body: new URLSearchParams(form).toString(),
      },
      context.signal,
    );
  } catch (error) {
    if (NetworkError.isInstance(error)) {
      throw new AuthenticationError(
        0,
        { error: error.code.toLowerCase(), error_description: error.message },
        {
          credentialName: context.credentialName,
          code: error.code,
          cause: error,
          nextStep: 'Check DNS, firewall and proxy settings.',
          anchor: 'network',
        },
      );
    }
    throw error;
  }
  if (response.status !== 200) throw tokenEndpointError(response, context);
  return parseTokenResponse(response.body, requestedAt, context);
}

/**
 * Reads a successful token response: `access_token`, and `expires_in` as a number or a string (Entra's v1
 * endpoint and B2C send strings), with `refresh_in` when given.
 *
 * @example
 * ```ts
 * parseTokenResponse('{"access_token":"...","expires_in":"3599"}', Date.now(), context);
 * ```
 */
export function parseTokenResponse(
  body: string,
  requestedAt: number,
  context: Pick<TokenRequestContext, 'credentialName' | 'anchor'>,
): CachedToken {
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {}
  const token = parsed?.access_token;
  const expiresIn = Number(parsed?.expires_in);
  if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new AuthenticationError(
      200,
      { error: 'invalid_response', error_description: describeBody(body) },
      {
        credentialName: context.credentialName,
        code: 'INVALID_RESPONSE',
        nextStep: 'Check the authority host.',
        anchor: context.anchor,
      },
    );
  }
  const expiresOnTimestamp = requestedAt + expiresIn * 1000;
  const refreshIn = Number(parsed?.refresh_in);
  return {
    token,
    tokenType: 'Bearer' as const,
    expiresOnTimestamp,
    refreshAfterTimestamp: refreshAfter(
      requestedAt,
      expiresOnTimestamp,
      Number.isFinite(refreshIn) ? refreshIn * 1000 : undefined,
    ),
  };
}

/**
 * Turns an error response into an `AuthenticationError`, with the next step for known AADSTS codes.
 *
 * @example
 * ```ts
 * if (response.status !== 200) throw tokenEndpointError(response, context);
 * ```
 */
export function tokenEndpointError(
  response: HttpResponse,
  context: Pick<TokenRequestContext, 'credentialName' | 'anchor'>,
): AuthenticationError {
  // A body that is not JSON is kept as a short excerpt.
  let body: unknown = describeBody(response.body);
  try {
    body = JSON.parse(response.body);
  } catch {}
  // Entra's description says what went wrong; the guide's section for the AADSTS code says what to do.
  const code = (body as { error_codes?: unknown[] })?.error_codes?.[0];
  return new AuthenticationError(response.status, body, {
    credentialName: context.credentialName,
    nextStep:
      response.status === 429
        ? 'Throttled: reuse one credential instance, so its cache serves repeated calls.'
        : undefined,
    anchor: code ? `aadsts${code}` : context.anchor,
  });
}

/** A short, redacted excerpt of a body for a message. */
export function describeBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) return 'empty body';
  return `unexpected body "${trimmed.slice(0, 200)}"`;
}
