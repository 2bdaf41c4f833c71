// A credential package: it re-exports the error family its credential throws.
export type {
  AnyIdentityError,
  AuthenticationRequiredErrorOptions,
  ErrorResponse,
  IdentityErrorCode,
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
export { GoodCredential } from './good-credential.js';
export type { GoodCredentialOptions } from './good-credential-options.js';
