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
export type { ClientCertificateAssertionOptions } from './client-certificate-assertion.js';
export { ClientCertificateAssertion, JWT_BEARER_ASSERTION_TYPE } from './client-certificate-assertion.js';
export { ClientCertificateCredential } from './client-certificate-credential.js';
export type {
  ClientCertificateCredentialOptions,
  ClientCertificateCredentialPEMConfiguration,
  ClientCertificatePEMCertificate,
  ClientCertificatePEMCertificatePath,
} from './client-certificate-credential-options.js';
export type { CertificateProblem } from './client-certificate-error.js';
export type { AssertionAlgorithm } from './client-certificate-material.js';
