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
export { AzureDeveloperCliCredential } from './azure-developer-cli-credential.js';
export type { AzureDeveloperCliCredentialOptions } from './azure-developer-cli-credential-options.js';
