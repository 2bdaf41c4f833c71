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
  AzureAuthorityHosts,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  InvalidArgumentError,
  isIdentityError,
  NetworkError,
} from '@identity/core';
export { WorkloadIdentityCredential } from './workload-identity-credential.js';
export type { WorkloadIdentityCredentialOptions } from './workload-identity-credential-options.js';
export type { AzureProxyConfig } from './workload-identity-proxy-config.js';
export { TOKEN_FILE_MAX_AGE_MS } from './workload-identity-token-file.js';
