export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export {
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
export { OnBehalfOfCredential } from './on-behalf-of-credential.js';
export type {
  OnBehalfOfCredentialAssertionOptions,
  OnBehalfOfCredentialBaseOptions,
  OnBehalfOfCredentialCertificateOptions,
  OnBehalfOfCredentialOptions,
  OnBehalfOfCredentialSecretOptions,
} from './on-behalf-of-credential-options.js';
