// Entra-shaped error responses: the status, `error`, AADSTS code and description the real service sends.

/**
 * An error a route handler throws (or returns through `ctx.errorResponse`) to answer the way Entra does.
 * The server adds the trace id, correlation id, timestamps and `error_uri`.
 *
 * @example
 * ```ts
 * throw new EntraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
 * ```
 */
export class EntraError extends Error {
  /** `'EntraError'`. */
  override readonly name = 'EntraError';
  /**
   * Entra's `suberror`, sent beside `error` when set: `bad_token` for a refresh token that is dead (revoked,
   * expired), which MSAL deletes from its cache on that value alone.
   */
  suberror?: string;
  /**
   * An error answer, sent in Entra's shape.
   *
   * @param status - the HTTP status
   * @param error - the OAuth error, such as `invalid_client`
   * @param code - the AADSTS code
   * @param description - what went wrong, as Entra says it
   * @param headers - more response headers (`WWW-Authenticate`, say)
   */
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

/**
 * The JSON body of an Entra token-endpoint error.
 *
 * @example
 * ```ts
 * const body = (await response.json()) as EntraErrorBody;
 * body.error_codes; // [7000215]
 * ```
 */
export interface EntraErrorBody {
  /** The OAuth error, such as `invalid_client`. */
  error: string;
  /** `AADSTS<code>: <description>`, with the trace and correlation ids and timestamp. */
  error_description: string;
  /** The AADSTS codes. */
  error_codes: number[];
  /** When the error happened. */
  timestamp: string;
  /** The request's trace id. */
  trace_id: string;
  /** The request's correlation id (the client's `client-request-id` when it sent one). */
  correlation_id: string;
  /** Where Entra documents the error. */
  error_uri: string;
  /** What more Entra says of the error (`bad_token`: the refresh token is dead); only on some errors. */
  suberror?: string;
}

/**
 * Formats a time the way Entra does in error bodies: `2016-01-09 02:02:12Z`.
 *
 * @example
 * ```ts
 * entraTimestamp(new Date(0)); // '1970-01-01 00:00:00Z'
 * ```
 */
export function entraTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/**
 * Renders an {@link EntraError} as the JSON body Entra sends, with the ids repeated inside the description.
 *
 * @example
 * ```ts
 * entraErrorBody(new EntraError(400, 'invalid_scope', 70011, 'Bad scope.'), {
 *   traceId, correlationId, now: new Date(), errorUriBase: 'http://127.0.0.1:4000',
 * }).error_codes; // [70011]
 * ```
 */
export function entraErrorBody(
  failure: EntraError,
  context: { traceId: string; correlationId: string; now: Date; errorUriBase: string },
): EntraErrorBody {
  const timestamp = entraTimestamp(context.now);
  return {
    error: failure.error,
    error_description:
      `AADSTS${failure.code}: ${failure.description}\r\nTrace ID: ${context.traceId}\r\n` +
      `Correlation ID: ${context.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: context.traceId,
    correlation_id: context.correlationId,
    error_uri: `${context.errorUriBase}/error?code=${failure.code}`,
    ...(failure.suberror ? { suberror: failure.suberror } : {}),
  };
}

const CERT_DOCS =
  'Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .';

// Entra's three one-field federated-credential mismatches (AADSTS700211/700212/700213) share one message.
function noFederatedRecordFor(
  code: number,
  field: 'issuer' | 'audience' | 'subject',
  value: string,
): EntraError {
  return new EntraError(
    401,
    'invalid_client',
    code,
    `No matching federated identity record found for presented assertion ${field} '${value}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
  );
}

/**
 * The catalogue of Entra errors the emulator produces, one factory per AADSTS code, with the real status,
 * `error` value and wording. Later routes reuse these so every error reads the same.
 *
 * @example
 * ```ts
 * throw entraErrors.tenantNotFound('contoso.example');
 * ```
 */
export const entraErrors = {
  /** Entra's `AADSTS90002` (`invalid_request`), HTTP 400: tenant not found. */
  tenantNotFound: (tenant: string) =>
    new EntraError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
        'Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.',
    ),
  /** Entra's `AADSTS50194` (`invalid_request`), HTTP 400: tenant required. */
  tenantRequired: (tenant: string) =>
    new EntraError(
      400,
      'invalid_request',
      50194,
      `The '${tenant}' endpoint is not supported for this flow. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
    ),
  /** Entra's `AADSTS700016` (`unauthorized_client`), HTTP 400: app not found. */
  appNotFound: (clientId: string, tenantId: string) =>
    new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the ` +
        'application has not been installed by the administrator of the tenant or consented to by any user in the tenant. ' +
        'You may have sent your authentication request to the wrong tenant.',
    ),
  /** Entra's `AADSTS900144` (`invalid_request`), HTTP 400: missing parameter. */
  missingParameter: (name: string) =>
    new EntraError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  /** Entra's `AADSTS90023` (`invalid_request`), HTTP 400: invalid request. */
  invalidRequest: (text: string) => new EntraError(400, 'invalid_request', 90023, text),
  /** Entra's `AADSTS50049` (`invalid_instance`), HTTP 400: invalid instance. */
  invalidInstance: () => new EntraError(400, 'invalid_instance', 50049, 'Unknown or invalid instance.'),
  /** Entra's `AADSTS90100` (`invalid_request`), HTTP 400: invalid claims. */
  invalidClaims: () =>
    new EntraError(400, 'invalid_request', 90100, "The 'claims' parameter is empty or not valid JSON."),
  /** Entra's `AADSTS70003` (`unsupported_grant_type`), HTTP 400: unsupported grant. */
  unsupportedGrant: (grantType: string) =>
    new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    ),
  /** Entra's `AADSTS70011` (`invalid_scope`), HTTP 400: invalid scope. */
  invalidScope: (scope: string) =>
    new EntraError(
      400,
      'invalid_scope',
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    ),
  /** Entra's `AADSTS1002012` (`invalid_scope`), HTTP 400: scope without default. */
  scopeWithoutDefault: (scope: string) =>
    new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  /** Entra's `AADSTS7000218` (`invalid_client`), HTTP 401: missing client credentials. */
  missingClientCredentials: () =>
    new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  /** Entra's `AADSTS7000215` (`invalid_client`), HTTP 401: invalid secret. */
  invalidSecret: (clientId: string) =>
    new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  /** Entra's `AADSTS50027` (`invalid_client`), HTTP 401: malformed assertion. */
  malformedAssertion: (reason: string) =>
    new EntraError(401, 'invalid_client', 50027, `JWT token is invalid or malformed. ${reason}`),
  /** Entra's `AADSTS700021` (`invalid_client`), HTTP 401: assertion client mismatch. */
  assertionClientMismatch: () =>
    new EntraError(
      401,
      'invalid_client',
      700021,
      `Client assertion application identifier doesn't match 'client_id' parameter. ${CERT_DOCS}`,
    ),
  /** Entra's `AADSTS700024` (`invalid_client`), HTTP 401: assertion time range. */
  assertionTimeRange: (now: Date, nbf: number | undefined, exp: number | undefined) =>
    new EntraError(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid from ` +
        `${nbf === undefined ? 'unspecified' : new Date(nbf * 1000).toISOString()}, expiry time of assertion ` +
        `${exp === undefined ? 'unspecified' : new Date(exp * 1000).toISOString()}. ${CERT_DOCS}`,
    ),
  /** Entra's `AADSTS700027` (`invalid_client`), HTTP 401: assertion key not found. */
  assertionKeyNotFound: (clientId: string, thumbprint: string | undefined) =>
    new EntraError(
      401,
      'invalid_client',
      700027,
      'The certificate with identifier used to sign the client assertion is not registered on application. ' +
        `[Reason - The key was not found., Thumbprint of key used by client: '${thumbprint ?? 'none'}', ` +
        `Configured keys for app Id '${clientId}' are listed on its registration.]`,
    ),
  /** Entra's `AADSTS700027` (`invalid_client`), HTTP 401: assertion signature. */
  assertionSignature: (detail = '') =>
    new EntraError(
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation.${detail ? ` ${detail}` : ''}`,
    ),
  /** Entra's `AADSTS50013` (`invalid_client`), HTTP 401: assertion audience. */
  assertionAudience: (audience: string, expected: string) =>
    new EntraError(
      401,
      'invalid_client',
      50013,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${audience}' and the expected audience is '${expected}'.`,
    ),
  /** Entra's `AADSTS50013` (`invalid_client`), HTTP 401: assertion replayed. */
  assertionReplayed: (jti: string) =>
    new EntraError(
      401,
      'invalid_client',
      50013,
      `Assertion is invalid: the assertion with jti '${jti}' has already been used. Send a new assertion with a fresh jti.`,
    ),
  /** Entra's `AADSTS70021` (`invalid_client`), HTTP 401: no federated record. */
  noFederatedRecord: (issuer: string, subject: string, audience: string) =>
    new EntraError(
      401,
      'invalid_client',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. ` +
        `Assertion Subject: '${subject}'. Assertion Audience: '${audience}'.`,
    ),
  /** Entra's `AADSTS700211` (`invalid_client`), HTTP 401: no federated credential matches the assertion's issuer. */
  noFederatedIssuer: (issuer: string) => noFederatedRecordFor(700211, 'issuer', issuer),
  /** Entra's `AADSTS700212` (`invalid_client`), HTTP 401: no federated credential matches the assertion's audience. */
  noFederatedAudience: (audience: string) => noFederatedRecordFor(700212, 'audience', audience),
  /** Entra's `AADSTS700213` (`invalid_client`), HTTP 401: no federated credential matches the assertion's subject. */
  noFederatedSubject: (subject: string) => noFederatedRecordFor(700213, 'subject', subject),
  /** Entra's `AADSTS50166` (`invalid_client`), HTTP 401: external issuer unreachable. */
  externalIssuerUnreachable: (issuer: string, reason: string) =>
    new EntraError(
      401,
      'invalid_client',
      50166,
      `Request to External OIDC endpoint failed. Issuer: '${issuer}'. ${reason}`,
    ),
  /** The body a fault with a status but no body of its own answers with. */
  forStatus: (status: number) =>
    status === 429
      ? new EntraError(
          429,
          'temporarily_unavailable',
          90055,
          'There are too many incoming requests. Retry after the delay the Retry-After header gives.',
        )
      : status >= 500
        ? new EntraError(
            status,
            'temporarily_unavailable',
            90006,
            'The service is temporarily unavailable. Please try again.',
          )
        : new EntraError(status, 'invalid_request', 90023, 'The request was rejected by an injected fault.'),
} as const;
