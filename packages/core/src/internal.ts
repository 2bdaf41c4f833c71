/**
 * `@identity/core/internal`: the machinery the `@identity/*` credential packages share (the Entra token-endpoint
 * client, the HTTP client, validators, retry and caller limits). It is versioned with the packages that use it
 * and may change in any release: build on the public `@identity/core` entry instead.
 *
 * @packageDocumentation
 * @internal
 */
export { checkAuthenticationRecord } from './authentication-record.js';
export { isLoopbackHost, resolveAuthorityHost } from './authority-host.js';
export * from './authorize-response.js';
export * from './authorize-url.js';
export { withCallerLimits } from './caller-limits.js';
export { mergeClaims } from './claims.js';
export { systemClock } from './clock.js';
export { warnIfExpired } from './clock-skew.js';
export { asyncDispose, CredentialLifetime, closedError } from './credential-lifetime.js';
export type { DiagnosticsHook } from './diagnostics.js';
export type { EntraClientConfig, GrantContext, GrantParameters } from './entra-client.js';
export { EntraClient } from './entra-client.js';
export { defaultEnvironment, readFlag, readList, readVariable } from './environment.js';
export {
  needsInteraction,
  refusal,
  splitTroubleshooting,
  TROUBLESHOOTING_GUIDE,
  troubleshooting,
} from './errors.js';
export type {
  AttemptOutcome,
  HttpClientOptions,
  HttpRequest,
  HttpResponse,
  RetryPolicy,
} from './http-transport.js';
export { describeUrl, exponentialRetryPolicy, HttpClient, MAX_RESPONSE_BYTES } from './http-transport.js';
export { defaultTokenCache, persistencePluginRegistered } from './identity-plugin.js';
export { decodeJwtClaims } from './jwt-claims.js';
export { createLogger } from './logger.js';
export { resolveTenant } from './multi-tenant.js';
export * from './pkce.js';
export { isNodeRuntime, proxyAwareFetch } from './proxy-fetch.js';
export * from './public-client.js';
export * from './public-client-accounts.js';
export * from './public-client-requests.js';
export { redactSecrets } from './redaction.js';
export { backoffDelay, isRetryableStatus, retryAfterMs } from './retry-policy.js';
export { ScopeKeys } from './scope-keys.js';
export {
  EXPIRED_SWEEP_INTERVAL_MS,
  EXPIRY_MARGIN_MS,
  REFRESH_RETRY_INTERVAL_MS,
  refreshAfter,
} from './token-cache.js';
export type { TokenCacheKeyParts } from './token-cache-key.js';
export { parseTokenCacheKey, tokenCacheKey } from './token-cache-key.js';
export type { TokenRequestContext } from './token-endpoint.js';
export { describeBody, parseTokenResponse, requestToken, tokenEndpointError } from './token-endpoint.js';
export { userAgentHeaders } from './user-agent.js';
export {
  scopeToResource,
  validateClientId,
  validateProcessSafeScope,
  validateScopes,
  validateTenantId,
} from './validation.js';
export { VERSION } from './version.js';
