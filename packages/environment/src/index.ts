export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export {
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
export { EnvironmentCredential } from './environment-credential.js';
export type { EnvironmentCredentialOptions } from './environment-credential-options.js';
export type { EnvironmentCredentialKind, EnvironmentSelection } from './environment-credential-selection.js';
export { selectEnvironmentCredential } from './environment-credential-selection.js';
