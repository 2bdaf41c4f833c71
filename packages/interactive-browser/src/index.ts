// @identity/interactive-browser: the parts InteractiveBrowserCredential is assembled from. This portable entry holds
// what every runtime shares and the browser flows (pop-up and redirect); the `node` entry adds the loopback server
// and the system-browser opener.
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
