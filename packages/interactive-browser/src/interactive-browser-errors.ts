// The errors an interactive sign-in ends with besides Entra's own answers (which `readAuthorizeResponse` turns into
// errors): no answer in time, the caller aborted, the user closed the window, the browser refused a pop-up.
// Shared by the Node loopback flow and the browser flows, so both say the same thing.
import { AbortError, AuthenticationError, InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';

/**
 * The name every error of this package starts with.
 *
 * @example
 * ```ts
 * listenForAuthorizeResponse({ state, credentialName: INTERACTIVE_BROWSER_CREDENTIAL });
 * ```
 */
export const INTERACTIVE_BROWSER_CREDENTIAL = 'InteractiveBrowserCredential';

/**
 * The troubleshooting anchor of this package's errors.
 *
 * @example
 * ```ts
 * troubleshooting(INTERACTIVE_BROWSER_ANCHOR);
 * ```
 */
export const INTERACTIVE_BROWSER_ANCHOR = 'interactive-browser-credential';

/**
 * How long a sign-in may take before it fails, when `timeoutInMs` is not given: 5 minutes, as Python's
 * `InteractiveBrowserCredential` waits.
 *
 * @example
 * ```ts
 * listenForAuthorizeResponse({ state, timeoutInMs: DEFAULT_SIGN_IN_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 300_000;

/**
 * The sign-in timeout to use: `timeoutInMs`, or {@link DEFAULT_SIGN_IN_TIMEOUT_MS}. Throws an `InvalidArgumentError`
 * unless it is a whole number of milliseconds from 1 to 2147483647 (the longest a timer waits).
 *
 * @example
 * ```ts
 * const timeoutInMs = signInTimeout('InteractiveBrowserCredential', options.timeoutInMs);
 * ```
 */
export function signInTimeout(credentialName: string, timeoutInMs: number | undefined): number {
  const chosen = timeoutInMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  if (!Number.isSafeInteger(chosen) || chosen <= 0 || chosen > 2_147_483_647) {
    throw new InvalidArgumentError(
      `${credentialName}: timeoutInMs must be a whole number of milliseconds from 1 to 2147483647. ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
    );
  }
  return chosen;
}

const duration = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} seconds` : `${ms} ms`);

/**
 * No answer arrived in time: an `AuthenticationError` with the code `AUTHENTICATION_REQUEST_TIMEOUT`, naming the
 * time and the option that sets it.
 *
 * @example
 * ```ts
 * reject(signInTimeoutError('InteractiveBrowserCredential', 300_000));
 * ```
 */
export function signInTimeoutError(credentialName: string, timeoutInMs: number): AuthenticationError {
  return new AuthenticationError(
    0,
    {
      error: 'timed_out',
      error_description: `No sign-in answer arrived within ${duration(timeoutInMs)} (the timeoutInMs option)`,
    },
    {
      credentialName,
      code: 'AUTHENTICATION_REQUEST_TIMEOUT',
      nextStep: 'Finish signing in within that time, or pass a larger timeoutInMs.',
      anchor: INTERACTIVE_BROWSER_ANCHOR,
    },
  );
}

/**
 * The caller's `abortSignal` fired.
 *
 * @example
 * ```ts
 * if (abortSignal?.aborted) throw signInAbortedError('InteractiveBrowserCredential');
 * ```
 */
export function signInAbortedError(credentialName: string): AbortError {
  return new AbortError(`${credentialName}: the sign-in was aborted by the caller.`);
}

/**
 * The sign-in window was closed (by the user, or by the page) before an answer came back.
 *
 * @example
 * ```ts
 * if (popup.closed) reject(signInWindowClosedError('InteractiveBrowserCredential'));
 * ```
 */
export function signInWindowClosedError(credentialName: string): AuthenticationError {
  return new AuthenticationError(
    0,
    {
      error: 'user_cancelled',
      error_description: 'The sign-in window was closed before the sign-in finished',
    },
    {
      credentialName,
      nextStep: 'Sign in again and finish in the window that opens.',
      anchor: INTERACTIVE_BROWSER_ANCHOR,
    },
  );
}

/**
 * The browser refused to open the sign-in pop-up.
 *
 * @example
 * ```ts
 * if (!popup) throw popupBlockedError('InteractiveBrowserCredential');
 * ```
 */
export function popupBlockedError(credentialName: string): AuthenticationError {
  return new AuthenticationError(
    0,
    { error: 'popup_blocked', error_description: 'The browser did not open the sign-in pop-up window' },
    {
      credentialName,
      nextStep:
        'Start the sign-in from a click handler, allow pop-ups for this site, or use loginStyle "redirect".',
      anchor: INTERACTIVE_BROWSER_ANCHOR,
    },
  );
}
