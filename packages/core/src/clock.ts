// Time comes from an injected clock, so refresh and retry schedules are tested without real waits.
import { withCallerLimits } from './caller-limits.js';
import type { AbortSignalLike } from './token-credential.js';

/**
 * A source of time and a way to wait.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => fakeNow, sleep: async () => {} };
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects with an `AbortError` when the signal fires. */
  sleep(ms: number, signal?: AbortSignalLike): Promise<void>;
}

/**
 * The real clock: `Date.now` and `setTimeout`.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100);
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The caller-limits race rejects on abort; the timer is cleared either way, so no wait outlives its caller.
    return withCallerLimits(
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
      { abortSignal: signal },
    ).finally(() => clearTimeout(timer));
  },
};
