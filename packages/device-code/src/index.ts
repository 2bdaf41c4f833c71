export type {
  AccessToken,
  AnyIdentityError,
  AuthenticationRecord,
  AuthenticationRequiredErrorOptions,
  ErrorResponse,
  GetTokenOptions,
  IdentityErrorCode,
  InteractiveCredentialOptions,
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
} from '@identity/core';
export { DeviceCodeCredential } from './device-code-credential.js';
export type {
  DeviceCodeCredentialOptions,
  DeviceCodeInfo,
  DeviceCodePromptCallback,
} from './device-code-credential-options.js';
