// The accounts of the user credentials: who signed in (from the token answer's `client_info` and ID token), kept
// with their refresh token under the home account id `uid.utid`, in the fields of MSAL's cache, so that a persistent
// cache in MSAL's format can hold them later.
import type { AuthenticationRecord } from './authentication-record.js';
import { AuthenticationError } from './errors.js';
import { decodeJwtClaims } from './jwt-claims.js';
import type { CachedToken } from './token-cache.js';

/**
 * What the token endpoint answers a user flow: the access token, and what only user flows read.
 *
 * @example
 * ```ts
 * const { token, refreshToken } = await context.requestTokens({ grant_type: 'refresh_token', refresh_token });
 * ```
 */
export interface UserTokens {
  token: CachedToken;
  /** Redeems silently for any scope the user consented to. A secret: never logged, never in an error. */
  refreshToken?: string | undefined;
  /** The ID token (a JWT about the user, for this client), as received. */
  idToken?: string | undefined;
  /** base64url JSON `{"uid","utid"}`: the account's object id and home tenant. */
  clientInfo?: string | undefined;
  /** The answer's `foci`: the family of client ids the refresh token is shared with (`'1'`: Microsoft's). */
  familyId?: string | undefined;
}

/**
 * A signed-in account and its refresh token, in the fields of MSAL's cache entities: the account's
 * `home_account_id`, `environment`, `realm` and `username`, the refresh token's `client_id` and `secret`, the ID
 * token's claims.
 *
 * @example
 * ```ts
 * const account: UserAccount | undefined = accounts.get(record.homeAccountId);
 * ```
 */
export interface UserAccount extends AuthenticationRecord {
  /** The claims of the ID token of the sign-in (decoded, not verified: it came from the authority over TLS). */
  idTokenClaims?: Record<string, unknown>;
  /** The newest refresh token (Entra rotates them on every use). A secret. */
  refreshToken?: string;
  /** The ID token of the sign-in, as received (a persistent cache keeps it, as MSAL does). */
  idToken?: string;
  /**
   * The refresh token's family, when it is a family refresh token (MSAL's `family_id`; `'1'`: Microsoft's family of
   * client ids, FOCI, whose members may redeem each other's refresh tokens). Read from a persistent cache.
   */
  familyId?: string;
  /**
   * Every tenant the account signed in to (MSAL's `realm` of its `Account` entities): its home tenant, and those it
   * is a guest of. Read from a persistent cache.
   */
  realms?: string[];
}

/**
 * Where the user credentials keep their accounts and refresh tokens, under keys `accountKey` makes: a `Map`
 * (each credential has its own in memory by default), or the store of a persistent token cache
 * (`@identity/cache-persistence`), which outlives the process. Its methods may return promises; they never throw
 * (a store that fails logs it and answers `undefined`, so the user is asked to sign in again).
 *
 * @example
 * ```ts
 * const accounts: UserAccountStore = new Map<string, UserAccount>();
 * ```
 */
export interface UserAccountStore {
  /** The account stored under the key, if any. */
  get(key: string): UserAccount | undefined | Promise<UserAccount | undefined>;
  /** Stores an account (its newest refresh token) under the key, replacing what was there. */
  set(key: string, account: UserAccount): unknown;
  /**
   * Forgets the account's refresh token if it is still `refreshToken` (one written meanwhile, by another process
   * too, stays): Entra refused it as dead (`suberror: bad_token`). The account's other data and the other accounts
   * stay. Optional: without it, only the account object `get` handed out loses its refresh token, which is the
   * stored one in a `Map` (the in-memory store); a store that hands out copies keeps it.
   */
  forgetRefreshToken?(key: string, refreshToken: string): unknown;
  /**
   * Every account the store holds, each under its key. Optional: a store that cannot list (a `Map` used as one)
   * serves the credentials that know their account, not SharedTokenCacheCredential, which chooses among them.
   */
  list?(): Promise<UserAccount[]>;
  /**
   * Forgets the account under the key: its refresh token, ID token and access tokens (`identity logout`).
   * Optional, as `list`.
   */
  delete?(key: string): unknown;
  /**
   * The account `identity login` signed in (its AuthenticationRecord, kept beside the cache), which
   * SharedTokenCacheCredential uses when the cache holds several and none was chosen. Optional, as `list`.
   */
  defaultAccount?(): Promise<AuthenticationRecord | undefined>;
}

/**
 * The key of an account in a {@link UserAccountStore}: its home account id, the client it signed in to, and the
 * authority's `environment` (refresh tokens are per client and cloud).
 *
 * @example
 * ```ts
 * accountKey(record.homeAccountId, clientId, 'login.windows.net'); // 'uid.utid|client-id|login.windows.net'
 * ```
 */
export function accountKey(homeAccountId: string, clientId: string, environment: string): string {
  return `${homeAccountId}|${clientId}|${environment}`;
}

// MSAL keys its cache, and `@azure/identity` writes a record's authority, by each cloud's "preferred cache" host
// (MSAL's built-in instance metadata): the public cloud's is login.windows.net, whichever alias is configured.
const PREFERRED_CACHE_HOSTS: Readonly<Record<string, string>> = {
  'login.microsoftonline.com': 'login.windows.net',
  'login.microsoft.com': 'login.windows.net',
  'sts.windows.net': 'login.windows.net',
  'login.chinacloudapi.cn': 'login.partner.microsoftonline.cn',
  'login.usgovcloudapi.net': 'login.microsoftonline.us',
};

/**
 * The `environment` of an authority host, as MSAL's cache and `@azure/identity`'s AuthenticationRecord write it:
 * the cloud's preferred cache host (`login.windows.net` for the public cloud), else the host name and port.
 *
 * @example
 * ```ts
 * accountEnvironment('https://login.microsoftonline.com'); // 'login.windows.net'
 * accountEnvironment('http://127.0.0.1:8400'); // '127.0.0.1:8400'
 * ```
 */
export function accountEnvironment(authorityHost: string): string {
  const { host } = new URL(authorityHost);
  return PREFERRED_CACHE_HOSTS[host] ?? host;
}

/**
 * The account a sign-in's tokens are about, as MSAL builds it: the home account id `uid.utid` from `client_info`
 * (else the ID token's `oid.tid`), the home tenant `utid` (else `tid`), the user name `preferred_username` (else
 * `upn`, else the first of `emails`), and the refresh token.
 *
 * @throws `AuthenticationError` (`INVALID_RESPONSE`) when the answer identifies no account
 * @example
 * ```ts
 * const account = accountFromTokens(tokens, { authority: 'login.windows.net', clientId, credentialName });
 * ```
 */
export function accountFromTokens(
  tokens: UserTokens,
  where: { authority: string; clientId: string; credentialName: string },
): UserAccount {
  // client_info is base64url JSON, a JWT payload's encoding: the JWT reader decodes it.
  const info = decodeJwtClaims(`.${tokens.clientInfo}`) ?? {};
  const claims = decodeJwtClaims(`${tokens.idToken}`) ?? {};
  const uid = info.uid ?? claims.oid ?? claims.sub;
  const tenantId = info.utid ?? claims.tid;
  if (typeof uid !== 'string' || typeof tenantId !== 'string') {
    throw new AuthenticationError(
      200,
      {
        error: 'invalid_response',
        error_description: 'the answer names no account (no client_info or ID token)',
      },
      { credentialName: where.credentialName, code: 'INVALID_RESPONSE' },
    );
  }
  const username = claims.preferred_username ?? claims.upn ?? (claims.emails as unknown[] | undefined)?.[0];
  return {
    authority: where.authority,
    homeAccountId: `${uid}.${tenantId}`,
    clientId: where.clientId,
    tenantId,
    username: typeof username === 'string' ? username : '',
    idTokenClaims: claims,
    refreshToken: tokens.refreshToken,
    idToken: tokens.idToken,
    familyId: tokens.familyId,
  };
}
