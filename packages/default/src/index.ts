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
export { DefaultAzureCredential, getDefaultAzureCredential } from './default-azure-credential.js';
export type { DefaultChainMemberCredential } from './default-azure-credential-member.js';
export type {
  DefaultAzureCredentialClientIdOptions,
  DefaultAzureCredentialEnvVars,
  DefaultAzureCredentialOptions,
  DefaultAzureCredentialResourceIdOptions,
  DefaultChainCredentialName,
} from './default-azure-credential-options.js';
export type { DefaultChainSelection } from './default-azure-credential-selection.js';
export { DEFAULT_CHAIN_ORDER } from './default-azure-credential-selection.js';
