// What both entries of @identity/interactive-browser export: the shared types, errors and options, and the
// credential's base. Each entry adds its own InteractiveBrowserCredential and the flows that run there.
export type {
  AccessToken,
  AnyIdentityError,
  AuthenticationRecord,
  AuthenticationRequiredErrorOptions,
  ErrorResponse,
  GetTokenOptions,
  IdentityErrorCode,
  InteractiveCredentialOptions,
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
  deserializeAuthenticationRecord,
  InvalidArgumentError,
  isIdentityError,
  NetworkError,
  serializeAuthenticationRecord,
} from '@identity/core';
export type { SignedIn } from './interactive-browser-code-redemption.js';
export { InteractiveBrowserCredentialBase } from './interactive-browser-credential.js';
export type {
  BrowserCustomizationOptions,
  BrowserLoginStyle,
  InteractiveBrowserCredentialInBrowserOptions,
  InteractiveBrowserCredentialNodeOptions,
  InteractiveBrowserSignInOptions,
  OpenBrowser,
} from './interactive-browser-credential-options.js';
export {
  DEFAULT_SIGN_IN_TIMEOUT_MS,
  INTERACTIVE_BROWSER_ANCHOR,
  INTERACTIVE_BROWSER_CREDENTIAL,
  signInAbortedError,
  signInTimeout,
  signInTimeoutError,
} from './interactive-browser-errors.js';
