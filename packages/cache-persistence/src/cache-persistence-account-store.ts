// The signed-in accounts of the persistent cache, as MSAL keeps them: an `Account` entity, the account's
// `RefreshToken` for the client, its `IdToken`, and the client's `AppMetadata`. A user credential finds its account's
// refresh token here on the next run (or in another process, or after MSAL-based tools signed the user in), and
// signs in silently. Accounts go to both files of the cache: a refresh token serves CAE and non-CAE requests alike.
// The store also lists the accounts (SharedTokenCacheCredential chooses among them, `identity accounts` shows them),
// forgets one (`identity logout`) and names the default one (the record `identity login` wrote beside the cache).
import type { Logger, UserAccount, UserAccountStore } from '@identity/core';
import { accountKey } from '@identity/core/internal';
import { readDefaultAccount } from './cache-persistence-default-account.js';
import type { MsalCacheDocument, MsalEntity } from './cache-persistence-msal-format.js';
import {
  accountEntityKey,
  appMetadataKey,
  cloudOf,
  credentialKey,
  putEntity,
  sameCloud,
} from './cache-persistence-msal-format.js';
import type { CacheFiles } from './cache-persistence-token-store.js';

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const isObject = (value: unknown): value is MsalEntity => typeof value === 'object' && value !== null;
// Whether an entity is of the account, client and cloud of another, as MSAL compares these fields: without case.
const sameAccount = (entity: MsalEntity, of: MsalEntity) =>
  same(entity.home_account_id, text(of.home_account_id)) &&
  sameCloud(entity.environment, of.environment) &&
  same(entity.client_id, text(of.client_id));

// What a key of core's account store (`<home account id>|<client id>|<environment>`) names, and whether an entity
// (of any client) is of that account in that cloud.
function keyed(key: string) {
  const [homeAccountId = '', clientId = '', environment = ''] = key.split('|');
  const mine = (entity: MsalEntity | undefined): entity is MsalEntity =>
    isObject(entity) &&
    same(entity.home_account_id, homeAccountId) &&
    sameCloud(entity.environment, environment);
  return { homeAccountId, clientId, environment, mine };
}

/**
 * The account a key of core's account store (`<home account id>|<client id>|<environment>`) names in a cache
 * document, with its refresh token for the client: the client's own, else a family refresh token of the account
 * (FOCI, `familyId` set); `undefined` when the document has neither. `realms` are the tenants it signed in to.
 *
 * @example
 * ```ts
 * findAccount(document, 'uid.utid|app-id|login.windows.net')?.refreshToken;
 * ```
 */
export function findAccount(document: MsalCacheDocument, key: string): UserAccount | undefined {
  const { homeAccountId, clientId, environment, mine } = keyed(key);
  const refreshTokenOf = (family: boolean) =>
    Object.values(document.RefreshToken).find(
      (entity) =>
        mine(entity) &&
        entity.credential_type === 'RefreshToken' &&
        (family ? !!text(entity.family_id) : same(entity.client_id, clientId)) &&
        typeof entity.secret === 'string',
    );
  // The client's own refresh token, else a family one (FOCI), as MSAL looks: Entra lets every client of the family
  // redeem it, and refuses it to others (whose sign-in then follows). A family one Entra calls dead is forgotten
  // (removeRefreshToken), so that the next is found; one refused otherwise stays: it is another app's.
  const refreshToken = refreshTokenOf(false) ?? refreshTokenOf(true);
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
    // A family (FOCI) refresh token, which the family's other clients may redeem; the tenants it signed in to.
    familyId: text(refreshToken.family_id) || undefined,
    realms: [...new Set(accounts.map((entity) => text(entity.realm)).filter(Boolean))],
  };
}

/**
 * Puts a signed-in account in a cache document, as MSAL Node writes one: its `Account`, `RefreshToken` (when it
 * has one), `IdToken` (when it has one) and the client's `AppMetadata`, each keeping fields it does not set. A refresh
 * token replaces the account's refresh token for the client under every key another writer keeps it under.
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
    const rt: MsalEntity = {
      ...owner,
      credential_type: 'RefreshToken',
      client_id: clientId,
      secret: account.refreshToken,
    };
    // A family refresh token (Entra's `foci`) says so, as MSAL writes it: the family's other clients (and Python's
    // SharedTokenCacheCredential, which reads only these) take it.
    if (account.familyId) rt.family_id = account.familyId;
    // Other MSAL writers key the account's refresh token their own way (MSAL Node, MSAL Python, a family token), and
    // readers take the first they find: the newest goes into every copy, in place, so none is left rotated out.
    let kept = false;
    for (const entity of Object.values(document.RefreshToken)) {
      if (isObject(entity) && sameAccount(entity, rt) && entity.credential_type === 'RefreshToken') {
        entity.secret = account.refreshToken;
        kept = true;
      }
    }
    if (!kept) putEntity(document.RefreshToken, credentialKey(rt), rt);
  }
  if (account.idToken) {
    const id = { ...owner, credential_type: 'IdToken', client_id: clientId, secret: account.idToken, realm };
    putEntity(document.IdToken, credentialKey(id), id);
  }
  const metadata: MsalEntity = { client_id: clientId, environment };
  if (account.familyId) metadata.family_id = account.familyId;
  putEntity(document.AppMetadata, appMetadataKey(metadata), metadata);
}

/**
 * The keys (`<home account id>|<client id>|<environment>`) of every account of a cache document that has a refresh
 * token, once each, in the document's order.
 *
 * @example
 * ```ts
 * const accounts = accountKeys(document).map((key) => findAccount(document, key));
 * ```
 */
export function accountKeys(document: MsalCacheDocument): string[] {
  // Keys compare as the entities' fields do: without case.
  const keys = new Map<string, string>();
  for (const entity of Object.values(document.RefreshToken)) {
    if (entity?.credential_type !== 'RefreshToken' || typeof entity.secret !== 'string') continue;
    const home = text(entity.home_account_id);
    const client = text(entity.client_id);
    const environment = cloudOf(entity.environment);
    const key = accountKey(home, client, environment);
    if (home && client && environment && !keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
  }
  return [...keys.values()];
}

/**
 * The accounts of cache documents that have a refresh token, once each (the first document's first).
 *
 * @example
 * ```ts
 * const accounts = accountsOf([await files.nocae.read(), await files.cae.read()]);
 * ```
 */
export function accountsOf(documents: MsalCacheDocument[]): UserAccount[] {
  const found = new Map<string, UserAccount>();
  for (const document of documents) {
    for (const key of accountKeys(document)) {
      const account = found.has(key.toLowerCase()) ? undefined : findAccount(document, key);
      if (account) found.set(key.toLowerCase(), account);
    }
  }
  return [...found.values()];
}

/**
 * Removes the account a key names from a cache document: its refresh token, ID tokens and access tokens for that
 * client (every tenant and scope), and its `Account` entities unless a refresh token of another client still needs
 * them. Other accounts, the clients' `AppMetadata`, and sections this library does not know stay as they were.
 *
 * @returns whether anything was removed
 * @example
 * ```ts
 * await file.update((document) => removeAccount(document, 'uid.utid|app-id|login.windows.net'));
 * ```
 */
export function removeAccount(document: MsalCacheDocument, key: string): boolean {
  const { clientId, mine } = keyed(key);
  let removed = false;
  for (const section of [document.RefreshToken, document.IdToken, document.AccessToken]) {
    for (const [entry, entity] of Object.entries(section)) {
      if (mine(entity) && same(entity.client_id, clientId)) {
        delete section[entry];
        removed = true;
      }
    }
  }
  const stillNeeded = Object.values(document.RefreshToken).some(
    (entity) => mine(entity) && entity.credential_type === 'RefreshToken',
  );
  if (!stillNeeded) {
    for (const [entry, entity] of Object.entries(document.Account)) {
      if (mine(entity)) {
        delete document.Account[entry];
        removed = true;
      }
    }
  }
  return removed;
}

/**
 * Removes one refresh token of the account a key names from a cache document: every copy whose secret is
 * `refreshToken` (Entra refused it as dead), the client's own or a family one (FOCI) the client was given, which is
 * dead for every client of the family. A newer one another writer rotated in stays, as do the account's `Account`,
 * ID and access tokens, and every other entity.
 *
 * @returns whether anything was removed
 * @example
 * ```ts
 * await file.update((document) => removeRefreshToken(document, 'uid.utid|app-id|login.windows.net', refused));
 * ```
 */
export function removeRefreshToken(document: MsalCacheDocument, key: string, refreshToken: string): boolean {
  const { clientId, mine } = keyed(key);
  let removed = false;
  for (const [entry, entity] of Object.entries(document.RefreshToken)) {
    // The client's own copies, and a family one it was given, whoever wrote it.
    if (
      mine(entity) &&
      (same(entity.client_id, clientId) || text(entity.family_id) !== '') &&
      entity.secret === refreshToken
    ) {
      delete document.RefreshToken[entry];
      removed = true;
    }
  }
  return removed;
}

/**
 * The {@link UserAccountStore} of a persistent cache. It never throws: a file that cannot be read or written is
 * logged, and the user is asked to sign in (again). `list` gives every account of both files that has a refresh
 * token (once each); `delete` removes an account from both files, each under its lock, and resolves `true` when
 * either held it (`false` when neither did or a file failed); `forgetRefreshToken` removes a refused refresh token
 * from both files the same way (see {@link removeRefreshToken}); `defaultAccount` reads the record at
 * `defaultAccountFile` (`undefined` without one).
 *
 * @example
 * ```ts
 * const accounts = accountStore(files, logger);
 * ```
 */
export function accountStore(
  files: CacheFiles,
  logger: Logger,
  defaultAccountFile?: string,
): Required<UserAccountStore> {
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
    list: async () =>
      (await attempt('account listing', async () =>
        accountsOf([await files.nocae.read(), await files.cae.read()]),
      )) ?? [],
    delete: async (key) =>
      (await attempt('account removal', async () => {
        let removed = false;
        for (const file of [files.nocae, files.cae]) {
          await file.update((document) => {
            const here = removeAccount(document, key);
            removed ||= here;
            // A file that did not hold the account is left as it is (and not created).
            return here;
          });
        }
        return removed;
      })) ?? false,
    forgetRefreshToken: (key, refreshToken) =>
      attempt('refresh token removal', async () => {
        for (const file of [files.nocae, files.cae]) {
          // A file that did not hold it is left as it is.
          await file.update((document) => removeRefreshToken(document, key, refreshToken));
        }
      }),
    defaultAccount: async () =>
      defaultAccountFile === undefined ? undefined : readDefaultAccount(defaultAccountFile, logger),
  };
}
