export type {
  AccessToken,
  AnyIdentityError,
  AuthenticationRecord,
  AuthenticationRequiredErrorOptions,
  ErrorResponse,
  GetTokenOptions,
  IdentityErrorCode,
  TokenCredential,
} from '@identity/core';
export {
  AbortError,
  AggregateAuthenticationError,
  AggregateAuthenticationErrorName,
  AuthenticationError,
  AuthenticationErrorName,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  deserializeAuthenticationRecord,
  InvalidArgumentError,
  isIdentityError,
  NetworkError,
  serializeAuthenticationRecord,
  useIdentityPlugin,
} from '@identity/core';
export { SharedTokenCacheCredential } from './shared-token-cache-credential.js';
export type { SharedTokenCacheCredentialOptions } from './shared-token-cache-credential-options.js';
