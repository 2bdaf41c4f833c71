// A caller's abort signal and timeout bound that caller's wait, not the shared request other callers are
// waiting on too: the request runs on, and its token still lands in the cache.
import { AbortError, NetworkError } from './errors.js';
import type { GetTokenOptions } from './token-credential.js';

/**
 * A time bound of this many milliseconds or more (`Infinity` included) sets no timer: no request lives that long,
 * and Node and browsers fire a delay past 2^31 − 1 ms after 1 ms, which would time every call out at once.
 *
 * @example
 * ```ts
 * const timer = timeoutInMs < UNBOUNDED_MS ? setTimeout(abort, timeoutInMs) : undefined;
 * ```
 */
export const UNBOUNDED_MS = 1e9;

/**
 * Races `work` against the call's `abortSignal` and `requestOptions.timeout`. `onAbort` runs when this caller
 * aborts or times out, `timedOut` telling which (a shared request learns that one fewer caller waits for it).
 *
 * @example
 * ```ts
 * return withCallerLimits(cache.getToken(key, acquire), options);
 * ```
 */
export function withCallerLimits<T>(
  work: Promise<T>,
  options: GetTokenOptions | undefined,
  onAbort?: (timedOut?: boolean) => void,
): Promise<T> {
  const signal = options?.abortSignal;
  const timeout = options?.requestOptions?.timeout;
  if (!signal && !timeout) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Set once the promise exists; the finally below removes the same listener it added.
  let abort = () => {};
  return new Promise<T>((resolve, reject) => {
    abort = () => {
      reject(new AbortError());
      onAbort?.();
    };
    if (timeout && timeout < UNBOUNDED_MS) {
      timer = setTimeout(() => {
        reject(new NetworkError(`getToken timed out after ${timeout} ms.`, { code: 'REQUEST_TIMEOUT' }));
        onAbort?.(true);
      }, timeout);
    }
    signal?.addEventListener('abort', abort, { once: true });
    if (signal?.aborted) abort();
    // Settling twice is a no-op: whichever comes first wins.
    work.then(resolve, reject);
  }).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  });
}
