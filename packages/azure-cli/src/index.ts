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
export { AzureCliCredential } from './azure-cli-credential.js';
export type { AzureCliCredentialOptions } from './azure-cli-credential-options.js';
