// Time comes from an injected clock, so refresh and retry schedules are tested without real waits.
import { onAbort } from './abort.js';
import { AbortError } from './errors.js';
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
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortError());
      const timer = setTimeout(() => {
        stopListening();
        resolve();
      }, ms);
      const stopListening = onAbort(signal, () => {
        clearTimeout(timer);
        reject(new AbortError());
      });
    });
  },
};
