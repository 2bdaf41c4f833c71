// @identity/interactive-browser on Node.js (the `node` export condition): the loopback redirect server and the
// system-browser opener an interactive sign-in runs on, besides everything the portable entry exports.
export * from './index.js';
export type { BrowserCustomizationOptions } from './interactive-browser-loopback-pages.js';
export {
  type LoopbackListener,
  type LoopbackListenerOptions,
  listenForAuthorizeResponse,
  MAX_ANSWER_BYTES,
} from './interactive-browser-loopback-server.js';
export {
  type BrowserLauncher,
  type BrowserSystem,
  browserLaunchers,
  type OpenBrowser,
  openSystemBrowser,
} from './interactive-browser-open-browser.js';
