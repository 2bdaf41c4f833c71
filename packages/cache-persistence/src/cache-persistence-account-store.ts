// The signed-in accounts of the persistent cache, as MSAL keeps them: an `Account` entity, the account's
// `RefreshToken` for the client, its `IdToken`, and the client's `AppMetadata`. A user credential finds its account's
// refresh token here on the next run (or in another process, or after MSAL-based tools signed the user in), and
// signs in silently. Accounts go to both files of the cache: a refresh token serves CAE and non-CAE requests alike.
import type { Logger, UserAccount, UserAccountStore } from '@identity/core';
import type { MsalCacheDocument, MsalEntity } from './cache-persistence-msal-format.js';
import {
  accountEntityKey,
  appMetadataKey,
  credentialKey,
  putEntity,
} from './cache-persistence-msal-format.js';
import type { CacheFiles } from './cache-persistence-token-store.js';

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * The account a key of core's account store (`<home account id>|<client id>|<environment>`) names in a cache
 * document, with its refresh token for the client; `undefined` when the document has no such refresh token.
 *
 * @example
 * ```ts
 * findAccount(document, 'uid.utid|app-id|login.windows.net')?.refreshToken;
 * ```
 */
export function findAccount(document: MsalCacheDocument, key: string): UserAccount | undefined {
  const [homeAccountId = '', clientId = '', environment = ''] = key.split('|');
  const mine = (entity: MsalEntity | undefined) =>
    !!entity && same(entity.home_account_id, homeAccountId) && same(entity.environment, environment);
  const refreshToken = Object.values(document.RefreshToken).find(
    (entity) =>
      mine(entity) &&
      entity.credential_type === 'RefreshToken' &&
      same(entity.client_id, clientId) &&
      typeof entity.secret === 'string',
  );
  if (!refreshToken) return undefined;
  // The account at its home tenant when there are several (guest accounts in other tenants).
  const homeTenant = homeAccountId.slice(homeAccountId.lastIndexOf('.') + 1);
  const accounts = Object.values(document.Account).filter(mine);
  const account = accounts.find((entity) => same(entity.realm, homeTenant)) ?? accounts[0];
  const tenantId = text(account?.realm) || homeTenant;
  const idToken = Object.values(document.IdToken).find(
    (entity) => mine(entity) && same(entity.client_id, clientId) && same(entity.realm, tenantId),
  );
  return {
    authority: environment,
    homeAccountId,
    clientId,
    tenantId,
    username: text(account?.username),
    refreshToken: refreshToken.secret as string,
    idToken: text(idToken?.secret) || undefined,
  };
}

/**
 * Puts a signed-in account in a cache document, as MSAL Node writes one: its `Account`, `RefreshToken` (when it
 * has one), `IdToken` (when it has one) and the client's `AppMetadata`, each keeping fields it does not set.
 *
 * @example
 * ```ts
 * putAccount(document, account);
 * ```
 */
export function putAccount(document: MsalCacheDocument, account: UserAccount): void {
  const { homeAccountId, authority: environment, tenantId: realm, clientId } = account;
  const claims = account.idTokenClaims ?? {};
  const [uid = '', utid = ''] = homeAccountId.split('.');
  const owner = { home_account_id: homeAccountId, environment };
  const entity: MsalEntity = {
    ...owner,
    realm,
    local_account_id: text(claims.oid) || uid,
    username: account.username,
    authority_type: 'MSSTS',
    client_info: Buffer.from(JSON.stringify({ uid, utid })).toString('base64url'),
  };
  if (typeof claims.name === 'string') entity.name = claims.name;
  putEntity(document.Account, accountEntityKey(entity), entity);
  if (account.refreshToken) {
    const rt = {
      ...owner,
      credential_type: 'RefreshToken',
      client_id: clientId,
      secret: account.refreshToken,
    };
    putEntity(document.RefreshToken, credentialKey(rt), rt);
  }
  if (account.idToken) {
    const id = { ...owner, credential_type: 'IdToken', client_id: clientId, secret: account.idToken, realm };
    putEntity(document.IdToken, credentialKey(id), id);
  }
  const metadata = { client_id: clientId, environment };
  putEntity(document.AppMetadata, appMetadataKey(metadata), metadata);
}

/**
 * The {@link UserAccountStore} of a persistent cache. It never throws: a file that cannot be read or written is
 * logged, and the user is asked to sign in (again).
 *
 * @example
 * ```ts
 * const accounts = accountStore(files, logger);
 * ```
 */
export function accountStore(files: CacheFiles, logger: Logger): UserAccountStore {
  const attempt = async <T>(what: string, call: () => Promise<T>) => {
    try {
      return await call();
    } catch (error) {
      logger.warning(`token cache ${what} failed: ${(error as Error)?.message}`);
      return undefined;
    }
  };
  return {
    get: (key) =>
      attempt('account read', async () => {
        for (const file of [files.nocae, files.cae]) {
          const account = findAccount(await file.read(), key);
          if (account) return account;
        }
        return undefined;
      }),
    set: (_key, account) =>
      attempt('account write', async () => {
        for (const file of [files.nocae, files.cae]) {
          await file.update((document) => putAccount(document, account));
        }
      }),
  };
}
