// The options of InteractiveBrowserCredential, as `@azure/identity` names them (one type for Node, one for web
// pages; each entry's class takes both), plus what this package adds: `openBrowser` and `timeoutInMs`.
import type { CredentialPersistenceOptions, InteractiveCredentialOptions } from '@identity/core';

/**
 * The credential's `openBrowser` option: opens the sign-in page (an http or https URL). It replaces
 * the system browser (`openSystemBrowser`, Node), to open another browser, print the URL, or hand it to a test browser.
 *
 * @example
 * ```ts
 * const openBrowser: OpenBrowser = (url) => console.log(`Sign in at ${url}`);
 * ```
 */
export type OpenBrowser = (url: string) => Promise<void> | void;

/**
 * How a web page signs the user in: `popup` (the default: the page stays, the sign-in runs in a small window) or
 * `redirect` (the page itself goes to the sign-in and comes back).
 *
 * @example
 * ```ts
 * const loginStyle: BrowserLoginStyle = 'redirect';
 * ```
 */
export type BrowserLoginStyle = 'redirect' | 'popup';

/**
 * The texts of the page the user sees in their browser at the end of a Node sign-in, as `@azure/identity` takes
 * them. Plain text: it is escaped, never rendered as HTML.
 *
 * @example
 * ```ts
 * const options: BrowserCustomizationOptions = {
 *   browserCustomizationOptions: { successMessage: 'Signed in to Contoso CLI. You can close this tab.' },
 * };
 * ```
 */
export interface BrowserCustomizationOptions {
  /** The messages the loopback page shows the user once the sign-in is over (Node only). */
  browserCustomizationOptions?: {
    /** Shown after Entra answered with an error (its error and description follow it). */
    errorMessage?: string;
    /** Shown after a successful sign-in. Default: "Authentication complete. You can close this window…". */
    successMessage?: string;
  };
}

/**
 * What both styles of sign-in share.
 *
 * @example
 * ```ts
 * const options: InteractiveBrowserSignInOptions = { loginHint: 'ada@contoso.com', timeoutInMs: 120_000 };
 * ```
 */
export interface InteractiveBrowserSignInOptions {
  /** The directory (tenant) id. Default: `organizations` with the default client id, else `common`. */
  tenantId?: string;
  /**
   * The account to sign in: its name is filled in and its password asked for (`prompt=login`). Without it the
   * user picks an account (`prompt=select_account`).
   */
  loginHint?: string;
  /**
   * How long the user has to finish signing in, in milliseconds. Default 300000 (5 minutes). The timeout's error
   * (`AUTHENTICATION_REQUEST_TIMEOUT`) names this option.
   */
  timeoutInMs?: number;
}

/**
 * Options of `InteractiveBrowserCredential` on Node.js: the sign-in opens the system browser and receives Entra's
 * answer on a loopback redirect URI.
 *
 * @example
 * ```ts
 * const options: InteractiveBrowserCredentialNodeOptions = {
 *   clientId: '00000000-0000-0000-0000-000000000000',
 *   tenantId: 'contoso.onmicrosoft.com',
 *   browserCustomizationOptions: { successMessage: 'Signed in. Back to the terminal!' },
 * };
 * ```
 */
export interface InteractiveBrowserCredentialNodeOptions
  extends InteractiveCredentialOptions,
    CredentialPersistenceOptions,
    InteractiveBrowserSignInOptions,
    BrowserCustomizationOptions {
  /**
   * The application (client) id of a public client app registration with `http://localhost` as a "Mobile and
   * desktop applications" redirect URI. Default: `04b07795-8ddb-461a-bbee-02f9e1bf7b46`, Microsoft's development
   * application (the Azure CLI's); register your own for production.
   */
  clientId?: string;
  /**
   * The loopback redirect URI: `http://localhost` (default) or `http://127.0.0.1`, with a port (default: any free
   * one; a port written, `:80` included, is the one listened on) and a path. Entra matches loopback redirect URIs on
   * any port.
   */
  redirectUri?: string | (() => string);
  /**
   * Opens the sign-in page. Default: the system's browser (`xdg-open`, `wslview`, `open`, `rundll32`, started
   * without a shell). Replace it to open another browser, print the URL, or drive a test browser.
   */
  openBrowser?: OpenBrowser;
}

/**
 * Options of `InteractiveBrowserCredential` in a web page: the sign-in runs in a pop-up or by redirecting the page.
 *
 * @example
 * ```ts
 * const options: InteractiveBrowserCredentialInBrowserOptions = {
 *   clientId: '00000000-0000-0000-0000-000000000000',
 *   tenantId: 'contoso.onmicrosoft.com',
 *   loginStyle: 'redirect',
 * };
 * ```
 */
export interface InteractiveBrowserCredentialInBrowserOptions
  extends InteractiveCredentialOptions,
    InteractiveBrowserSignInOptions {
  /**
   * The application (client) id of an app registration whose redirect URI is registered as a "Single-page
   * application". Required in a web page.
   */
  clientId: string;
  /**
   * Where Entra sends the user back: a page of this origin registered as a "Single-page application" redirect URI.
   * Default: the page's origin (`location.origin`).
   */
  redirectUri?: string | (() => string);
  /** `popup` (default) or `redirect`. */
  loginStyle?: BrowserLoginStyle;
}
