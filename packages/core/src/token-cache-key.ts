// The key a token is cached under, for the app credentials (EntraClient) and the user credentials (PublicClient)
// alike: everything that changes the token, nothing secret. A store that keeps tokens in another layout (MSAL's
// token cache file) reads the parts back with parseTokenCacheKey.

/**
 * What a cache key says about its token.
 *
 * @example
 * ```ts
 * const parts = parseTokenCacheKey(key); // { authorityHost, clientId, subject, tenantId, scopes, claims }
 * ```
 */
export interface TokenCacheKeyParts {
  /** The authority host, such as `https://login.microsoftonline.com`. */
  authorityHost: string;
  clientId: string;
  /** Whom the token is for besides the client: a user's home account id (`uid.utid`), `obo:<sha-256 hex>`, or `''`. */
  subject: string;
  /** The tenant, lower-cased. */
  tenantId: string;
  /** The scopes, sorted. */
  scopes: string[];
  /** The claims request sent with it (a claims challenge, the CAE capability), or `''`. */
  claims: string;
}

/**
 * The cache key of a token. Scopes are sorted and space-joined (no scope has a space), the tenant lower-cased.
 *
 * @example
 * ```ts
 * tokenCacheKey(authorityHost, clientId, account.homeAccountId, tenantId, scopes, claims);
 * ```
 */
export function tokenCacheKey(
  authorityHost: string,
  clientId: string,
  subject: string,
  tenantId: string,
  scopes: string[],
  claims: string | undefined,
): string {
  return [
    authorityHost,
    clientId,
    subject,
    tenantId.toLowerCase(),
    [...scopes].sort().join(' '),
    claims,
  ].join('|');
}

/**
 * The parts of a key {@link tokenCacheKey} made, or `undefined` when they cannot be told apart for certain (a scope
 * or the claims contain `|`): a store then keeps the token only in its own layout, or not at all.
 *
 * @example
 * ```ts
 * parseTokenCacheKey('https://login.microsoftonline.com|app|uid.utid|contoso|User.Read|')?.scopes; // ['User.Read']
 * ```
 */
export function parseTokenCacheKey(key: string): TokenCacheKeyParts | undefined {
  const parts = key.split('|');
  if (parts.length !== 6) return undefined;
  const [authorityHost, clientId, subject, tenantId, scopes, claims] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { authorityHost, clientId, subject, tenantId, scopes: scopes.split(' '), claims };
}
