// The options every credential takes: `@azure/identity`'s names where they exist, plus the injected world
// (environment, clock, fetch) that lets the same code run on every runtime and in tests. An option of
// `@azure/identity` that would do nothing here (`loggingOptions`, `httpClient`, `additionalPolicies`...) is left
// out, so the compiler points at it; the README says what to use instead.
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
  /** The bound on each HTTP attempt, body included. Default 10 s. */
  requestTimeoutInMs?: number;
  /**
   * The token cache. Default: one per credential, in memory. Pass one instance to several credentials to share
   * tokens and in-flight requests between them, or one built with a persistent or distributed `store`.
   */
  tokenCache?: TokenCache;
  /** An explicit proxy, as `@azure/identity` takes it; overrides the proxy environment variables. */
  proxyOptions?: ProxyOptions;
  /** How requests name the app to the services they reach. */
  userAgentOptions?: UserAgentOptions;
}

/**
 * How requests name the app, in `@azure/identity`'s `userAgentOptions` shape.
 *
 * @example
 * ```ts
 * new ClientSecretCredential(tenantId, clientId, secret, { userAgentOptions: { userAgentPrefix: 'contoso-billing/2.1' } });
 * ```
 */
export interface UserAgentOptions {
  /**
   * Goes before this library's own user agent on every request the credential sends (to Entra ID, a managed
   * identity endpoint, Azure DevOps): `User-Agent: <prefix> identity.js/<version>`, so the services' logs show
   * which app asked. Printable ASCII. Without it, requests carry the runtime's own `User-Agent`.
   *
   * In a browser, leave it unset: the browser owns `User-Agent`. Chromium drops a value a page sets, and a browser
   * that sends it (Firefox) turns the request into one that needs a CORS preflight, which the service may refuse.
   */
  userAgentPrefix?: string;
}

/**
 * `@azure/identity`'s name for the options of a credential that may get tokens for other tenants: here every
 * credential may, so these are the {@link TokenCredentialOptions} (`additionallyAllowedTenants` among them).
 *
 * @example
 * ```ts
 * const options: MultiTenantTokenCredentialOptions = { additionallyAllowedTenants: ['*'] };
 * ```
 */
export interface MultiTenantTokenCredentialOptions extends TokenCredentialOptions {}

/**
 * The authority validation option, under `@azure/identity`'s name for it. Every credential's options include it
 * (through {@link TokenCredentialOptions}).
 *
 * @example
 * ```ts
 * const options: AuthorityValidationOptions = { disableInstanceDiscovery: true };
 * ```
 */
export interface AuthorityValidationOptions {
  /**
   * Accepted for compatibility: these credentials never call instance discovery (they trust the authority host
   * they are given, which must be https), so it is always off.
   */
  disableInstanceDiscovery?: boolean;
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
  host: string;
  port: number;
  username?: string;
  password?: string;
}
