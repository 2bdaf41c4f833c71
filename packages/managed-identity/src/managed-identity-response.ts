// What the managed-identity endpoints answer: a token whose expiry comes in one of several formats, or an
// error in one of several shapes, turned into this package's errors.
import type { CachedToken } from '@identity/core';
import { AuthenticationError, CredentialUnavailableError } from '@identity/core';
import type { HttpResponse } from '@identity/core/internal';
import { describeBody, refreshAfter } from '@identity/core/internal';
import type { ManagedIdentityId } from './managed-identity-id.js';
import { describeIdentity } from './managed-identity-id.js';
import { MANAGED_IDENTITY, managedIdentityMessage } from './managed-identity-message.js';
import type { HttpEndpoint, ManagedIdentitySourceName } from './managed-identity-source.js';

const ANCHOR = 'managed-identity';

// The dates the sources send: ISO-8601, and Azure ML's US order, "06/20/2019 02:57:58 +00:00" (Linux) and
// "1/16/2020 5:24:12 AM +00:00" (Windows). Only these shapes reach Date.parse, which reads other strings in
// engine-specific ways; it reads these alike in V8 (Node, Deno, workerd) and JavaScriptCore (Bun), as the
// runtimes test checks. Either must end in its UTC offset (or Z): without one it would be read as local time.
const DATE = /^(\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:?\d\d)|\d\d?\/\d\d?\/\d{4} \d.* [+-]\d\d:?\d\d)$/;

/**
 * Reads an expiry as epoch milliseconds: epoch seconds (or milliseconds, told apart by size) as a number or a
 * string, an ISO-8601 date with its offset, or Azure ML's US date strings. `undefined` when it is none of those.
 *
 * @example
 * ```ts
 * parseExpiresOn('1/16/2020 5:24:12 AM +00:00'); // 1579152252000
 * ```
 */
export function parseExpiresOn(value: unknown): number | undefined {
  const text = String(value ?? '').trim();
  const epoch = +text;
  // Seconds below 1e11, milliseconds from there: 1e11 s is the year 5138, so no real expiry in seconds reads as
  // milliseconds. Past 14 digits (up to Infinity) it is no expiry: a token cached for ever would be served expired.
  if (/^\d{1,14}(\.\d+)?$/.test(text)) return (epoch < 1e11 ? epoch * 1000 : epoch) || undefined;
  return DATE.test(text) ? Date.parse(text) || undefined : undefined;
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads an answer: a token (`access_token`, the expiry from `expires_on` in any format or `expires_in`, the
 * refresh time from `refresh_in` or half-life for long tokens), or the error to throw. A 200 that is not a
 * Bearer token (`token_type`, when sent, must be `Bearer`) is an `AuthenticationError` with code
 * `INVALID_RESPONSE` and a redacted excerpt of the body, as is a
 * token the endpoint's `checkToken` refuses (Azure Arc's that does not echo the requested identity). `secrets`
 * (the request's header secret) and any token in the body are redacted from every error.
 *
 * @example
 * ```ts
 * const token = readTokenResponse(response, requestedAt, { source: 'IMDS' }, { kind: 'system' }, request.secrets);
 * ```
 */
export function readTokenResponse(
  response: HttpResponse,
  requestedAt: number,
  endpoint: Pick<HttpEndpoint, 'source' | 'checkToken'>,
  id: ManagedIdentityId,
  secrets: readonly (string | undefined)[] = [],
): CachedToken {
  const { status, body } = response;
  const parsed = parseJson(body);
  if (status !== 200) throw managedIdentityError(response, parsed, endpoint.source, id, secrets);
  const json = parsed ?? {};
  const token = json.access_token;
  const expiresIn = Number(json.expires_in);
  const expiresOnTimestamp =
    parseExpiresOn(json.expires_on) ?? (expiresIn > 0 ? requestedAt + expiresIn * 1000 : 0);
  const otherIdentity = endpoint.checkToken?.(json, id);
  // A token of another type (PoP) handed out as Bearer would be refused by every service: not a token for us.
  if (
    typeof token !== 'string' ||
    !token ||
    !expiresOnTimestamp ||
    otherIdentity ||
    !/^(bearer)?$/i.test((json.token_type as string) ?? '')
  ) {
    throw new AuthenticationError(
      status,
      {
        error: 'invalid_response',
        error_description: otherIdentity ?? describeBody(body, [...secrets, token as string]),
      },
      {
        credentialName: MANAGED_IDENTITY,
        code: 'INVALID_RESPONSE',
        anchor: ANCHOR,
        secrets: [...secrets, token as string],
      },
    );
  }
  return {
    token,
    tokenType: 'Bearer' as const,
    expiresOnTimestamp,
    // refreshAfter ignores a refresh_in that is missing (NaN) or not positive.
    refreshAfterTimestamp: refreshAfter(requestedAt, expiresOnTimestamp, Number(json.refresh_in) * 1000),
  };
}

/**
 * The error for a non-200 answer: `CredentialUnavailableError` when IMDS says the identity is not assigned
 * (400) or the network is unreachable (Docker Desktop's 403), so a chain may move on; else an
 * `AuthenticationError` with the source's message. Sources answer `{error, error_description}`,
 * `{error: {code, message}}` or `{message}`; AuthenticationError reads Entra's shape, so the others are mapped.
 *
 * @example
 * ```ts
 * throw managedIdentityError(response, JSON.parse(response.body), 'AppService', id); // or undefined: not JSON
 * ```
 */
export function managedIdentityError(
  { status, body }: HttpResponse,
  json: Record<string, unknown> | undefined,
  source: ManagedIdentitySourceName,
  id: ManagedIdentityId,
  secrets?: readonly (string | undefined)[],
): CredentialUnavailableError | AuthenticationError {
  const nested = json?.error as { code?: string; message?: string } | string | undefined;
  const shaped =
    typeof nested === 'object'
      ? { error: nested.code, error_description: nested.message }
      : nested || !json?.message
        ? json
        : { error_description: json.message };
  const who = describeIdentity(id);
  if ((source === 'IMDS' && status === 400) || (status === 403 && /unreachable/i.test(body))) {
    return new CredentialUnavailableError(
      managedIdentityMessage(
        `${source} answered ${status} for ${who}: ${describeBody(body, secrets)}. ${status === 400 ? 'Assign the identity to this resource, or pass the id of one that is.' : 'The endpoint is unreachable from this network.'}`,
      ),
      { secrets },
    );
  }
  return new AuthenticationError(status, shaped ?? describeBody(body, secrets), {
    credentialName: MANAGED_IDENTITY,
    nextStep:
      status === 429
        ? `${source} throttled the request: reuse one credential instance.`
        : `${source} refused the request for ${who}.`,
    anchor: ANCHOR,
    secrets,
  });
}
