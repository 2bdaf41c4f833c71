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
  override readonly name = 'EntraError';
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
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
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
  tenantNotFound: (tenant: string) =>
    new EntraError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
        'Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.',
    ),
  tenantRequired: (tenant: string) =>
    new EntraError(
      400,
      'invalid_request',
      50194,
      `The '${tenant}' endpoint is not supported for this flow. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
    ),
  appNotFound: (clientId: string, tenantId: string) =>
    new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the ` +
        'application has not been installed by the administrator of the tenant or consented to by any user in the tenant. ' +
        'You may have sent your authentication request to the wrong tenant.',
    ),
  missingParameter: (name: string) =>
    new EntraError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  invalidRequest: (text: string) => new EntraError(400, 'invalid_request', 90023, text),
  invalidInstance: () => new EntraError(400, 'invalid_instance', 50049, 'Unknown or invalid instance.'),
  invalidClaims: () =>
    new EntraError(400, 'invalid_request', 90100, "The 'claims' parameter is empty or not valid JSON."),
  unsupportedGrant: (grantType: string) =>
    new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    ),
  invalidScope: (scope: string) =>
    new EntraError(
      400,
      'invalid_scope',
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    ),
  scopeWithoutDefault: (scope: string) =>
    new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  missingClientCredentials: () =>
    new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  invalidSecret: (clientId: string) =>
    new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  malformedAssertion: (reason: string) =>
    new EntraError(401, 'invalid_client', 50027, `JWT token is invalid or malformed. ${reason}`),
  assertionClientMismatch: () =>
    new EntraError(
      401,
      'invalid_client',
      700021,
      `Client assertion application identifier doesn't match 'client_id' parameter. ${CERT_DOCS}`,
    ),
  assertionTimeRange: (now: Date, nbf: number | undefined, exp: number | undefined) =>
    new EntraError(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid from ` +
        `${nbf === undefined ? 'unspecified' : new Date(nbf * 1000).toISOString()}, expiry time of assertion ` +
        `${exp === undefined ? 'unspecified' : new Date(exp * 1000).toISOString()}. ${CERT_DOCS}`,
    ),
  assertionKeyNotFound: (clientId: string, thumbprint: string | undefined) =>
    new EntraError(
      401,
      'invalid_client',
      700027,
      'The certificate with identifier used to sign the client assertion is not registered on application. ' +
        `[Reason - The key was not found., Thumbprint of key used by client: '${thumbprint ?? 'none'}', ` +
        `Configured keys for app Id '${clientId}' are listed on its registration.]`,
    ),
  assertionSignature: (detail = '') =>
    new EntraError(
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation.${detail ? ` ${detail}` : ''}`,
    ),
  assertionAudience: (audience: string, expected: string) =>
    new EntraError(
      401,
      'invalid_client',
      50013,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${audience}' and the expected audience is '${expected}'.`,
    ),
  assertionReplayed: (jti: string) =>
    new EntraError(
      401,
      'invalid_client',
      50013,
      `Assertion is invalid: the assertion with jti '${jti}' has already been used. Send a new assertion with a fresh jti.`,
    ),
  noFederatedRecord: (issuer: string, subject: string, audience: string) =>
    new EntraError(
      401,
      'invalid_client',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. ` +
        `Assertion Subject: '${subject}'. Assertion Audience: '${audience}'.`,
    ),
  noFederatedIssuer: (issuer: string) => noFederatedRecordFor(700211, 'issuer', issuer),
  noFederatedAudience: (audience: string) => noFederatedRecordFor(700212, 'audience', audience),
  noFederatedSubject: (subject: string) => noFederatedRecordFor(700213, 'subject', subject),
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
