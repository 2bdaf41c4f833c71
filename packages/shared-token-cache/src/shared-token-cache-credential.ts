// A user already signed in, found in the shared MSAL token cache: the credential chooses the account, then gets
// tokens silently with its refresh token, through the same machinery as the user credentials (PublicClient). It never
// signs anyone in, and it never loads a cache itself: the cache is the app's (`tokenCache`), or the persistence
// plugin's the app registered. So nothing here imports @identity/cache-persistence, whose native binding no bundler
// can put in a bundle: an app that uses DefaultAzureCredential bundles this credential with no `external`.
import type {
  AccessToken,
  AuthenticationRecord,
  GetTokenOptions,
  TokenCache,
  TokenCredential,
} from '@identity/core';
import { AuthenticationRequiredError, CredentialUnavailableError } from '@identity/core';
import {
  accountEnvironment,
  asyncDispose,
  CredentialLifetime,
  checkAuthenticationRecord,
  defaultEnvironment,
  defaultTokenCache,
  PublicClient,
  persistencePluginRegistered,
  proxyAwareFetch,
  readVariable,
  refusal,
  resolveAuthorityHost,
  troubleshooting,
  userFlowIds,
  validateClientId,
  validateTenantId,
} from '@identity/core/internal';
import type { AccountCriteria } from './shared-token-cache-account-choice.js';
import { chooseAccount } from './shared-token-cache-account-choice.js';
import type { SharedTokenCacheCredentialOptions } from './shared-token-cache-credential-options.js';

const NAME = 'SharedTokenCacheCredential';
const ANCHOR = 'shared-token-cache-credential';

// MSAL's shared cache, as @azure/identity and Python name it.
const SHARED_CACHE_NAME = 'msal.cache';

const unavailable = (reason: string) =>
  new CredentialUnavailableError(`${NAME}: ${reason}. ${troubleshooting(ANCHOR)}`);

// The credential never prompts: PublicClient calls a sign-in only without disableAutomaticAuthentication, which is
// always set here.
const neverSignIn = (): never => {
  throw unavailable('it cannot sign a user in; sign in with `identity login`');
};

/**
 * Gets tokens silently for a user already signed in to the shared token cache (MSAL's `msal.cache`, which
 * `identity login` and MSAL-based tools write), as Python's credential of the same name. It never prompts: with no
 * usable account it reports itself unavailable, so `DefaultAzureCredential` moves on.
 *
 * The cache is the `tokenCache` option (such as `persistentTokenCache()` of `@identity/cache-persistence`), else the
 * persistent cache of the plugin registered with `useIdentityPlugin(cachePersistencePlugin)`; without either,
 * `getToken` says which line to add. The account is the only one with a refresh token for `clientId` or a family
 * (FOCI) refresh token another Microsoft tool left, or the one `username` (default `AZURE_USERNAME`), `tenantId` (its
 * home tenant, else one it is a guest of) or `authenticationRecord` picks, or the one `identity login` signed in last.
 *
 * @example
 * ```ts
 * import { useIdentityPlugin } from '@identity/core';
 * import { cachePersistencePlugin } from '@identity/cache-persistence';
 * import { SharedTokenCacheCredential } from '@identity/shared-token-cache';
 *
 * useIdentityPlugin(cachePersistencePlugin);
 * await using credential = new SharedTokenCacheCredential({ username: 'ada@contoso.com' });
 * const { token } = await credential.getToken('https://management.azure.com/.default');
 * ```
 */
export class SharedTokenCacheCredential implements TokenCredential, AsyncDisposable {
  readonly #options: SharedTokenCacheCredentialOptions;
  readonly #clientId: string;
  readonly #tenantId: string;
  readonly #criteria: AccountCriteria;
  #cache: TokenCache | undefined;
  // The client of the chosen account: chosen on the first call, and again after its refresh token was refused.
  #client: Promise<PublicClient> | undefined;
  readonly #lifetime = new CredentialLifetime(NAME);

  /**
   * @param options - the account to choose (`username`, `tenantId`, `authenticationRecord`), the client, the cache,
   * and the shared options (authority host, allowed tenants, environment, transport)
   * @throws `InvalidArgumentError` for a malformed tenant or client id, a non-https authority, or an
   * `authenticationRecord` that is not one; nothing is read or sent
   */
  constructor(options: SharedTokenCacheCredentialOptions = {}) {
    const env = options.env ?? defaultEnvironment();
    const record =
      options.authenticationRecord &&
      checkAuthenticationRecord(options.authenticationRecord, `${NAME}: authenticationRecord`);
    const ids = userFlowIds({
      clientId: options.clientId || record?.clientId,
      tenantId: options.tenantId || record?.tenantId,
    });
    this.#clientId = validateClientId(NAME, ids.clientId);
    this.#tenantId = validateTenantId(NAME, ids.tenantId);
    this.#options = { ...options, env };
    this.#criteria = {
      clientId: this.#clientId,
      environment: accountEnvironment(resolveAuthorityHost(options.authorityHost, env)),
      username: options.username || readVariable(env, 'AZURE_USERNAME'),
      tenantId: options.tenantId || undefined,
      homeAccountId: record?.homeAccountId,
    };
  }

  /**
   * Gets a token for the scopes silently, with the chosen account's refresh token (or its cached token).
   *
   * @throws `CredentialUnavailableError` when there is no cache (no `tokenCache`, no registered plugin), no usable
   * account, several and no way to choose, or a refresh token the authority refuses (sign in again);
   * `AuthenticationError` for other refusals; `AbortError` on abort
   */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.#lifetime.check();
    this.#client ??= this.#choose();
    const chosen = this.#client;
    let client: PublicClient;
    try {
      client = await chosen;
    } catch (error) {
      // Nothing to use yet: the next call looks again (the user may sign in meanwhile).
      if (this.#client === chosen) this.#client = undefined;
      throw error;
    }
    try {
      return await client.getToken(scopes, options, neverSignIn);
    } catch (error) {
      if (!AuthenticationRequiredError.isInstance(error)) throw error;
      if (this.#client === chosen) this.#client = undefined;
      const who = client.record?.username ? ` of ${JSON.stringify(client.record.username)}` : '';
      // Entra's reason (the refusal), named and kept as the cause's cause.
      throw new CredentialUnavailableError(
        `${NAME}: the refresh token${who} in the shared token cache was refused or has expired; sign in again with \`identity login\`.${refusal(error.cause)} ${troubleshooting(ANCHOR)}`,
        { cause: error },
      );
    }
  }

  /**
   * Ends the credential, as core's rule for every credential is: a refresh in flight stops with an `AbortError`,
   * the cache it took from the plugin has its writes (the refresh tokens it rotated) flushed to its files, and later
   * calls reject with a `CredentialUnavailableError`. A `tokenCache` the app passed in is the app's to close.
   * Idempotent. Call it before the process exits, or use `await using`.
   *
   * @example
   * ```ts
   * const credential = new SharedTokenCacheCredential();
   * try {
   *   await credential.getToken('https://management.azure.com/.default');
   * } finally {
   *   await credential.close();
   * }
   * ```
   */
  close(): Promise<void> {
    const client = this.#client;
    return this.#lifetime.close(async () => {
      await (await client?.catch(() => undefined))?.close();
      if (!this.#options.tokenCache) await (this.#cache as { close?(): unknown } | undefined)?.close?.();
    });
  }

  /** {@link close}, for `await using credential = new SharedTokenCacheCredential()`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  // The cache: the app's, else the registered plugin's persistent one (set up once, on first use).
  #tokenCache(): TokenCache {
    if (this.#cache) return this.#cache;
    const { tokenCache, tokenCachePersistenceOptions: asked } = this.#options;
    if (!tokenCache && !persistencePluginRegistered()) {
      throw unavailable(
        'it reads the shared token cache through the persistence plugin, and none is registered; add `useIdentityPlugin(cachePersistencePlugin)` (from `@identity/cache-persistence`) before making credentials, or pass `tokenCache: persistentTokenCache()`, and sign in with `identity login`',
      );
    }
    this.#cache =
      tokenCache ??
      defaultTokenCache({
        tokenCachePersistenceOptions: {
          enabled: true,
          name: asked?.name || SHARED_CACHE_NAME,
          unsafeAllowUnencryptedStorage: asked?.unsafeAllowUnencryptedStorage,
        },
      });
    return this.#cache;
  }

  // Lists the cache's accounts and makes the client of the one to use.
  async #choose(): Promise<PublicClient> {
    const tokenCache = this.#tokenCache();
    const accounts = tokenCache.accounts;
    if (!accounts?.list) {
      throw unavailable(
        'its token cache cannot list the accounts it holds (a cache without accounts, or an account store without `list`); use the persistent cache of `@identity/cache-persistence`',
      );
    }
    const [listed, preferred] = await Promise.all([accounts.list(), accounts.defaultAccount?.()]);
    const choice = chooseAccount(listed ?? [], this.#criteria, preferred);
    if (choice.unavailable !== undefined) throw unavailable(choice.unavailable);
    const { authority, homeAccountId, clientId, tenantId, username } = choice.account;
    const record: AuthenticationRecord = { authority, homeAccountId, clientId, tenantId, username };
    return new PublicClient({
      credentialName: NAME,
      clientId: this.#clientId,
      tenantId: this.#tenantId,
      options: {
        ...this.#options,
        tokenCache,
        tokenCachePersistenceOptions: undefined,
        authenticationRecord: record,
        disableAutomaticAuthentication: true,
      },
      anchor: ANCHOR,
      proxyAwareFetch,
    });
  }
}
