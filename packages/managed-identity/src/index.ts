export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export {
  AggregateAuthenticationError,
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
export type { ManagedIdentityAssertionOptions } from './managed-identity-assertion.js';
export { managedIdentityAssertion, TOKEN_EXCHANGE_AUDIENCE } from './managed-identity-assertion.js';
export { ManagedIdentityCredential } from './managed-identity-credential.js';
export type {
  ManagedIdentityCredentialClientIdOptions,
  ManagedIdentityCredentialObjectIdOptions,
  ManagedIdentityCredentialOptions,
  ManagedIdentityCredentialResourceIdOptions,
  ManagedIdentityProbeOptions,
} from './managed-identity-credential-options.js';
export { imdsRetryPolicy } from './managed-identity-retry-policy.js';
export type { ManagedIdentitySourceName } from './managed-identity-source.js';
