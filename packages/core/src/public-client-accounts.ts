// The accounts of the user credentials: who signed in (from the token answer's `client_info` and ID token) and
// their refresh token, kept per account under its home account id `uid.utid`, in the fields MSAL's token cache
// stores, so a persistent cache in MSAL's format can hold them later.
import type { AuthenticationRecord } from './authentication-record.js';
import { AuthenticationError } from './errors.js';
import { decodeJwtClaims } from './jwt-claims.js';
import type { CachedToken } from './token-cache.js';

/**
 * What the token endpoint answers a user flow: the access token, and what only user flows read.
 *
 * @example
 * ```ts
 * const { token, refreshToken } = await context.requestTokens({ grant_type: 'device_code', device_code });
 * ```
 */
export interface UserTokens {
  token: CachedToken;
  /** Redeems silently for any scope the user consented to. A secret: never logged, never in an error. */
  refreshToken?: string;
  /** The ID token (a JWT about the user, for this client), as received. */
  idToken?: string;
  /** base64url JSON `{"uid","utid"}`: the account's object id and home tenant. */
  clientInfo?: string;
}

/**
 * A signed-in account and its refresh token, with the fields of MSAL's cache entities (an account's
 * `home_account_id`, `environment`, `realm`, `local_account_id`, `username`, `name`, `client_info`; the ID and
 * refresh tokens' `client_id` and `secret`).
 *
 * @example
 * ```ts
 * const account: UserAccount | undefined = await store.get(record.homeAccountId, record.authority, record.clientId);
 * ```
 */
export interface UserAccount {
  /** `<uid>.<utid>`: the object id and home tenant from `client_info`. */
  homeAccountId: string;
  /** The cloud's cache host (see {@link accountEnvironment}), as an {@link AuthenticationRecord}'s `authority`. */
  environment: string;
  /** The application the refresh token was issued to. */
  clientId: string;
  /** The account's home tenant (`utid`, else the ID token's `tid`): MSAL's `realm`. */
  tenantId: string;
  /** `preferred_username` (else `upn`, the first of `emails`), or empty. */
  username: string;
  /** The object id in the home tenant (`uid`, else `oid`). */
  localAccountId?: string;
  /** The display name (`name`). */
  name?: string;
  /** `client_info` as received. */
  clientInfo?: string;
  /** The latest ID token, as received. */
  idToken?: string;
  /** Its claims (decoded, not verified: the token came straight from the authority over TLS). */
  idTokenClaims?: Record<string, unknown>;
  /** The latest refresh token. A secret. */
  refreshToken?: string;
}

/**
 * Where a user credential keeps its accounts. The default keeps them in memory for the credential's life; a
 * persistent store (a file in MSAL's format, the OS keyring) lets the next process find them from an
 * {@link AuthenticationRecord}. Either method may return a promise.
 *
 * @example
 * ```ts
 * const store: UserAccountStore = new MemoryAccountStore();
 * ```
 */
export interface UserAccountStore {
  /** The account with this home account id, signed in at this authority host to this client. */
  get(
    homeAccountId: string,
    environment: string,
    clientId: string,
  ): UserAccount | undefined | Promise<UserAccount | undefined>;
  /** Stores the account, replacing the one with the same home account id, host and client. */
  set(account: UserAccount): void | Promise<void>;
}

/**
 * A {@link UserAccountStore} in memory: the default of every user credential.
 *
 * @example
 * ```ts
 * const store = new MemoryAccountStore();
 * store.set(account);
 * store.get(account.homeAccountId, account.environment, account.clientId); // account
 * ```
 */
export class MemoryAccountStore implements UserAccountStore {
  readonly #accounts = new Map<string, UserAccount>();

  get(homeAccountId: string, environment: string, clientId: string): UserAccount | undefined {
    return this.#accounts.get(accountKey(homeAccountId, environment, clientId));
  }

  set(account: UserAccount): void {
    this.#accounts.set(accountKey(account.homeAccountId, account.environment, account.clientId), account);
  }
}

// MSAL's key order; ids and host names compare case-insensitively.
const accountKey = (...parts: string[]) => parts.join('-').toLowerCase();

function decodeClientInfo(clientInfo: string | undefined): { uid?: unknown; utid?: unknown } {
  // client_info is base64url JSON, which is a JWT's payload encoding: the JWT reader decodes it.
  return (clientInfo && decodeJwtClaims(`.${clientInfo}`)) || {};
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

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
 * The account a token answer is about, merged over what was known of it, as MSAL builds its account: the home
 * account id `uid.utid` from `client_info` (else the known account's, else the ID token's `oid.tid`), the tenant
 * `utid` (else `tid`), the user name `preferred_username` (else `upn`, the first of `emails`), and the newest
 * refresh token (Entra rotates them: each answer's replaces the last).
 *
 * @throws `AuthenticationError` (`INVALID_RESPONSE`) when the answer identifies no account
 * @example
 * ```ts
 * const account = accountFromTokens(tokens, { environment: 'login.windows.net', clientId, tenantId, credentialName });
 * ```
 */
export function accountFromTokens(
  tokens: UserTokens,
  where: { environment: string; clientId: string; tenantId: string; credentialName: string },
  known?: UserAccount,
): UserAccount {
  const { uid, utid } = decodeClientInfo(tokens.clientInfo);
  const claims = tokens.idToken ? decodeJwtClaims(tokens.idToken) : undefined;
  const oid = text(claims?.oid) ?? text(claims?.sub);
  const tid = text(claims?.tid);
  const homeAccountId =
    text(uid) && text(utid) ? `${uid}.${utid}` : (known?.homeAccountId ?? (oid && tid && `${oid}.${tid}`));
  if (!homeAccountId) {
    throw new AuthenticationError(
      200,
      {
        error: 'invalid_response',
        error_description: 'the token answer names no account (no client_info, no ID token)',
      },
      {
        credentialName: where.credentialName,
        code: 'INVALID_RESPONSE',
        nextStep: 'Check the authority host.',
      },
    );
  }
  const same = known?.homeAccountId === homeAccountId ? known : undefined;
  // An ID token from another tenant (where the user is a guest) does not replace the one of the account's own.
  const own = !same || !tid || tid === same.tenantId;
  const emails = claims?.emails;
  const username =
    text(claims?.preferred_username) ?? text(claims?.upn) ?? text(Array.isArray(emails) && emails[0]);
  return {
    homeAccountId,
    environment: where.environment,
    clientId: where.clientId,
    tenantId: same?.tenantId ?? text(utid) ?? tid ?? where.tenantId,
    username: (own && username) || same?.username || '',
    localAccountId: same?.localAccountId ?? text(uid) ?? oid,
    name: (own && text(claims?.name)) || same?.name,
    clientInfo: tokens.clientInfo ?? same?.clientInfo,
    idToken: own ? (tokens.idToken ?? same?.idToken) : same?.idToken,
    idTokenClaims: own ? (claims ?? same?.idTokenClaims) : same?.idTokenClaims,
    // Entra rotates refresh tokens: the newest replaces the last.
    refreshToken: tokens.refreshToken ?? same?.refreshToken,
  };
}

/**
 * The {@link AuthenticationRecord} of an account.
 *
 * @example
 * ```ts
 * return recordOf(account); // { authority, homeAccountId, clientId, tenantId, username }
 * ```
 */
export function recordOf(account: UserAccount): AuthenticationRecord {
  const { environment: authority, homeAccountId, clientId, tenantId, username } = account;
  return { authority, homeAccountId, clientId, tenantId, username };
}
