// Which account of the shared token cache SharedTokenCacheCredential uses: pure, so every rule is a unit test. The
// cache may hold accounts of other apps, other clouds and other users; only an account with a refresh token for this
// credential's client, or a family (FOCI) one, in this credential's cloud, can serve it. Messages name accounts by
// user name only.
import type { AuthenticationRecord, UserAccount } from '@identity/core';

/**
 * What a {@link chooseAccount} call looks for: the credential's client and cloud, and the user's choice, if any.
 *
 * @example
 * ```ts
 * const criteria: AccountCriteria = { clientId: DEVELOPER_SIGN_ON_CLIENT_ID, environment: 'login.windows.net', username: 'ada@contoso.com' };
 * ```
 */
export interface AccountCriteria {
  /** The client the refresh token must be for, unless it is a family (FOCI) refresh token. */
  clientId: string;
  /** The cloud, as MSAL's cache names it (`accountEnvironment(authorityHost)`: `login.windows.net`). */
  environment: string;
  /** The user name to pick (case-insensitive): the `username` option, else `AZURE_USERNAME`. */
  username?: string | undefined;
  /**
   * The tenant to pick the account in, case-insensitive: its own (home) tenant, else, when no account is of it, a
   * tenant the account signed in to as a guest (its `realms`).
   */
  tenantId?: string | undefined;
  /** The account to pick by its home account id (`uid.utid`): the `authenticationRecord` option's. */
  homeAccountId?: string | undefined;
}

/**
 * The outcome of {@link chooseAccount}: the account to use, or why there is none to use (a sentence naming accounts
 * by user name only, never a token).
 *
 * @example
 * ```ts
 * const choice: AccountChoice = { unavailable: 'no signed-in account in the shared token cache' };
 * ```
 */
export type AccountChoice = { account: UserAccount; unavailable?: undefined } | { unavailable: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

// An account the credential can use: well formed, in its cloud, with a refresh token for its client or a family one
// (FOCI: every client of the family may redeem it; the cache gives it to the client that has none of its own).
const usable = (account: UserAccount, { clientId, environment }: AccountCriteria) =>
  typeof account === 'object' &&
  account !== null &&
  text(account.homeAccountId) &&
  text(account.tenantId) &&
  text(account.refreshToken) &&
  text(account.clientId) &&
  (same(account.clientId, clientId) || text(account.familyId)) &&
  text(account.authority) &&
  same(account.authority, environment);

// The accounts' user names, for a message: each once, sorted, quoted; an account without one by its tenant.
const names = (accounts: readonly UserAccount[]) =>
  [
    ...new Set(
      accounts.map((a) => (a.username ? JSON.stringify(a.username) : `(no user name, tenant ${a.tenantId})`)),
    ),
  ]
    .sort()
    .join(', ');

// What the user chose, in words, for a message.
function chosenBy({ username, tenantId, homeAccountId }: AccountCriteria): string {
  const parts = [
    username !== undefined && `user name ${JSON.stringify(username)}`,
    tenantId !== undefined && `tenant ${JSON.stringify(tenantId)}`,
    homeAccountId !== undefined && 'authenticationRecord',
  ].filter(Boolean);
  return parts.join(' and ');
}

/**
 * Chooses the account of the shared token cache to use. Only accounts with a refresh token for the criteria's
 * client, or a family (FOCI) refresh token of any client, in its cloud count (one per home account id); of those, the
 * ones matching every given criterion (user name case-insensitive, tenant, home account id). The tenant is the
 * account's own; when no account is of it, one it is a guest of (`realms`). Exactly one: it. Several: the default
 * account (the one `identity login` signed in last) when it is one of them, else none, naming them (by user name)
 * and how to choose. None: why.
 *
 * @example
 * ```ts
 * const choice = chooseAccount(await cache.accounts.list(), { clientId, environment, username: 'ada@contoso.com' });
 * if (choice.unavailable) throw new CredentialUnavailableError(choice.unavailable);
 * ```
 */
export function chooseAccount(
  accounts: readonly UserAccount[],
  criteria: AccountCriteria,
  defaultAccount?: AuthenticationRecord,
): AccountChoice {
  const byId = new Map<string, UserAccount>();
  for (const account of accounts) {
    if (usable(account, criteria) && !byId.has(account.homeAccountId))
      byId.set(account.homeAccountId, account);
  }
  const signedIn = [...byId.values()];
  if (signedIn.length === 0) {
    return {
      unavailable:
        'no signed-in account in the shared token cache for this client and cloud; sign in with `identity login`',
    };
  }
  const { username, tenantId, homeAccountId } = criteria;
  const matches = (tenants: (account: UserAccount) => string[]) =>
    signedIn.filter(
      (account) =>
        (username === undefined || same(account.username, username)) &&
        (tenantId === undefined || tenants(account).some((tenant) => same(tenant, tenantId))) &&
        (homeAccountId === undefined || account.homeAccountId === homeAccountId),
    );
  // Accounts of the tenant first; else its guests, whose tokens are then asked for in that tenant.
  let matching = matches((account) => [account.tenantId]);
  if (matching.length === 0) matching = matches((account) => account.realms ?? []);
  const [only] = matching;
  if (matching.length === 1 && only) return { account: only };
  if (matching.length === 0) {
    return {
      unavailable: `no account of the shared token cache matches the ${chosenBy(criteria)} asked for (signed in: ${names(signedIn)}); sign in as that user with \`identity login\`, or choose one of these`,
    };
  }
  const preferred = defaultAccount && matching.find((a) => a.homeAccountId === defaultAccount.homeAccountId);
  if (preferred) return { account: preferred };
  return {
    unavailable: `the shared token cache holds several accounts (${names(matching)}); choose one with the username option (or AZURE_USERNAME), tenantId or authenticationRecord`,
  };
}
