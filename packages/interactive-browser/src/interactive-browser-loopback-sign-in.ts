// The Node sign-in, from start to code: listen on loopback, hand the authorize URL to the browser, wait for the one
// answer carrying this sign-in's state. The server is closed in every outcome, before the outcome is reported, and
// the PKCE verifier never leaves this process except in the code's redemption. Node only: the credential imports
// it when a user must sign in.
import type { AbortSignalLike } from '@identity/core';
import { buildAuthorizeUrl, createPkcePair, randomBase64Url } from '@identity/core/internal';
import type { SignedIn } from './interactive-browser-code-redemption.js';
import type { OpenBrowser } from './interactive-browser-credential-options.js';
import { INTERACTIVE_BROWSER_CREDENTIAL } from './interactive-browser-errors.js';
import type { SignInPageMessages } from './interactive-browser-loopback-pages.js';
import { listenForAuthorizeResponse } from './interactive-browser-loopback-server.js';
import { openSystemBrowser } from './interactive-browser-open-browser.js';

/**
 * One sign-in through the system browser and a loopback redirect URI.
 *
 * @example
 * ```ts
 * const request: LoopbackSignInRequest = {
 *   authorityHost: 'https://login.microsoftonline.com',
 *   tenantId: 'organizations',
 *   clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
 *   scopes: ['https://management.azure.com/.default'],
 *   openBrowser: (url) => console.log(`Sign in at ${url}`),
 * };
 * ```
 */
export interface LoopbackSignInRequest extends SignInPageMessages {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  /** The caller's scopes; `openid`, `profile` and `offline_access` are added. */
  scopes: readonly string[];
  /** Opens the authorize URL in the user's browser. Default: the system's browser (`openSystemBrowser`). */
  openBrowser?: OpenBrowser | undefined;
  /** `http://localhost` (default) or `http://127.0.0.1`, with an optional port and path. */
  redirectUri?: string;
  /** Prefills the account (prompt `login`); without it the account picker shows (prompt `select_account`). */
  loginHint?: string;
  /** A claims request (a claims challenge, with the CAE capability merged in). */
  claims?: string;
  /** `form_post` (default: the code never appears in a URL or the browser's history) or `query`. */
  responseMode?: 'form_post' | 'query';
  /** How long the user has to finish. Default 5 minutes. */
  timeoutInMs?: number;
  abortSignal?: AbortSignalLike;
  /** Names the caller in errors. Default `InteractiveBrowserCredential`. */
  credentialName?: string;
}

/**
 * Signs the user in through their browser: listens on a loopback redirect URI (see `listenForAuthorizeResponse`),
 * hands the authorize URL (authorization code with PKCE S256, `response_mode=form_post`) to `openBrowser`, and waits
 * for the answer. Resolves with the code once the server has closed; rejects with the listener's errors
 * (`AuthenticationError` for Entra's error, `state_mismatch` or `timed_out`; `AbortError`), or with what
 * `openBrowser` threw. No server is left listening in any outcome.
 *
 * @example
 * ```ts
 * const signedIn = await signInWithSystemBrowser({ ...request, openBrowser: (url) => console.log(`Sign in at ${url}`) });
 * // POST /token: grant_type=authorization_code, code, redirect_uri, code_verifier
 * ```
 */
export async function signInWithSystemBrowser(request: LoopbackSignInRequest): Promise<SignedIn> {
  const credentialName = request.credentialName ?? INTERACTIVE_BROWSER_CREDENTIAL;
  const [pkce, state, nonce] = [await createPkcePair(), randomBase64Url(), randomBase64Url()];
  const listener = await listenForAuthorizeResponse({
    state,
    credentialName,
    redirectUri: request.redirectUri,
    timeoutInMs: request.timeoutInMs,
    abortSignal: request.abortSignal,
    successMessage: request.successMessage,
    errorMessage: request.errorMessage,
  });
  try {
    const url = buildAuthorizeUrl({
      credentialName,
      authorityHost: request.authorityHost,
      tenantId: request.tenantId,
      clientId: request.clientId,
      redirectUri: listener.redirectUri,
      scopes: request.scopes,
      state,
      nonce,
      codeChallenge: pkce.challenge,
      responseMode: request.responseMode ?? 'form_post',
      loginHint: request.loginHint,
      claims: request.claims,
    });
    // An opener that never returns (a launcher that hangs) does not hold the sign-in up: the answer, the
    // timeout or an abort ends the wait all the same.
    const opened = request.openBrowser
      ? request.openBrowser(url)
      : openSystemBrowser(url, {}, credentialName);
    await Promise.race([opened, listener.response]);
    const response = await listener.response;
    return { ...response, codeVerifier: pkce.verifier, redirectUri: listener.redirectUri, nonce };
  } finally {
    await listener.close();
  }
}
