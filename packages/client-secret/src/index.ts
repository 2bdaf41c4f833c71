export { ClientSecretCredential } from './client-secret-credential.js';
export type { ClientSecretCredentialOptions } from './client-secret-credential-options.js';
export {
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
