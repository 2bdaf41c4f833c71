// A caller's abort signal and timeout bound that caller's wait, not the shared request other callers are
// waiting on too: the request runs on, and its token still lands in the cache.
import { onAbort } from './abort.js';
import { AbortError, NetworkError } from './errors.js';
import type { GetTokenOptions } from './token-credential.js';

/**
 * Races `work` against the call's `abortSignal` and `requestOptions.timeout`.
 *
 * @example
 * ```ts
 * return withCallerLimits(cache.getToken(key, acquire), options);
 * ```
 */
export function withCallerLimits<T>(work: Promise<T>, options: GetTokenOptions | undefined): Promise<T> {
  const signal = options?.abortSignal;
  const timeout = options?.requestOptions?.timeout;
  if (!signal && !timeout) return work;
  return new Promise<T>((resolve, reject) => {
    const stop = (error: unknown) => {
      clearTimeout(timer);
      stopListening();
      reject(error);
    };
    const timer = timeout
      ? setTimeout(
          () =>
            stop(new NetworkError(`getToken timed out after ${timeout} ms.`, { code: 'REQUEST_TIMEOUT' })),
          timeout,
        )
      : undefined;
    const stopListening = onAbort(signal, () => stop(new AbortError()));
    if (signal?.aborted) return stop(new AbortError());
    // Rejecting after resolving is a no-op, so `stop` also serves as the cleanup after success.
    work.then((value) => {
      resolve(value);
      stop(undefined);
    }, stop);
  });
}
