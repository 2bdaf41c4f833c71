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
  AzureAuthorityHosts,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  InvalidArgumentError,
  isIdentityError,
  NetworkError,
} from '@identity/core';
export { EnvironmentCredential } from './environment-credential.js';
export type { EnvironmentCredentialOptions } from './environment-credential-options.js';
export type { EnvironmentCredentialKind, EnvironmentSelection } from './environment-credential-selection.js';
export { selectEnvironmentCredential } from './environment-credential-selection.js';
