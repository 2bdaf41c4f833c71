// What a DefaultAzureCredential user imports beside it from `@azure/identity` comes from here too (the bearer-token
// provider, the chain, the authority hosts, the shared options, the logger and the error family), so that import
// maps to one package.
export type {
  AccessToken,
  AnyIdentityError,
  AuthenticationRequiredErrorOptions,
  AuthorityValidationOptions,
  ChainedTokenCredentialOptions,
  ErrorResponse,
  GetBearerTokenProviderOptions,
  GetTokenOptions,
  IdentityErrorCode,
  MultiTenantTokenCredentialOptions,
  TokenCredential,
  TokenCredentialOptions,
  UserAgentOptions,
} from '@identity/core';
export {
  AbortError,
  AggregateAuthenticationError,
  AggregateAuthenticationErrorName,
  AuthenticationError,
  AuthenticationErrorName,
  AuthenticationRequiredError,
  AzureAuthorityHosts,
  ChainedTokenCredential,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  getBearerTokenProvider,
  InvalidArgumentError,
  isIdentityError,
  logger,
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
