export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export {
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
export { ClientAssertionCredential, JWT_BEARER_ASSERTION_TYPE } from './client-assertion-credential.js';
export type { ClientAssertionCredentialOptions } from './client-assertion-credential-options.js';
