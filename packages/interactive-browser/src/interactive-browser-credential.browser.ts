// InteractiveBrowserCredential in a web page (the portable entry, which the `browser` condition selects): the user
// signs in in a pop-up, or the page itself goes to the sign-in and comes back. Tokens stay in this page's memory;
// only a redirect's PKCE verifier, state and nonce wait in sessionStorage while the page is away.
import type { AbortSignalLike, AccessToken, AuthenticationRecord, GetTokenOptions } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import { type SignInContext, troubleshooting, type UserTokens } from '@identity/core/internal';
import { redeemCode } from './interactive-browser-code-redemption.js';
import { InteractiveBrowserCredentialBase } from './interactive-browser-credential.js';
import type {
  BrowserLoginStyle,
  InteractiveBrowserCredentialInBrowserOptions,
  InteractiveBrowserCredentialNodeOptions,
} from './interactive-browser-credential-options.js';
import {
  INTERACTIVE_BROWSER_ANCHOR,
  INTERACTIVE_BROWSER_CREDENTIAL,
  signInAbortedError,
  signInTimeout,
  signInTimeoutError,
} from './interactive-browser-errors.js';
import { signInWithPopup } from './interactive-browser-popup.js';
import { handleRedirectResponse, startRedirectSignIn } from './interactive-browser-redirect.js';
import type { BrowserSignInRequest } from './interactive-browser-sign-in-request.js';

const NAME = INTERACTIVE_BROWSER_CREDENTIAL;
const LOGIN_STYLES: readonly BrowserLoginStyle[] = ['popup', 'redirect'];

// What a page that is leaving for the sign-in waits on: nothing comes back to this page, unless the navigation is
// stopped (then the timeout or the caller's abort ends the wait).
function whileThePageLeaves(timeoutInMs: number, abortSignal: AbortSignalLike | undefined): Promise<never> {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(signInTimeoutError(NAME, timeoutInMs)), timeoutInMs);
    abortSignal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signInAbortedError(NAME));
      },
      { once: true },
    );
  });
}

// Whether this runs on a page that a redirect can come back to: a worker has no sessionStorage, and a page whose
// storage is blocked throws on reading it.
function onAPage(): boolean {
  try {
    return typeof location === 'object' && typeof sessionStorage === 'object';
  } catch {
    return false;
  }
}

/**
 * Signs a user in from a web page (a single-page app): in a pop-up (`loginStyle: 'popup'`, the default) or by
 * sending the page to the sign-in and back (`'redirect'`), with the authorization code flow and PKCE (WebCrypto).
 * Tokens are kept in the page's memory; the account's refresh token then serves later tokens, for any scope the
 * user consented to, without a prompt. Same options and methods as `@azure/identity`'s.
 *
 * Create it when the page loads: with the redirect style, the credential made on the page Entra sends the user
 * back to reads the answer from the address (and cleans it), and its first `getToken` finishes that sign-in.
 *
 * @example
 * ```ts
 * import { InteractiveBrowserCredential } from '@identity/interactive-browser';
 *
 * const credential = new InteractiveBrowserCredential({ clientId, tenantId });
 * button.onclick = async () => {
 *   const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
 * };
 * ```
 */
export class InteractiveBrowserCredential extends InteractiveBrowserCredentialBase {
  readonly #loginStyle: BrowserLoginStyle;
  readonly #timeoutInMs: number;
  readonly #request: Pick<BrowserSignInRequest, 'clientId' | 'redirectUri' | 'loginHint'>;
  /** The sign-in the page came back from, until a call has taken it (and its error, if it failed). */
  #returned: Promise<unknown> | undefined;

  /**
   * @param options - `clientId` (required), tenant id, `loginStyle`, `redirectUri`, `loginHint`, `timeoutInMs`,
   *   `authenticationRecord`, `disableAutomaticAuthentication`, and the options every credential takes. Options of
   *   the Node credential (`browserCustomizationOptions`, `openBrowser`) are ignored here.
   * @throws `InvalidArgumentError` without a `clientId`, for a malformed id, an unknown `loginStyle` or a bad
   *   `timeoutInMs`
   */
  constructor(
    options: InteractiveBrowserCredentialInBrowserOptions | InteractiveBrowserCredentialNodeOptions,
  ) {
    if (!options?.clientId) {
      throw new InvalidArgumentError(
        `${NAME}: clientId is required in a web page: the id of an app registration whose redirect URI is registered as a "Single-page application". ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
      );
    }
    super(options);
    const page: Partial<InteractiveBrowserCredentialInBrowserOptions> = options;
    const loginStyle = page.loginStyle ?? 'popup';
    if (!LOGIN_STYLES.includes(loginStyle)) {
      throw new InvalidArgumentError(
        `${NAME}: loginStyle must be "popup" or "redirect". ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
      );
    }
    this.#loginStyle = loginStyle;
    this.#timeoutInMs = signInTimeout(NAME, page.timeoutInMs);
    this.#request = {
      clientId: this.clientId,
      redirectUri: typeof page.redirectUri === 'function' ? page.redirectUri() : page.redirectUri,
      loginHint: page.loginHint,
    };
    // Read at once, before the app's router rewrites the address.
    if (onAPage()) {
      const returned = this.#finishReturnedSignIn();
      // Reported by the next call; never an unhandled rejection.
      returned.catch(() => {});
      this.#returned = returned;
    }
  }

  override async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    if (this.#returned) await this.#takeReturned();
    return super.getToken(scopes, options);
  }

  override async authenticate(
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<AuthenticationRecord> {
    if (this.#returned) await this.#takeReturned();
    return super.authenticate(scopes, options);
  }

  protected async signIn(context: SignInContext): Promise<UserTokens> {
    const request: BrowserSignInRequest = {
      ...this.#request,
      authorityHost: context.authorityHost,
      tenantId: context.tenantId,
      scopes: context.scopes,
      claims: context.claims,
    };
    const { abortSignal } = context;
    if (this.#loginStyle === 'redirect') {
      await startRedirectSignIn(request);
      return whileThePageLeaves(this.#timeoutInMs, abortSignal);
    }
    const signedIn = await signInWithPopup(request, { timeoutInMs: this.#timeoutInMs, abortSignal });
    return redeemCode(context, signedIn);
  }

  // The answer this page came back with from a redirect sign-in, if any: its code redeemed for the scopes and
  // tenant it was asked for, which makes its account this credential's. (A pop-up's answer is forwarded to the
  // page that opened it, and this window closes.)
  async #finishReturnedSignIn(): Promise<void> {
    const returned = await handleRedirectResponse();
    if (!returned) return;
    await this.authenticateWith(returned.scopes, { tenantId: returned.tenantId }, (context) =>
      redeemCode(context, returned),
    );
  }

  // Waits for the returned sign-in: its failure is the error of the calls made while it ran; later calls go on.
  async #takeReturned(): Promise<void> {
    const returned = this.#returned;
    try {
      await returned;
    } finally {
      if (this.#returned === returned) this.#returned = undefined;
    }
  }
}
