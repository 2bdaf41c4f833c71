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
export class GoodCredential {}
