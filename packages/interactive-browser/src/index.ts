// @identity/interactive-browser: the parts InteractiveBrowserCredential is assembled from. This portable entry holds
// what every runtime shares and the browser flows (pop-up and redirect); the `node` entry adds the loopback server
// and the system-browser opener.
export {
  DEFAULT_SIGN_IN_TIMEOUT_MS,
  INTERACTIVE_BROWSER_ANCHOR,
  INTERACTIVE_BROWSER_CREDENTIAL,
  popupBlockedError,
  signInAbortedError,
  signInTimeoutError,
  signInWindowClosedError,
} from './interactive-browser-errors.js';
