// The access tokens of the persistent cache, as MSAL's `AccessToken` entities: the store behind core's memory cache.
// A token key of core (authority, client, user or partition, tenant, scopes, claims) is found in MSAL's fields, so a
// token written by MSAL Node, MSAL Python or the Azure CLI serves this library's credentials and the other way
// round. Tokens without claims go to the `.nocae` file, CAE tokens to the `.cae` file; a token asked for with a
// claims challenge is the caller's own and is never stored.
import type { CachedToken, TokenCacheStore } from '@identity/core';
import type { TokenCacheKeyParts } from '@identity/core/internal';
import { accountEnvironment, mergeClaims, parseTokenCacheKey, refreshAfter } from '@identity/core/internal';
import type { CacheFile } from './cache-persistence-file.js';
import type { MsalCacheDocument, MsalEntity } from './cache-persistence-msal-format.js';
import {
  credentialKey,
  msalTime,
  putEntity,
  sameCloud,
  searchScopes,
  toMsalTime,
} from './cache-persistence-msal-format.js';

/**
 * The two files of a cache: tokens without Continuous Access Evaluation, and tokens with it.
 *
 * @example
 * ```ts
 * const files: CacheFiles = { nocae: new CacheFile(paths.nocae, protection), cae: new CacheFile(paths.cae, protection) };
 * ```
 */
export interface CacheFiles {
  nocae: CacheFile;
  cae: CacheFile;
}

// The claims core sends for CAE alone: the `cp1` capability.
const CAE_CLAIMS = mergeClaims(undefined, true);
// Tenants that name a kind of account, not a tenant: MSAL keeps the token under the account's home tenant.
const TENANT_ALIASES = new Set(['organizations', 'common', 'consumers']);

/**
 * What an AccessToken entity must say to be the token a key of core names (MSAL's field names).
 *
 * @example
 * ```ts
 * const query: TokenQuery = { home_account_id: '', environment: 'login.windows.net', client_id, realm: tenantId, scopes, userAssertionHash: undefined };
 * ```
 */
export interface TokenQuery {
  home_account_id: string;
  environment: string;
  client_id: string;
  realm: string;
  scopes: string[];
  userAssertionHash: string | undefined;
}

// The file and query of a key, or undefined for a token that is not kept on disk.
function queryOf(
  parts: TokenCacheKeyParts | undefined,
  files: CacheFiles,
): { file: CacheFile; query: TokenQuery } | undefined {
  if (!parts) return undefined;
  const file = parts.claims === '' ? files.nocae : parts.claims === CAE_CLAIMS ? files.cae : undefined;
  if (!file) return undefined;
  // A user's token (home account id `uid.utid`), an on-behalf-of token (its user assertion's hash, as MSAL writes it:
  // base64url SHA-256), or an app's token (no account).
  const obo = parts.subject.startsWith('obo:');
  const user = obo ? '' : parts.subject;
  const homeTenant = user.slice(user.lastIndexOf('.') + 1);
  const query: TokenQuery = {
    home_account_id: user,
    environment: accountEnvironment(parts.authorityHost),
    client_id: parts.clientId,
    realm: user && TENANT_ALIASES.has(parts.tenantId) ? homeTenant : parts.tenantId,
    scopes: parts.scopes,
    userAssertionHash: obo ? Buffer.from(parts.subject.slice(4), 'hex').toString('base64url') : undefined,
  };
  return { file, query };
}

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

// Whether an entity is an access token of the query's account, client, tenant and user assertion (any scopes).
function sameOwner(entity: MsalEntity, query: TokenQuery): boolean {
  return (
    entity.credential_type === 'AccessToken' &&
    same(entity.home_account_id ?? '', query.home_account_id) &&
    sameCloud(entity.environment, query.environment) &&
    same(entity.client_id, query.client_id) &&
    same(entity.realm, query.realm) &&
    (entity.userAssertionHash ?? undefined) === query.userAssertionHash &&
    same(entity.token_type ?? 'Bearer', 'Bearer')
  );
}

/**
 * The access token a key names in a cache document: one of its account, client, tenant and user assertion whose
 * scopes include the key's, not bound to a claims request, and not expired at `now`; the latest to expire.
 *
 * @example
 * ```ts
 * const token = findAccessToken(document, query, Date.now());
 * ```
 */
export function findAccessToken(
  document: MsalCacheDocument,
  query: TokenQuery,
  now: number,
): CachedToken | undefined {
  const wanted = searchScopes(query.scopes.join(' '));
  let found: CachedToken | undefined;
  for (const entity of Object.values(document.AccessToken)) {
    if (!entity || !sameOwner(entity, query) || entity.requestedClaimsHash) continue;
    const expiresOn = msalTime(entity.expires_on);
    const cachedAt = msalTime(entity.cached_at) ?? now;
    if (typeof entity.secret !== 'string' || !expiresOn || expiresOn <= now) continue;
    const scopes = new Set(searchScopes(entity.target));
    if (!wanted.every((scope) => scopes.has(scope))) continue;
    if (found && found.expiresOnTimestamp >= expiresOn) continue;
    found = {
      token: entity.secret,
      expiresOnTimestamp: expiresOn,
      refreshAfterTimestamp: msalTime(entity.refresh_on) ?? refreshAfter(cachedAt, expiresOn),
      tokenType: 'Bearer',
    };
  }
  return found;
}

/**
 * Puts an access token in a cache document as MSAL does: tokens of the same account, client, tenant and user
 * assertion whose scopes overlap the new one's go (two matches would make MSAL drop both), and so does every expired
 * access token of the document.
 *
 * @example
 * ```ts
 * putAccessToken(document, query, token, Date.now());
 * ```
 */
export function putAccessToken(
  document: MsalCacheDocument,
  query: TokenQuery,
  token: CachedToken,
  now: number,
): void {
  const section = document.AccessToken;
  const scopes = searchScopes(query.scopes.join(' '));
  for (const [key, entity] of Object.entries(section)) {
    const expiresOn = msalTime(entity?.expires_on);
    const overlaps =
      entity &&
      sameOwner(entity, query) &&
      searchScopes(entity.target).some((scope) => scopes.includes(scope));
    if (overlaps || (expiresOn !== undefined && expiresOn <= now)) delete section[key];
  }
  const entity: MsalEntity = {
    home_account_id: query.home_account_id,
    environment: query.environment,
    credential_type: 'AccessToken',
    client_id: query.client_id,
    secret: token.token,
    realm: query.realm,
    target: query.scopes.join(' '),
    cached_at: toMsalTime(now),
    expires_on: toMsalTime(token.expiresOnTimestamp),
    extended_expires_on: toMsalTime(token.expiresOnTimestamp),
    refresh_on: toMsalTime(token.refreshAfterTimestamp),
    token_type: 'Bearer',
  };
  if (query.userAssertionHash) entity.userAssertionHash = query.userAssertionHash;
  putEntity(section, credentialKey(entity), entity);
}

/**
 * The {@link TokenCacheStore} of a persistent cache: core's memory cache asks it when memory has no usable token,
 * and hands it every new token.
 *
 * @example
 * ```ts
 * const tokenCache = new StoredTokenCache(accessTokenStore(files));
 * ```
 */
export function accessTokenStore(files: CacheFiles): TokenCacheStore {
  return {
    async get(key) {
      const target = queryOf(parseTokenCacheKey(key), files);
      return target && findAccessToken(await target.file.read(), target.query, Date.now());
    },
    async set(key, token) {
      const target = queryOf(parseTokenCacheKey(key), files);
      await target?.file.update((document) => putAccessToken(document, target.query, token, Date.now()));
    },
  };
}
