// The OpenID Connect ID token and `client_info` of a signed-in user, shaped as Entra's v2.0 endpoint issues
// them: the ID token is addressed to the app, `client_info` names the home account (`uid.utid`).
import { createHash } from 'node:crypto';
import { base64UrlEncode, newGuid } from './emulator-encoding.js';
import type { TenantAccount } from './emulator-users.js';

/**
 * Lifetime of an ID token, as Entra issues them.
 *
 * @example
 * ```ts
 * claims.exp - claims.iat; // ID_TOKEN_LIFETIME_SECONDS
 * ```
 */
export const ID_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Encodes `client_info`: base64url JSON `{ uid, utid }` of the user's home account. MSAL and our user
 * credentials build the home account id `uid.utid` from it.
 *
 * @example
 * ```ts
 * clientInfo(account); // 'eyJ1aWQiOiIuLi4iLCJ1dGlkIjoiLi4uIn0'
 * ```
 */
export function clientInfo(account: TenantAccount): string {
  return base64UrlEncode(JSON.stringify({ uid: account.user.objectId, utid: account.user.tenantId }));
}

/**
 * What an ID token says and about whom.
 *
 * @example
 * ```ts
 * const input: IdTokenInput = { emulatorUrl, clientId, account, oidc: new Set(['openid', 'profile']), now: Date.now() };
 * ```
 */
export interface IdTokenInput {
  emulatorUrl: string;
  /** The app the token is for (`aud`). */
  clientId: string;
  /** The user in the tenant the token is issued in (`tid`, `oid`). */
  account: TenantAccount;
  /** The OIDC scopes granted; `email` adds the `email` claim. */
  oidc: ReadonlySet<string>;
  /** Epoch ms. */
  now: number;
  /** Echoed from the authorize request. */
  nonce?: string;
  /** The sign-in session (`sid`), when the user signed in through the page. */
  sessionId?: string;
}

/**
 * The claims of an ID token: `aud` = client id, `iss` = the tenant's v2.0 issuer on the emulator, `tid`,
 * `oid`, a pairwise `sub` (stable per user and app, as Entra's), `preferred_username`, `name`, `nonce` when
 * one was sent, `ver: '2.0'`.
 *
 * @example
 * ```ts
 * const jwt = signJwt({ typ: 'JWT', alg: 'RS256', kid }, idTokenClaims(input), key.privateKey);
 * ```
 */
export function idTokenClaims(input: IdTokenInput): Record<string, unknown> {
  const iat = Math.floor(input.now / 1000);
  const { account } = input;
  const digest = (text: string) => base64UrlEncode(createHash('sha256').update(text).digest());
  return {
    aud: input.clientId,
    iss: `${input.emulatorUrl}/${account.tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + ID_TOKEN_LIFETIME_SECONDS,
    aio: digest(newGuid()).slice(0, 40),
    ...(input.oidc.has('email') ? { email: account.user.username } : {}),
    ...(account.guest ? { idp: `https://sts.windows.net/${account.user.tenantId}/` } : {}),
    name: account.user.name,
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    oid: account.objectId,
    preferred_username: account.user.username,
    rh: `0.${digest(account.objectId).slice(0, 20)}.`,
    ...(input.sessionId === undefined ? {} : { sid: input.sessionId }),
    sub: digest(`${account.objectId}|${input.clientId.toLowerCase()}`),
    tid: account.tenantId,
    uti: digest(newGuid()).slice(0, 22),
    ver: '2.0',
  };
}
