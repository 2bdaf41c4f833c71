// InteractiveBrowserCredential on Node.js (the `node` entry): the sign-in opens the system browser (or the app's
// `openBrowser`) and receives Entra's form_post on a loopback redirect URI. The server and the opener (node:http,
// node:child_process) are imported when a user must sign in, so an app that signs in silently never loads them.
import { InvalidArgumentError } from '@identity/core';
import { type SignInContext, troubleshooting, type UserTokens } from '@identity/core/internal';
import { redeemCode } from './interactive-browser-code-redemption.js';
import { InteractiveBrowserCredentialBase } from './interactive-browser-credential.js';
import type {
  InteractiveBrowserCredentialInBrowserOptions,
  InteractiveBrowserCredentialNodeOptions,
} from './interactive-browser-credential-options.js';
import {
  INTERACTIVE_BROWSER_ANCHOR,
  INTERACTIVE_BROWSER_CREDENTIAL,
  signInTimeout,
} from './interactive-browser-errors.js';
import { parseLoopbackRedirectUri } from './interactive-browser-loopback-redirect-uri.js';
import type { LoopbackSignInRequest } from './interactive-browser-loopback-sign-in.js';

const NAME = INTERACTIVE_BROWSER_CREDENTIAL;

/** The options that reach the authorize URL or the loopback server as they are, whatever the call asks for. */
type LoopbackSettings = Omit<LoopbackSignInRequest, 'authorityHost' | 'tenantId' | 'scopes' | 'claims'>;

/**
 * Signs a user in through their browser, on Node.js: opens the system browser (or calls `openBrowser`) at
 * Entra's sign-in page, receives the answer on `http://localhost:<free port>` (authorization code with PKCE,
 * `response_mode=form_post`), and keeps the account's refresh token, so later tokens, for any scope the user
 * consented to, come without a prompt. Same options and methods as `@azure/identity`'s.
 *
 * @example
 * ```ts
 * import { InteractiveBrowserCredential } from '@identity/interactive-browser';
 *
 * const credential = new InteractiveBrowserCredential({ tenantId: 'contoso.onmicrosoft.com' });
 * const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
 * ```
 * @example
 * ```ts
 * // Sign in once, up front, and keep the account for the next run:
 * const credential = new InteractiveBrowserCredential({ clientId, disableAutomaticAuthentication: true });
 * const record = await credential.authenticate('https://graph.microsoft.com/.default');
 * await writeFile('account.json', serializeAuthenticationRecord(record));
 * ```
 */
export class InteractiveBrowserCredential extends InteractiveBrowserCredentialBase {
  readonly #settings: LoopbackSettings;

  /**
   * @param options - client and tenant ids, `loginHint`, `redirectUri`, `openBrowser`, `timeoutInMs`,
   *   `browserCustomizationOptions`, `authenticationRecord`, `disableAutomaticAuthentication`, and the options
   *   every credential takes. Options of the web page's credential (`loginStyle`) are ignored here.
   * @throws `InvalidArgumentError` for a malformed id, a `redirectUri` that is not `http://localhost` or
   *   `http://127.0.0.1` (with a port and path), an `openBrowser` that is not a function, or a bad `timeoutInMs`
   */
  constructor(
    options: InteractiveBrowserCredentialNodeOptions | InteractiveBrowserCredentialInBrowserOptions = {},
  ) {
    super(options);
    const node: InteractiveBrowserCredentialNodeOptions = options;
    const redirectUri = typeof node.redirectUri === 'function' ? node.redirectUri() : node.redirectUri;
    // Checked now, so a mistake shows when the credential is made rather than when a user must sign in.
    parseLoopbackRedirectUri(NAME, redirectUri);
    if (node.openBrowser !== undefined && typeof node.openBrowser !== 'function') {
      throw new InvalidArgumentError(
        `${NAME}: openBrowser must be a function that opens (or shows) the URL it is given. ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
      );
    }
    this.#settings = {
      clientId: this.clientId,
      redirectUri,
      loginHint: node.loginHint,
      openBrowser: node.openBrowser,
      timeoutInMs: signInTimeout(NAME, node.timeoutInMs),
      successMessage: node.browserCustomizationOptions?.successMessage,
      errorMessage: node.browserCustomizationOptions?.errorMessage,
    };
  }

  protected async signIn(context: SignInContext): Promise<UserTokens> {
    const { signInWithSystemBrowser } = await import('./interactive-browser-loopback-sign-in.js');
    const signedIn = await signInWithSystemBrowser({
      ...this.#settings,
      authorityHost: context.authorityHost,
      tenantId: context.tenantId,
      scopes: context.scopes,
      claims: context.claims,
      abortSignal: context.abortSignal,
    });
    return redeemCode(context, signedIn);
  }
}
