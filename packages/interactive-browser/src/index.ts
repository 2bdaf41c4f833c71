// @identity/interactive-browser: InteractiveBrowserCredential, and the parts it is assembled from. This portable
// entry (what the `browser` condition selects) holds the web page's credential and its flows (pop-up and
// redirect); the `node` entry exports the Node credential instead, with the loopback server and the opener.
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
export { InteractiveBrowserCredential } from './interactive-browser-credential-browser.js';
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
  popupBlockedError,
  signInAbortedError,
  signInTimeout,
  signInTimeoutError,
  signInWindowClosedError,
} from './interactive-browser-errors.js';
export {
  type PopupHandle,
  type PopupSignInOptions,
  type PopupWatch,
  signInWithPopup,
  waitForPopupResponse,
} from './interactive-browser-popup.js';
export {
  type BrowserPageOptions,
  handleRedirectResponse,
  REDIRECT_STORAGE_KEY,
  startRedirectSignIn,
} from './interactive-browser-redirect.js';
export {
  answerParams,
  type BrowserSignInKind,
  type BrowserSignInRequest,
  type BrowserSignInResult,
  type PendingSignIn,
  prepareSignIn,
  SIGN_IN_CHANNEL,
  signInResult,
  withoutAnswer,
} from './interactive-browser-sign-in-request.js';
