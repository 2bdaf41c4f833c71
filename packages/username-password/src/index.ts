export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export {
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
export { UsernamePasswordCredential } from './username-password-credential.js';
export type { UsernamePasswordCredentialOptions } from './username-password-credential-options.js';
