export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export {
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
export { ClientSecretCredential } from './client-secret-credential.js';
export type { ClientSecretCredentialOptions } from './client-secret-credential-options.js';
