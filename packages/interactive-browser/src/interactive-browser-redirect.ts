// The redirect sign-in of a web page, and the one function every page load of the redirect URI calls. Redirect:
// the page itself goes to Entra and comes back; what the sign-in must keep across the trip (PKCE verifier, state,
// nonce, the request) waits in sessionStorage, which only this tab of this origin can read, and is removed the
// moment the answer is read. The same function forwards a pop-up's answer to the page that opened it.
import { readAuthorizeResponse } from '@identity/core/internal';
import { INTERACTIVE_BROWSER_ANCHOR, INTERACTIVE_BROWSER_CREDENTIAL } from './interactive-browser-errors.js';
import {
  answerParams,
  type BrowserSignInRequest,
  type BrowserSignInResult,
  type PendingSignIn,
  prepareSignIn,
  SIGN_IN_CHANNEL,
  signInResult,
  withoutAnswer,
} from './interactive-browser-sign-in-request.js';

/**
 * The sessionStorage key a redirect sign-in waits under (one per tab: a tab can only be on one redirect at a time).
 *
 * @example
 * ```ts
 * sessionStorage.getItem(REDIRECT_STORAGE_KEY); // the pending sign-in, between leaving and coming back
 * ```
 */
export const REDIRECT_STORAGE_KEY = '@identity/interactive-browser:redirect';

/**
 * The page the browser flows run in. Default `globalThis`.
 *
 * @example
 * ```ts
 * await handleRedirectResponse({ window: iframe.contentWindow! });
 * ```
 */
export interface BrowserPageOptions {
  /** The page's window. Default: `globalThis`. */
  window?: Window;
}

const pageOf = (options: BrowserPageOptions) => options.window ?? (globalThis as unknown as Window);

/**
 * Starts a redirect sign-in: keeps what the sign-in needs in sessionStorage, then sends this page to the authorize
 * URL. Nothing runs after that here: when Entra sends the user back to the redirect URI, call
 * {@link handleRedirectResponse} there. Rejects only if the request is invalid (`InvalidArgumentError`).
 *
 * @example
 * ```ts
 * await startRedirectSignIn({ tenantId, clientId, scopes: ['User.Read'] }); // the page is leaving
 * ```
 */
export async function startRedirectSignIn(
  request: BrowserSignInRequest,
  options: BrowserPageOptions = {},
): Promise<void> {
  const page = pageOf(options);
  const { url, pending } = await prepareSignIn(request, 'redirect', page.location.origin);
  page.sessionStorage.setItem(REDIRECT_STORAGE_KEY, JSON.stringify(pending));
  page.location.assign(url);
}

function readPending(page: Window): PendingSignIn | undefined {
  const stored = page.sessionStorage.getItem(REDIRECT_STORAGE_KEY);
  // Single use: gone before it is looked at, whatever the answer says.
  page.sessionStorage.removeItem(REDIRECT_STORAGE_KEY);
  try {
    const pending = JSON.parse(stored ?? 'null') as PendingSignIn | null;
    const texts = [
      pending?.state,
      pending?.codeVerifier,
      pending?.redirectUri,
      pending?.clientId,
      pending?.tenantId,
    ];
    return texts.every((text) => typeof text === 'string') && Array.isArray(pending?.scopes)
      ? (pending as PendingSignIn)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Call it when the redirect URI's page loads, before anything rewrites its address. If the address carries the
 * answer of one of this package's sign-ins (its `state` starts with `popup.` or `redirect.`):
 *
 * - a pop-up's answer is forwarded to the page that opened the pop-up (a same-origin BroadcastChannel), and this
 *   window (the pop-up) closes; resolves `undefined`;
 * - a redirect sign-in's answer is read against what {@link startRedirectSignIn} kept: the address is cleaned (the
 *   code leaves the address bar and history) and it resolves with the code and what its redemption needs, or
 *   rejects with an `AuthenticationError` (Entra's error, or `state_mismatch` for an answer this tab did not ask
 *   for, or asked for already).
 *
 * Any other address resolves `undefined` and is left alone.
 *
 * @example
 * ```ts
 * const result = await handleRedirectResponse();
 * if (result) await redeem(result); // back from a redirect sign-in
 * ```
 */
export async function handleRedirectResponse(
  options: BrowserPageOptions = {},
): Promise<BrowserSignInResult | undefined> {
  const page = pageOf(options);
  const address = new URL(page.location.href);
  const params = answerParams(address);
  const state = params.get('state') ?? '';
  if (state.startsWith('popup.')) {
    const channel = new BroadcastChannel(SIGN_IN_CHANNEL);
    channel.postMessage({ state, response: params.toString() });
    channel.close();
    page.history.replaceState(page.history.state, '', withoutAnswer(address));
    page.close();
    return undefined;
  }
  if (!state.startsWith('redirect.')) return undefined;
  const pending = readPending(page);
  page.history.replaceState(page.history.state, '', withoutAnswer(address));
  const credentialName = pending?.credentialName ?? INTERACTIVE_BROWSER_CREDENTIAL;
  // With nothing pending, no state can match: the answer is refused as stale or forged.
  const response = readAuthorizeResponse(params, {
    state: pending?.state ?? '',
    credentialName,
    anchor: INTERACTIVE_BROWSER_ANCHOR,
  });
  return signInResult(pending as PendingSignIn, response);
}
