// A caller's abort signal and timeout bound that caller's wait, not the shared request other callers are
// waiting on too: the request runs on, and its token still lands in the cache.
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
  if (signal?.aborted) {
    work.catch(() => {});
    return Promise.reject(new AbortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      cleanup();
      reject(new AbortError());
    };
    const timer =
      timeout && timeout > 0
        ? setTimeout(() => {
            cleanup();
            reject(new NetworkError(`getToken timed out after ${timeout} ms (requestOptions.timeout).`, { code: 'REQUEST_TIMEOUT' }));
          }, timeout)
        : undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}
