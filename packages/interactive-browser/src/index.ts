// @identity/interactive-browser in web pages (the `browser` condition, and the default entry): the web page's
// InteractiveBrowserCredential (pop-up and redirect) and the flows it is assembled from. The `node` entry exports
// the Node credential instead, with the loopback server and the system-browser opener.
export { InteractiveBrowserCredential } from './interactive-browser-credential.browser.js';
export * from './interactive-browser-entry-shared.js';
export { popupBlockedError, signInWindowClosedError } from './interactive-browser-errors.js';
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
