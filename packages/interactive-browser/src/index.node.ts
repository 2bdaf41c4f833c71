// @identity/interactive-browser on Node.js (the `node` export condition, which Deno and Bun use too): the
// InteractiveBrowserCredential that opens the system browser and listens on loopback, and the loopback server and
// the opener it runs on. The web page's flows (pop-up, redirect) are not here: they need a page.
export { InteractiveBrowserCredential } from './interactive-browser-credential.node.js';
export * from './interactive-browser-entry-shared.js';
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
