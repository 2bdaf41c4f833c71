// The pop-up sign-in of a web page: the sign-in runs in a small window while the page stays where it is. The
// answer comes back two ways, whichever is first: the page polls the pop-up's address, readable again once Entra
// sends it back to the app's origin (no code needed on the redirect page, as MSAL.js 2–4 did); and the redirect page,
// if it calls `handleRedirectResponse()`, forwards the answer over a same-origin BroadcastChannel (what still works
// when a Cross-Origin-Opener-Policy has cut the pop-up off from the page, as MSAL.js 5's redirect bridge does).
import type { AbortSignalLike } from '@identity/core';
import {
  type AuthorizeCodeResponse,
  isAuthorizeResponse,
  readAuthorizeResponse,
} from '@identity/core/internal';
import {
  INTERACTIVE_BROWSER_ANCHOR,
  INTERACTIVE_BROWSER_CREDENTIAL,
  popupBlockedError,
  signInAbortedError,
  signInTimeout,
  signInTimeoutError,
  signInWindowClosedError,
} from './interactive-browser-errors.js';
import {
  answerParams,
  type BrowserSignInRequest,
  type BrowserSignInResult,
  prepareSignIn,
  SIGN_IN_CHANNEL,
  signInResult,
} from './interactive-browser-sign-in-request.js';

/**
 * How a pop-up sign-in waits.
 *
 * @example
 * ```ts
 * const options: PopupSignInOptions = { timeoutInMs: 120_000, abortSignal: controller.signal };
 * ```
 */
export interface PopupSignInOptions {
  /** How long the user has to finish. Default 5 minutes. */
  timeoutInMs?: number;
  /** Stops the wait (an `AbortError`) and closes the pop-up. */
  abortSignal?: AbortSignalLike;
  /** The page's window. Default `globalThis`. */
  window?: Window;
}

/** How often the pop-up's address and state are looked at. */
const POLL_INTERVAL_MS = 50;
/**
 * How long a closed pop-up may still deliver: a redirect page that forwards the answer closes itself right after,
 * possibly before the message is read.
 */
const CLOSED_GRACE_MS = 1_000;

// Centered, the size of Entra's sign-in page.
function popupFeatures(win: Window): string {
  const width = 483;
  const height = 600;
  const left = Math.max(0, win.screenX + (win.outerWidth - width) / 2);
  const top = Math.max(0, win.screenY + (win.outerHeight - height) / 2);
  return `width=${width},height=${height},left=${Math.round(left)},top=${Math.round(top)},scrollbars=yes`;
}

/**
 * Signs the user in through a pop-up: opens it at once (before anything asynchronous, so a click's user activation
 * still counts), sends it to the authorize URL, and waits for the answer. Resolves with the code and what its
 * redemption needs; rejects with an `AuthenticationError` (Entra's error such as `access_denied`, `state_mismatch`,
 * `user_cancelled` when the pop-up is closed, `popup_blocked`, `timed_out`) or an `AbortError`. The pop-up is
 * closed in every outcome.
 *
 * The redirect URI (default: the page's origin) must be registered as a "Single-page application" redirect URI
 * and be on the page's origin, so the page can read the answer.
 *
 * @example
 * ```ts
 * button.onclick = async () => {
 *   const result = await signInWithPopup({ tenantId, clientId, scopes: ['User.Read'] });
 *   // redeem result.code with result.codeVerifier at the token endpoint
 * };
 * ```
 */
export async function signInWithPopup(
  request: BrowserSignInRequest,
  options: PopupSignInOptions = {},
): Promise<BrowserSignInResult> {
  const win = options.window ?? (globalThis as unknown as Window);
  const credentialName = request.credentialName ?? INTERACTIVE_BROWSER_CREDENTIAL;
  const timeoutInMs = signInTimeout(credentialName, options.timeoutInMs);
  if (options.abortSignal?.aborted) throw signInAbortedError(credentialName);
  // Before any await: browsers allow pop-ups only during a user's click. A window of its own (no name): a second
  // sign-in must not take over the first one's pop-up.
  const popup = win.open('about:blank', '', popupFeatures(win));
  if (!popup) throw popupBlockedError(credentialName);
  try {
    const { url, pending } = await prepareSignIn(request, 'popup', win.location.origin);
    popup.location.href = url;
    const response = await waitForPopupResponse(popup, {
      state: pending.state,
      credentialName,
      timeoutInMs,
      abortSignal: options.abortSignal,
      origin: new URL(pending.redirectUri).origin,
    });
    return signInResult(pending, response);
  } finally {
    popup.close();
  }
}

/**
 * What the page sees of its pop-up: whether it is closed, and its address (readable only on the page's origin).
 *
 * @example
 * ```ts
 * const handle: PopupHandle = window.open(url, '')!;
 * ```
 */
export interface PopupHandle {
  /** Whether the user closed the pop-up. */
  readonly closed: boolean;
  /** The pop-up's location; reading it throws until the pop-up is back on the page's origin. */
  readonly location: {
    /** The pop-up's URL. */
    readonly href: string;
  };
}

/**
 * What {@link waitForPopupResponse} watches for.
 *
 * @example
 * ```ts
 * const watch: PopupWatch = { state, credentialName, timeoutInMs: 300_000, origin: location.origin };
 * ```
 */
export interface PopupWatch {
  /** The state of the pop-up's sign-in. */
  state: string;
  /** The credential named in errors and logs. */
  credentialName: string;
  /** How long to wait for the user to finish signing in. */
  timeoutInMs: number;
  /** Cancels the wait (the pop-up is closed). */
  abortSignal?: AbortSignalLike | undefined;
  /** The redirect URI's origin, where the answer lands. */
  origin: string;
}

/**
 * Waits for a pop-up's answer: the pop-up's own address once it is back on `origin` (read by polling), or the
 * message its redirect page forwards on {@link SIGN_IN_CHANNEL}. Resolves with the code; rejects with Entra's error,
 * `state_mismatch`, `user_cancelled` (the pop-up closed without an answer), `timed_out` or an `AbortError`. It does
 * not close the pop-up.
 *
 * @example
 * ```ts
 * const { code } = await waitForPopupResponse(popup, { state, credentialName, timeoutInMs, origin: location.origin });
 * ```
 */
export function waitForPopupResponse(popup: PopupHandle, watch: PopupWatch): Promise<AuthorizeCodeResponse> {
  const { credentialName, abortSignal } = watch;
  return new Promise((resolve, reject) => {
    const channel =
      typeof BroadcastChannel === 'function' ? new BroadcastChannel(SIGN_IN_CHANNEL) : undefined;
    let closedAt: number | undefined;
    const stop = () => {
      clearInterval(poller);
      clearTimeout(timer);
      channel?.close();
      abortSignal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      stop();
      reject(error);
    };
    const answer = (params: URLSearchParams) => {
      stop();
      try {
        resolve(
          readAuthorizeResponse(params, {
            state: watch.state,
            credentialName,
            anchor: INTERACTIVE_BROWSER_ANCHOR,
          }),
        );
      } catch (error) {
        reject(error);
      }
    };
    const onAbort = () => fail(signInAbortedError(credentialName));

    if (channel) {
      channel.onmessage = (event: MessageEvent) => {
        const data = event.data as { state?: unknown; response?: unknown } | null;
        if (data?.state === watch.state && typeof data.response === 'string') {
          answer(new URLSearchParams(data.response));
        }
      };
    }
    const poller = setInterval(() => {
      let address: URL | undefined;
      try {
        // Throws while the pop-up is on another origin (Entra's pages).
        address = new URL(popup.location.href);
      } catch {}
      if (address?.origin === watch.origin) {
        const params = answerParams(address);
        if (isAuthorizeResponse(params)) return answer(params);
      }
      if (!popup.closed) return;
      closedAt ??= Date.now();
      if (Date.now() - closedAt >= CLOSED_GRACE_MS) fail(signInWindowClosedError(credentialName));
    }, POLL_INTERVAL_MS);
    const timer = setTimeout(
      () => fail(signInTimeoutError(credentialName, watch.timeoutInMs)),
      watch.timeoutInMs,
    );
    abortSignal?.addEventListener('abort', onAbort, { once: true });
  });
}
