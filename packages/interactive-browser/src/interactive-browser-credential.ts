// What InteractiveBrowserCredential is on every runtime: a user credential on core's user-token engine (the
// signed-in account, its refresh token, silent acquisition before any prompt, disableAutomaticAuthentication, the
// AuthenticationRecord), whose sign-in is the authorization code flow with PKCE. How the browser is reached is the
// entry's: the `node` entry opens the system browser and listens on loopback, the portable entry (web pages) uses
// a pop-up or a redirect.
import type {
  AccessToken,
  AuthenticationRecord,
  ClosableCredential,
  GetTokenOptions,
  InteractiveCredentialOptions,
} from '@identity/core';
import {
  asyncDispose,
  PublicClient,
  proxyAwareFetch,
  type SignIn,
  type SignInContext,
  type UserTokens,
  userFlowIds,
} from '@identity/core/internal';
import { INTERACTIVE_BROWSER_ANCHOR, INTERACTIVE_BROWSER_CREDENTIAL } from './interactive-browser-errors.js';

/**
 * What the `InteractiveBrowserCredential` of each entry is made of. Each entry exports a subclass of its own (the
 * web pages' and the `node` entry's), so no bundle file holds two classes of one name.
 *
 * @example
 * ```ts
 * class InteractiveBrowserCredential extends InteractiveBrowserCredentialBase {
 *   protected signIn(context: SignInContext) {
 *     return signInSomehow(context);
 *   }
 * }
 * ```
 */
export abstract class InteractiveBrowserCredentialBase implements ClosableCredential {
  /** The client id the user signs in to. */
  protected readonly clientId: string;
  readonly #client: PublicClient;

  /**
   * @throws `InvalidArgumentError` for a malformed `tenantId` or `clientId`, a non-https authority host, or an
   * `authenticationRecord` that is not one
   */
  constructor(options: InteractiveCredentialOptions & { clientId?: string; tenantId?: string }) {
    this.#client = new PublicClient({
      credentialName: INTERACTIVE_BROWSER_CREDENTIAL,
      ...userFlowIds(options),
      options,
      anchor: INTERACTIVE_BROWSER_ANCHOR,
      proxyAwareFetch,
    });
    this.clientId = this.#client.clientId;
  }

  /**
   * Gets a token for the scopes: the signed-in account's cached token, else one from its refresh token (for any
   * scope and allowed tenant), and only then signs the user in through the browser. With
   * `disableAutomaticAuthentication`, it never opens a browser: it throws `AuthenticationRequiredError` instead.
   * Concurrent calls share one sign-in.
   *
   * @throws `AuthenticationRequiredError` when a sign-in is needed and `disableAutomaticAuthentication` is set;
   * `AuthenticationError` for Entra's refusal, a forged answer (`state_mismatch`), the timeout
   * (`AUTHENTICATION_REQUEST_TIMEOUT`); `AbortError`; `CredentialUnavailableError` when no browser can be opened
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.getToken(scopes, options, (context) => this.signIn(context));
  }

  /**
   * Signs the user in (silently when the account's tokens already serve the scopes) even with
   * `disableAutomaticAuthentication`, and returns the account's `AuthenticationRecord`: serialize it with
   * `serializeAuthenticationRecord` and pass it back as `authenticationRecord` to find the account again.
   *
   * @throws as {@link InteractiveBrowserCredentialBase.getToken}, except `AuthenticationRequiredError`
   */
  authenticate(scopes: string | string[], options?: GetTokenOptions): Promise<AuthenticationRecord> {
    return this.#client.authenticate(scopes, options, (context) => this.signIn(context));
  }

  /**
   * Stops a sign-in in progress (on Node the loopback server is closed before close resolves; the waiting
   * `getToken` and `authenticate` calls reject with an `AbortError`), then flushes the persistent cache the
   * credential made from `tokenCachePersistenceOptions` (a `tokenCache` you passed in is yours to close).
   * Idempotent and final: a later call rejects with a `CredentialUnavailableError`.
   *
   * @example
   * ```ts
   * await using credential = new InteractiveBrowserCredential();
   * const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
   * ```
   */
  close(): Promise<void> {
    return this.#client.close();
  }

  /** {@link InteractiveBrowserCredentialBase.close}, for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Signs the user in as the entry does: a code, redeemed with `redeemCode`. */
  protected abstract signIn(context: SignInContext): Promise<UserTokens>;

  /** Signs in with a sign-in of the entry's own choosing (the answer a redirect came back with). */
  protected authenticateWith(
    scopes: string[],
    options: GetTokenOptions,
    signIn: SignIn,
  ): Promise<AuthenticationRecord> {
    return this.#client.authenticate(scopes, options, signIn);
  }
}
