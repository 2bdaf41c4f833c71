// The Entra errors of the flows that sign a person in (sign-in page, authorize, device code, authorization
// code, refresh token): one factory per AADSTS code, with the status, `error` value and wording Entra uses.
import { EntraError } from './emulator-errors.js';

// Entra writes instants with seven fractional digits: '2021-01-05T05:09:31.5970000Z'.
function entraInstant(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

// .NET TimeSpan as Entra prints it: '90.00:00:00' (days.hours:minutes:seconds).
function entraTimeSpan(seconds: number): string {
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  const days = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  return `${days}.${pad(rest / 3600)}:${pad((rest % 3600) / 60)}:${pad(rest % 60)}`;
}

const grant = (code: number, description: string) => new EntraError(400, 'invalid_grant', code, description);
// A refusal of a refresh token that is dead whatever the request (revoked, expired): Entra adds `suberror: bad_token`,
// on which MSAL deletes the token from its cache.
const deadToken = (code: number, description: string): EntraError => {
  const error = grant(code, description);
  error.suberror = 'bad_token';
  return error;
};
const request = (code: number, description: string) =>
  new EntraError(400, 'invalid_request', code, description);

/**
 * The catalogue of user sign-in errors. Token-endpoint errors render as Entra's JSON body; authorize and
 * sign-in errors travel to the redirect URI (`error`, `error_description`) or appear on the page.
 *
 * @example
 * ```ts
 * throw userFlowErrors.codeRedeemed(); // invalid_grant AADSTS54005
 * ```
 */
export const userFlowErrors = {
  /** Entra's `AADSTS50126` (`invalid_grant`), HTTP 400: invalid credentials. */
  invalidCredentials: () => grant(50126, 'Error validating credentials due to invalid username or password.'),
  /** Entra's `AADSTS50034` (`invalid_grant`), HTTP 400: user not found. */
  userNotFound: (tenantId: string) =>
    grant(
      50034,
      `The user account does not exist in the ${tenantId} directory. To sign into this application, the account must be added to the directory.`,
    ),
  /**
   * Entra's `AADSTS50076` (`invalid_grant`, or the error given, with suberror `basic_action`), HTTP 400: mfa
   * required. The suberror is what MSAL reads as "interaction required" on a password grant's `invalid_grant`.
   */
  mfaRequired: (resource: string, error = 'invalid_grant') => {
    const failure = new EntraError(
      400,
      error,
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'.`,
    );
    failure.suberror = 'basic_action';
    return failure;
  },
  /** Entra's `AADSTS50020` (`invalid_grant`), HTTP 400: user not in tenant. */
  userNotInTenant: (username: string, homeTenantId: string, tenantId: string, clientId: string) =>
    grant(
      50020,
      `User account '${username}' from identity provider 'https://sts.windows.net/${homeTenantId}/' does not exist in tenant '${tenantId}' and cannot access the application '${clientId}' in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  /** Entra's `AADSTS50194` (`invalid_request`), HTTP 400: not multi tenant. */
  notMultiTenant: (clientId: string, displayName: string, segment: string) =>
    request(
      50194,
      `Application '${clientId}'(${displayName}) is not configured as a multi-tenant application. Usage of the /${segment} endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
    ),
  /** Entra's `AADSTS9002332` (`invalid_request`), HTTP 400: consumers not supported. */
  consumersNotSupported: (clientId: string, displayName: string) =>
    request(
      9002332,
      `Application '${clientId}'(${displayName}) is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request.`,
    ),
  /** Entra's `AADSTS50011` (`invalid_request`), HTTP 400: redirect uri mismatch. */
  redirectUriMismatch: (redirectUri: string, clientId: string) =>
    request(
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  /** Entra's `AADSTS50011` (`invalid_grant`), HTTP 400: redirect uri changed. */
  redirectUriChanged: (presented: string, original: string) =>
    grant(
      50011,
      `The reply address '${presented}' does not match the reply address '${original}' provided when requesting Authorization code.`,
    ),
  /** Entra's `AADSTS70000` (`invalid_grant`), HTTP 400: code invalid. */
  codeInvalid: () => grant(70000, "The provided value for the 'code' parameter is not valid."),
  /** Entra's `AADSTS54005` (`invalid_grant`), HTTP 400: code redeemed. */
  codeRedeemed: () =>
    grant(
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    ),
  /** Entra's `AADSTS70008` (`invalid_grant`), HTTP 400: grant expired. */
  grantExpired: () =>
    grant(
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    ),
  /** Entra's `AADSTS700005` (`invalid_grant`), HTTP 400: grant other tenant. */
  grantOtherTenant: () =>
    grant(
      700005,
      'Provided Authorization Code is intended to use against other tenant, thus rejected. OAuth2 Authorization Code must be redeemed against same tenant it was acquired for (/common or /{tenant-ID} as appropriate).',
    ),
  /** Entra's `AADSTS501481` (`invalid_grant`), HTTP 400: pkce mismatch. */
  pkceMismatch: () =>
    grant(
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    ),
  /** Entra's `AADSTS9002325` (`invalid_request`), HTTP 400: pkce required for spa. */
  pkceRequiredForSpa: () =>
    request(
      9002325,
      'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    ),
  /** Entra's `AADSTS9002326` (`invalid_request`), HTTP 400: cross origin not spa. */
  crossOriginNotSpa: (origin: string) =>
    request(
      9002326,
      `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`,
    ),
  /** Entra's `AADSTS9002327` (`invalid_request`), HTTP 400: spa requires cross origin. */
  spaRequiresCrossOrigin: () =>
    request(
      9002327,
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    ),
  /** Entra's `AADSTS700025` (`invalid_client`), HTTP 401: public client with credential. */
  publicClientWithCredential: () =>
    new EntraError(
      401,
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    ),
  /** Entra's `AADSTS9002313` (`invalid_grant`), HTTP 400: refresh token malformed. */
  refreshTokenMalformed: () => grant(9002313, 'Invalid request. Request is malformed or invalid.'),
  /** Entra's `AADSTS70000` (`invalid_grant`), HTTP 400: refresh token invalid. */
  refreshTokenInvalid: () =>
    grant(70000, "The provided value for the input parameter 'refresh_token' or 'assertion' is not valid."),
  /** Entra's `AADSTS50173` (`invalid_grant`, suberror `bad_token`), HTTP 400: refresh token revoked. */
  refreshTokenRevoked: (issuedAt: number, validFrom: number) =>
    deadToken(
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${entraInstant(issuedAt)}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${entraInstant(validFrom)}'.`,
    ),
  /** Entra's `AADSTS700082` (`invalid_grant`, suberror `bad_token`), HTTP 400: refresh token inactive. */
  refreshTokenInactive: (issuedAt: number, lifetimeSeconds: number) =>
    deadToken(
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${entraInstant(issuedAt)} and was inactive for ${entraTimeSpan(lifetimeSeconds)}.`,
    ),
  /** Entra's `AADSTS700084` (`invalid_grant`, suberror `bad_token`), HTTP 400: spa refresh token expired. */
  spaRefreshTokenExpired: (issuedAt: number, lifetimeSeconds: number) =>
    deadToken(
      700084,
      `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of ${entraTimeSpan(lifetimeSeconds)}, which can't be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${entraInstant(issuedAt)}.`,
    ),
  /** Entra's `AADSTS28000` (`invalid_scope`), HTTP 400: a token request names more than one resource. */
  scopeMultipleResources: (scope: string) =>
    new EntraError(
      400,
      'invalid_scope',
      28000,
      `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
    ),
  /** Entra's `AADSTS65001` (`invalid_grant`, or the error given), HTTP 400: consent required. */
  consentRequired: (clientId: string, displayName: string, error = 'invalid_grant') =>
    new EntraError(
      400,
      error,
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${displayName}'. Send an interactive authorization request for this user and resource.`,
    ),
  /** Entra's `AADSTS65004` (`access_denied`), HTTP 400: consent declined. */
  consentDeclined: () =>
    new EntraError(400, 'access_denied', 65004, 'User declined to consent to access the app.'),
  /** Entra's `AADSTS500121` (`access_denied`), HTTP 400: mfa denied. */
  mfaDenied: () =>
    new EntraError(
      400,
      'access_denied',
      500121,
      'Authentication failed during strong authentication request.',
    ),
  /** Entra's `AADSTS50058` (`login_required`), HTTP 400: login required. */
  loginRequired: () =>
    new EntraError(
      400,
      'login_required',
      50058,
      'A silent sign-in request was sent but no user is signed in.',
    ),
  /** Entra's `AADSTS50058` (`login_required`), HTTP 400: login hint mismatch. */
  loginHintMismatch: () =>
    new EntraError(
      400,
      'login_required',
      50058,
      'A silent sign-in request was sent but none of the currently signed in user(s) match the requested login hint.',
    ),
  /** Entra's `AADSTS700051` (`unsupported_response_type`), HTTP 400: unsupported response type. */
  unsupportedResponseType: (responseType: string) =>
    responseType.split(' ').includes('token')
      ? new EntraError(
          400,
          'unsupported_response_type',
          700051,
          "response_type 'token' is not enabled for the application.",
        )
      : responseType.split(' ').includes('id_token')
        ? new EntraError(
            400,
            'unsupported_response_type',
            700054,
            "response_type 'id_token' is not enabled for the application.",
          )
        : new EntraError(
            400,
            'unsupported_response_type',
            70005,
            `The provided value for the input parameter 'response_type' ('${responseType}') is not allowed for this request. Expected value: 'code'.`,
          ),
  /** Entra's `AADSTS70007` (`invalid_request`), HTTP 400: unsupported response mode. */
  unsupportedResponseMode: (mode: string) =>
    request(
      70007,
      `The provided value for the input parameter 'response_mode' ('${mode}') is not supported. Use query, fragment or form_post.`,
    ),
  /** Entra's `AADSTS50149` (`invalid_request`), HTTP 400: invalid code challenge method. */
  invalidCodeChallengeMethod: (method: string) =>
    request(50149, `Invalid Code_Challenge_method parameter '${method}'. Use 'S256' (or 'plain').`),
  /** Entra's `AADSTS501491` (`invalid_request`), HTTP 400: invalid code challenge. */
  invalidCodeChallenge: () => request(501491, 'Invalid size of Code_Challenge parameter.'),
  /** Entra's `AADSTS90023` (`invalid_request`), HTTP 400: invalid prompt. */
  invalidPrompt: (prompt: string) =>
    request(
      90023,
      `The provided value for the input parameter 'prompt' ('${prompt}') is not valid. Use login, none, consent or select_account.`,
    ),
  /** Entra's `AADSTS50089` (`invalid_request`), HTTP 400: flow expired. */
  flowExpired: () =>
    request(
      50089,
      'Authentication failed due to flow token expired. Start the sign-in again from the application.',
    ),
  /** Entra's `AADSTS70016` (`authorization_pending`), HTTP 400: authorization pending. */
  authorizationPending: () =>
    new EntraError(
      400,
      'authorization_pending',
      70016,
      'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
    ),
  /** Entra's `AADSTS70016` (`slow_down`), HTTP 400: slow down. */
  slowDown: () =>
    new EntraError(
      400,
      'slow_down',
      70016,
      'OAuth 2.0 device flow error. Authorization is pending. Poll less often: add 5 seconds to the interval.',
    ),
  /** Entra's `AADSTS65004` (`authorization_declined`), HTTP 400: authorization declined. */
  authorizationDeclined: () =>
    new EntraError(400, 'authorization_declined', 65004, 'User declined to consent to access the app.'),
  /** Entra's `AADSTS70018` (`bad_verification_code`), HTTP 400: bad verification code. */
  badVerificationCode: () =>
    new EntraError(
      400,
      'bad_verification_code',
      70018,
      "The provided value for the input parameter 'device_code' is not valid.",
    ),
  /** Entra's `AADSTS70020` (`expired_token`), HTTP 400: device code expired. */
  deviceCodeExpired: () =>
    new EntraError(
      400,
      'expired_token',
      70020,
      "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
    ),
  /** Entra's `AADSTS70000` (`invalid_grant`), HTTP 400: device code redeemed. */
  deviceCodeRedeemed: () =>
    grant(
      70000,
      "The provided value for the input parameter 'device_code' is not valid. It was already redeemed.",
    ),
  /** Entra's `AADSTS70018` (`invalid_request`), HTTP 400: user code invalid. */
  userCodeInvalid: () =>
    request(
      70018,
      'Invalid verification code due to User typing in wrong user code for device code flow. Authorization is not approved.',
    ),
  /** Entra's `AADSTS70019` (`invalid_request`), HTTP 400: user code expired. */
  userCodeExpired: () => request(70019, 'Verification code expired. Have the user retry the sign-in.'),
  /** Entra's `AADSTS90120` (`invalid_request`), HTTP 400: device flow completed. */
  deviceFlowCompleted: () => request(90120, 'The request was already authorized or declined.'),
  /** Entra's `AADSTS90023` (`invalid_request`), HTTP 403: origin not allowed. */
  originNotAllowed: (origin: string) =>
    new EntraError(
      403,
      'invalid_request',
      90023,
      `The emulator does not answer cross-origin requests from '${origin}'. Allow the origin with the corsOrigins option, the config file's "corsOrigins" or --cors-origin.`,
    ),
} as const;
