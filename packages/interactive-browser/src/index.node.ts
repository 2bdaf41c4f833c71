// @identity/interactive-browser on Node.js (the `node` export condition): the portable entry's API, with the
// credential that opens the system browser and listens on loopback (it replaces the web page's), and the loopback
// server and the opener it runs on.
export * from './index.js';
export { InteractiveBrowserCredential } from './interactive-browser-credential-node.js';
export type { SignInPageMessages } from './interactive-browser-loopback-pages.js';
export {
  type LoopbackListener,
  type LoopbackListenerOptions,
  listenForAuthorizeResponse,
  MAX_ANSWER_BYTES,
} from './interactive-browser-loopback-server.js';
export {
  type LoopbackSignInRequest,
  signInWithSystemBrowser,
} from './interactive-browser-loopback-sign-in.js';
export {
  type BrowserLauncher,
  type BrowserSystem,
  browserLaunchers,
  openSystemBrowser,
} from './interactive-browser-open-browser.js';
