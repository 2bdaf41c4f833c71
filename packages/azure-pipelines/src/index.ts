export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export {
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
export { AzurePipelinesCredential } from './azure-pipelines-credential.js';
export type { AzurePipelinesCredentialOptions } from './azure-pipelines-credential-options.js';
