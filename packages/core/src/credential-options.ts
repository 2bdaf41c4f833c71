// The options every credential takes: `@azure/identity`'s names where they exist, plus the injected world
// (environment, clock, fetch) that lets the same code run on every runtime and in tests. An option of
// `@azure/identity` that would do nothing here (`loggingOptions`, `httpClient`, `additionalPolicies`...) is left
// out, so the compiler points at it; the README says what to use instead.
import type { AuthenticationRecord } from './authentication-record.js';
import type { Clock } from './clock.js';
import type { Environment } from './environment.js';
import type { FetchLike } from './http-transport.js';
import type { RetryOptions } from './retry-policy.js';
import type { TokenCache } from './token-cache.js';

/**
 * Options shared by every credential.
 *
 * @example
 * ```ts
 * const options: TokenCredentialOptions = {
 *   authorityHost: AzureAuthorityHosts.AzureChina,
 *   additionallyAllowedTenants: ['*'],
 *   retryOptions: { maxRetries: 2 },
 * };
 * ```
 */
export interface TokenCredentialOptions extends AuthorityValidationOptions {
  /** The Entra ID host. Default: `AZURE_AUTHORITY_HOST`, else the public cloud. https only, except loopback. */
  authorityHost?: string;
  /** Tenants a `getToken` call may ask for besides the configured one; `"*"` allows any. */
  additionallyAllowedTenants?: string[];
  /** Environment variables to read. Default: `process.env` where it exists. */
  env?: Environment;
  /** The fetch to use. Default: the global fetch (on Node, through a CONNECT tunnel when a proxy is set). */
  fetch?: FetchLike;
  /** Time and waiting. Default: the system clock. */
  clock?: Clock;
  /** How requests are retried. `@azure/identity`'s `retryOptions` fields mean the same here. */
  retryOptions?: RetryOptions;
  /** The bound on each HTTP attempt, body included. Default 10 s; `Infinity` (or 1e9 and more) is no bound. */
  requestTimeoutInMs?: number;
  /**
   * The token cache. Default: one per credential, in memory. Pass one instance to several credentials to share
   * tokens and in-flight requests between them, or one built with a persistent or distributed `store`.
   */
  tokenCache?: TokenCache;
  /** An explicit proxy, as `@azure/identity` takes it; overrides the proxy environment variables. */
  proxyOptions?: ProxyOptions;
  /** The app's name in every request's `User-Agent`. */
  userAgentOptions?: UserAgentOptions;
}

/**
 * The app's name in requests, as `@azure/identity` takes it.
 *
 * @example
 * ```ts
 * const userAgentOptions: UserAgentOptions = { userAgentPrefix: 'contoso/2.1' };
 * ```
 */
export interface UserAgentOptions {
  /**
   * Printable ASCII before `identity.js/<version>` in every request's `User-Agent`. Browsers own that header
   * (Chromium drops a page's, Firefox makes it need a CORS preflight): leave it unset there.
   */
  userAgentPrefix?: string;
}

/**
 * `@azure/identity`'s name for the options with `additionallyAllowedTenants`: here, every credential's.
 *
 * @example
 * ```ts
 * const options: MultiTenantTokenCredentialOptions = { additionallyAllowedTenants: ['*'] };
 * ```
 */
export interface MultiTenantTokenCredentialOptions extends TokenCredentialOptions {}

/**
 * `@azure/identity`'s name for the options with `disableInstanceDiscovery`.
 *
 * @example
 * ```ts
 * const options: AuthorityValidationOptions = { disableInstanceDiscovery: true };
 * ```
 */
export interface AuthorityValidationOptions {
  /** Accepted for compatibility: these credentials never call instance discovery. */
  disableInstanceDiscovery?: boolean;
}

/**
 * Options of the credentials that sign a user in (device code, authorization code, interactive browser), as
 * `@azure/identity` names them.
 *
 * @example
 * ```ts
 * const options: InteractiveCredentialOptions = {
 *   authenticationRecord: deserializeAuthenticationRecord(savedRecord),
 *   disableAutomaticAuthentication: true,
 * };
 * ```
 */
export interface InteractiveCredentialOptions extends TokenCredentialOptions {
  /**
   * The account to use, as an earlier `authenticate()` returned it: its tokens are looked for in the token cache,
   * so the credential signs in silently when it holds them.
   */
  authenticationRecord?: AuthenticationRecord;
  /**
   * When `getToken` cannot get a token silently, throw `AuthenticationRequiredError` instead of asking the user to
   * sign in: the app decides when to call `authenticate()`.
   */
  disableAutomaticAuthentication?: boolean;
}

/**
 * How a credential keeps its tokens on disk, as `@azure/identity` names it: in MSAL's token cache file
 * (`~/.IdentityService/<name>`), shared with MSAL-based tools, encrypted with the OS secret store. It needs
 * `@identity/cache-persistence`, registered with `useIdentityPlugin(cachePersistencePlugin)`.
 *
 * @example
 * ```ts
 * const options: TokenCachePersistenceOptions = { enabled: true, name: 'my-cli' };
 * ```
 */
export interface TokenCachePersistenceOptions {
  /** Keep tokens (and a user's refresh token) on disk, across runs and processes. */
  enabled: boolean;
  /** The cache's file name in `~/.IdentityService` (`.nocae` / `.cae` are appended). Default: `msal.cache`. */
  name?: string;
  /**
   * Write the cache unencrypted (MSAL's plain JSON, file mode 0600) instead of encrypting it with the OS secret
   * store: for machines without one (CI, containers). Without it and without a secret store, the cache refuses.
   */
  unsafeAllowUnencryptedStorage?: boolean;
}

/**
 * The option of the credentials that can keep their tokens on disk (those `@azure/identity` accepts it on).
 *
 * @example
 * ```ts
 * const options: ClientSecretCredentialOptions = { tokenCachePersistenceOptions: { enabled: true } };
 * ```
 */
export interface CredentialPersistenceOptions {
  /**
   * Keep tokens in the persistent cache of `@identity/cache-persistence` (register it first with
   * `useIdentityPlugin(cachePersistencePlugin)`). Ignored when a `tokenCache` is given.
   */
  tokenCachePersistenceOptions?: TokenCachePersistenceOptions;
}

/**
 * An explicit proxy, in `@azure/identity`'s `proxyOptions` shape: `host` may carry the scheme (`http`, the
 * default, or `https`). The credentials are sent as `Proxy-Authorization` and never logged.
 *
 * @example
 * ```ts
 * const proxyOptions: ProxyOptions = { host: 'http://proxy.internal', port: 3128 };
 * ```
 */
export interface ProxyOptions {
  /** The proxy's host name or address, optionally with its scheme (`http://proxy.internal`). */
  host: string;
  /** The proxy's port. */
  port: number;
  /** The user name for the proxy, when it asks for one. */
  username?: string;
  /** The password for the proxy; sent only to the proxy, never logged. */
  password?: string;
}
