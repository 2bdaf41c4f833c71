// The options every credential takes: `@azure/identity`'s names where they exist, plus the injected world
// (environment, clock, fetch) that lets the same code run on every runtime and in tests.
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
export interface TokenCredentialOptions {
  /** The Entra ID host. Default: `AZURE_AUTHORITY_HOST`, else the public cloud. https only, except loopback. */
  authorityHost?: string;
  /** Tenants a `getToken` call may ask for besides the configured one; `"*"` allows any. */
  additionallyAllowedTenants?: string[];
  /** Accepted for compatibility: these credentials never call instance discovery, so it is always off. */
  disableInstanceDiscovery?: boolean;
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
  /** Accepted for compatibility. Account identifiers are never logged. */
  loggingOptions?: { allowLoggingAccountIdentifiers?: boolean; enableUnsafeSupportLogging?: boolean };
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
