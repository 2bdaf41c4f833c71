export type {
  AccessToken,
  AnyIdentityError,
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
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  InvalidArgumentError,
  isIdentityError,
  NetworkError,
} from '@identity/core';
export type { ManagedIdentityAssertionOptions } from './managed-identity-assertion.js';
export { managedIdentityAssertion, TOKEN_EXCHANGE_AUDIENCE } from './managed-identity-assertion.js';
export { ManagedIdentityCredential } from './managed-identity-credential.js';
export type {
  ManagedIdentityCredentialClientIdOptions,
  ManagedIdentityCredentialObjectIdOptions,
  ManagedIdentityCredentialOptions,
  ManagedIdentityCredentialResourceIdOptions,
  ManagedIdentityProbeOptions,
} from './managed-identity-credential-options.js';
export { imdsRetryPolicy } from './managed-identity-retry-policy.js';
export type { ManagedIdentitySourceName } from './managed-identity-source.js';
