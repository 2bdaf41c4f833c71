// @identity/core's public contract: what users and authors of credentials need. The machinery the credential
// packages share (Entra client, HTTP client, validators, retry) is the documented internal entry,
// `@identity/core/internal`.
export type { AuthenticationRecord } from './authentication-record.js';
export {
  deserializeAuthenticationRecord,
  serializeAuthenticationRecord,
} from './authentication-record.js';
export { AzureAuthorityHosts } from './authority-host.js';
export { useAzureLogger } from './azure-logger.js';
export type { GetBearerTokenProviderOptions } from './bearer-token-provider.js';
export { getBearerTokenProvider } from './bearer-token-provider.js';
export type { ChainedTokenCredentialOptions } from './chained-token-credential.js';
export { ChainedTokenCredential } from './chained-token-credential.js';
export type { Clock } from './clock.js';
export type { ClosableCredential } from './credential-lifetime.js';
export type {
  AuthorityValidationOptions,
  CredentialPersistenceOptions,
  InteractiveCredentialOptions,
  MultiTenantTokenCredentialOptions,
  ProxyOptions,
  TokenCachePersistenceOptions,
  TokenCredentialOptions,
  UserAgentOptions,
} from './credential-options.js';
export type { Environment } from './environment.js';
export type {
  AnyIdentityError,
  AuthenticationErrorCode,
  AuthenticationErrorOptions,
  AuthenticationRequiredErrorOptions,
  ErrorResponse,
  IdentityErrorCode,
  IdentityErrorOptions,
} from './errors.js';
export {
  AbortError,
  AggregateAuthenticationError,
  AggregateAuthenticationErrorName,
  AuthenticationError,
  AuthenticationErrorName,
  AuthenticationRequiredError,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  IdentityError,
  InvalidArgumentError,
  isIdentityError,
  isUnavailable,
  NetworkError,
} from './errors.js';
export type { FetchLike } from './http-transport.js';
export type { IdentityPlugin, IdentityPluginContext } from './identity-plugin.js';
export { useIdentityPlugin } from './identity-plugin.js';
export type { Logger, LogLevel, LogSink } from './logger.js';
export { logger, setLogLevel, setLogSink } from './logger.js';
export type { UserAccount, UserAccountStore } from './public-client-accounts.js';
export type { RetryOptions } from './retry-policy.js';
export type {
  CachedToken,
  TokenCacheOptions,
  TokenCacheRequestOptions,
  TokenCacheStore,
} from './token-cache.js';
export { StoredTokenCache, TokenCache } from './token-cache.js';
export type {
  AbortSignalLike,
  AccessToken,
  GetTokenOptions,
  TokenCredential,
  TracingContext,
} from './token-credential.js';
export { isTokenCredential } from './token-credential.js';
