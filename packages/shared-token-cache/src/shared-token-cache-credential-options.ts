import type {
  AuthenticationRecord,
  CredentialPersistenceOptions,
  TokenCredentialOptions,
} from '@identity/core';

/**
 * Options of {@link SharedTokenCacheCredential}: Python's `username`, `tenant_id` and `authentication_record` (here
 * `username`, `tenantId`, `authenticationRecord`) to choose among the accounts of the cache, the client whose refresh
 * tokens to use, the cache (`tokenCache`, else the registered persistence plugin's, named by
 * `tokenCachePersistenceOptions`), and the shared credential options (`authorityHost`, `additionallyAllowedTenants`,
 * `env`, `fetch`, `clock`...).
 *
 * @example
 * ```ts
 * const options: SharedTokenCacheCredentialOptions = {
 *   username: 'ada@contoso.com',
 *   tokenCachePersistenceOptions: { name: 'msal.cache' },
 * };
 * ```
 */
export interface SharedTokenCacheCredentialOptions
  extends TokenCredentialOptions,
    CredentialPersistenceOptions {
  /**
   * The user name (UPN) of the account to use, case-insensitive, when the cache holds several. Default:
   * `AZURE_USERNAME`, as in Python.
   */
  username?: string;
  /**
   * The tenant: picks the account of that tenant (its home tenant), else, when there is none, an account that signed
   * in to it as a guest; and is the tenant tokens are requested in. Default: `authenticationRecord`'s tenant, else
   * `organizations` with the default client id, `common` with another.
   */
  tenantId?: string;
  /**
   * The application (client) id that redeems the refresh tokens: its own, else a family (FOCI) refresh token another
   * Microsoft tool left (which Entra lets only members of the family redeem). Default: `authenticationRecord`'s, else
   * Microsoft's development application `04b07795-8ddb-461a-bbee-02f9e1bf7b46` (the Azure CLI's, a family member),
   * the one `identity login` signs in to.
   */
  clientId?: string;
  /**
   * The account to use, as `authenticate()` of a user credential (or `identity login`) returned it: its home account
   * id picks the account, and its client and tenant are the defaults of `clientId` and `tenantId`.
   */
  authenticationRecord?: AuthenticationRecord;
}
