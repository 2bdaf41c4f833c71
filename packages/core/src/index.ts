export { AzureAuthorityHosts, isLoopbackHost, resolveAuthorityHost } from './authority-host.js';
export type { GetBearerTokenProviderOptions } from './bearer-token-provider.js';
export { getBearerTokenProvider } from './bearer-token-provider.js';
export { withCallerLimits } from './caller-limits.js';
export type { ChainedTokenCredentialOptions } from './chained-token-credential.js';
export { ChainedTokenCredential } from './chained-token-credential.js';
export { mergeClaims } from './claims.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type { TokenCredentialOptions } from './credential-options.js';
export type { DiagnosticsHook } from './diagnostics.js';
export type { EntraClientConfig, GrantContext, GrantParameters } from './entra-client.js';
export { EntraClient } from './entra-client.js';
export type { Environment } from './environment.js';
export { defaultEnvironment, readFlag, readList, readVariable } from './environment.js';
export type {
  AuthenticationErrorOptions,
  AuthenticationRequiredErrorOptions,
  ErrorResponse,
  IdentityErrorCode,
  IdentityErrorOptions,
} from './errors.js';
export {
  AbortError,
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
  IdentityError,
  InvalidArgumentError,
  isIdentityError,
  isUnavailable,
  NetworkError,
  TROUBLESHOOTING_GUIDE,
  troubleshooting,
} from './errors.js';
export type {
  AttemptOutcome,
  FetchLike,
  HttpClientOptions,
  HttpRequest,
  HttpResponse,
  RetryPolicy,
} from './http-transport.js';
export { describeUrl, exponentialRetryPolicy, HttpClient } from './http-transport.js';
export { decodeJwtClaims } from './jwt-claims.js';
export type { Logger, LogLevel, LogSink } from './logger.js';
export { createLogger, setLogLevel, setLogSink } from './logger.js';
export { resolveTenant } from './multi-tenant.js';
export { isNodeRuntime, proxyAwareFetch } from './proxy-fetch.js';
export { redactSecrets } from './redaction.js';
export type { RetryOptions } from './retry-policy.js';
export { backoffDelay, isRetryableStatus, retryAfterMs } from './retry-policy.js';
export type { CachedToken, TokenCacheOptions, TokenCacheStore } from './token-cache.js';
export {
  EXPIRY_MARGIN_MS,
  REFRESH_RETRY_INTERVAL_MS,
  refreshAfter,
  StoredTokenCache,
  TokenCache,
} from './token-cache.js';
export type {
  AbortSignalLike,
  AccessToken,
  GetTokenOptions,
  TokenCredential,
  TracingContext,
} from './token-credential.js';
export { isTokenCredential } from './token-credential.js';
export type { TokenRequestContext } from './token-endpoint.js';
export { describeBody, parseTokenResponse, requestToken, tokenEndpointError } from './token-endpoint.js';
export {
  scopeToResource,
  validateClientId,
  validateProcessSafeScope,
  validateScopes,
  validateTenantId,
} from './validation.js';
export { VERSION } from './version.js';
