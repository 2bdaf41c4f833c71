// The URL that starts a user sign-in: Entra's `/oauth2/v2.0/authorize` with the authorization code flow and PKCE,
// its parameters named, ordered and encoded as MSAL sends them, so Entra (and its logs) see what they expect.
import { resolveAuthorityHost } from './authority-host.js';
import { InvalidArgumentError, troubleshooting } from './errors.js';
import { validateClientId, validateScopes, validateTenantId } from './validation.js';
import { VERSION } from './version.js';

/**
 * The OpenID Connect scopes every user sign-in asks for besides the caller's: `openid` (an ID token), `profile`
 * (the user's name) and `offline_access` (a refresh token, for silent sign-in later). MSAL adds the same three.
 *
 * @example
 * ```ts
 * AUTHORIZE_OIDC_SCOPES.includes('offline_access'); // true
 * ```
 */
export const AUTHORIZE_OIDC_SCOPES: readonly string[] = ['openid', 'profile', 'offline_access'];

/**
 * Where Entra sends the answer: `form_post` (an auto-submitted POST, what a loopback server reads: the code
 * never appears in a URL), `query` or `fragment` (what a browser app reads from its own address).
 *
 * @example
 * ```ts
 * const mode: AuthorizeResponseMode = 'fragment';
 * ```
 */
export type AuthorizeResponseMode = 'form_post' | 'query' | 'fragment';

/**
 * Everything the authorize URL carries.
 *
 * @example
 * ```ts
 * const request: AuthorizeUrlRequest = {
 *   credentialName: 'InteractiveBrowserCredential',
 *   authorityHost: 'https://login.microsoftonline.com',
 *   tenantId: 'organizations',
 *   clientId,
 *   redirectUri: 'http://localhost:53123',
 *   scopes: ['https://management.azure.com/.default'],
 *   state,
 *   nonce,
 *   codeChallenge: pkce.challenge,
 *   responseMode: 'form_post',
 * };
 * ```
 */
export interface AuthorizeUrlRequest {
  /** Names the caller in errors about the values below. */
  credentialName: string;
  /** The authority host, such as `https://login.microsoftonline.com` (https, or http on loopback). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  /** Where Entra sends the answer; it must be registered on the app (loopback URIs match on any port). */
  redirectUri: string;
  /** The caller's scopes; {@link AUTHORIZE_OIDC_SCOPES} are added. */
  scopes: readonly string[];
  /** The value the answer must carry back (CSRF protection): a fresh {@link randomBase64Url} per sign-in. */
  state: string;
  /** Echoed inside the ID token, to bind it to this sign-in: a fresh {@link randomBase64Url} per sign-in. */
  nonce: string;
  /** The PKCE S256 challenge of the verifier the token request will send. */
  codeChallenge: string;
  responseMode: AuthorizeResponseMode;
  /** Prefills the account; with it the default prompt is `login`, without it `select_account` (as `@azure/identity`). */
  loginHint?: string;
  /** Overrides the prompt chosen from `loginHint`. */
  prompt?: 'login' | 'select_account' | 'consent' | 'none';
  /** The claims request to send (a claims challenge, with the CAE capability merged in: see `mergeClaims`). */
  claims?: string;
  /** Sent as `client-request-id`, the id Entra files the sign-in under. Default: a fresh UUID. */
  correlationId?: string;
}

function checkRedirectUri(credentialName: string, redirectUri: unknown): string {
  const url = typeof redirectUri === 'string' && URL.canParse(redirectUri) ? new URL(redirectUri) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hash || url.username) {
    throw new InvalidArgumentError(
      `${credentialName}: redirectUri must be an absolute http or https URL without a fragment or user name. ${troubleshooting('authentication-failed')}`,
    );
  }
  return redirectUri as string;
}

// state, nonce and the challenge are values this library made (base64url); anything else is a caller's bug.
function checkGenerated(credentialName: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._~-]{16,512}$/.test(value)) {
    throw new InvalidArgumentError(
      `${credentialName}: ${name} must be a random URL-safe string of 16 to 512 characters (see randomBase64Url). ${troubleshooting('authentication-failed')}`,
    );
  }
  return value;
}

/**
 * Builds the authorize URL of an authorization code sign-in with PKCE (S256): `client_id`, `scope`,
 * `redirect_uri`, `client-request-id`, `response_mode`, `client_info=1`, `prompt`, `login_hint` (with the
 * `X-AnchorMailbox` routing hint), `nonce`, `state`, `claims`, `x-client-SKU`, `x-client-VER`, `response_type=code`,
 * `code_challenge`, `code_challenge_method=S256`, in that order, percent-encoded as MSAL does. Checks every value
 * that reaches the URL; throws an `InvalidArgumentError` naming the bad one.
 *
 * @example
 * ```ts
 * const pkce = await createPkcePair();
 * const url = buildAuthorizeUrl({ ...request, state: randomBase64Url(), nonce: randomBase64Url(), codeChallenge: pkce.challenge });
 * await openBrowser(url);
 * ```
 */
export function buildAuthorizeUrl(request: AuthorizeUrlRequest): string {
  const { credentialName } = request;
  const authorityHost = resolveAuthorityHost(request.authorityHost, {});
  const tenantId = validateTenantId(credentialName, request.tenantId);
  const scopes = validateScopes(credentialName, [...request.scopes]);
  const prompt = request.prompt ?? (request.loginHint ? 'login' : 'select_account');
  const parameters: [string, string | undefined][] = [
    ['client_id', validateClientId(credentialName, request.clientId)],
    // The caller's scopes first, then the OpenID ones, each once.
    ['scope', [...new Set([...scopes, ...AUTHORIZE_OIDC_SCOPES])].join(' ')],
    ['redirect_uri', checkRedirectUri(credentialName, request.redirectUri)],
    ['client-request-id', request.correlationId ?? crypto.randomUUID()],
    ['response_mode', request.responseMode],
    ['client_info', '1'],
    ['prompt', prompt],
    // Entra refuses an account hint together with the account picker, so MSAL drops it there; so do we.
    ['login_hint', prompt === 'select_account' ? undefined : request.loginHint || undefined],
    // Routes the request to the user's home region, as MSAL does whenever it sends a login hint.
    [
      'X-AnchorMailbox',
      prompt === 'select_account' || !request.loginHint ? undefined : `UPN:${request.loginHint}`,
    ],
    ['nonce', checkGenerated(credentialName, 'nonce', request.nonce)],
    ['state', checkGenerated(credentialName, 'state', request.state)],
    ['claims', request.claims || undefined],
    ['x-client-SKU', 'identity.js'],
    ['x-client-VER', VERSION],
    ['response_type', 'code'],
    ['code_challenge', checkGenerated(credentialName, 'codeChallenge', request.codeChallenge)],
    ['code_challenge_method', 'S256'],
  ];
  const query = parameters
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return `${authorityHost}/${tenantId}/oauth2/v2.0/authorize?${query}`;
}
