// IMDS's retry schedule. 404 (the identity is still being set up), 408, 429 and 5xx back off exponentially
// with jitter, from a sub-second first wait; 410 (IMDS is upgrading) starts just as fast and doubles for at least
// 70 seconds, as the service asks, so a brief 410 costs about 2 s and a long upgrade is still waited out.
import type { RetryOptions } from '@identity/core';
import type { RetryPolicy } from '@identity/core/internal';
import { backoffDelay, isRetryableStatus } from '@identity/core/internal';

// A 410's retries: 0.6 s doubling seven times, 76.2 s in all before jitter (which only lengthens the waits).
const GONE_RETRIES = 7;
const GONE_FIRST_DELAY_MS = 600;

/**
 * The IMDS retry policy for core's `HttpClient`. `retryOptions` set the retries of 404, 408, 429 and 5xx
 * except 501 and 505, which a retry cannot change (default 3, from 600 ms, doubling, jittered into the upper
 * half: at most 4.2 s of waiting in all); the 410 schedule is fixed. A `Retry-After` header, honoured by the `HttpClient`, takes precedence. Network failures
 * are not retried: an endpoint that refuses or stays silent is not there, and waiting longer only delays the
 * next credential of a chain.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ retryPolicy: imdsRetryPolicy({ maxRetries: 3 }) });
 * ```
 */
export function imdsRetryPolicy(options: RetryOptions = {}, random: () => number = Math.random): RetryPolicy {
  const {
    maxRetries = 3,
    retryDelayInMs = 600,
    maxRetryDelayInMs = 60_000,
    // Room for the whole 410 schedule (at most 91.4 s with jitter) and the requests' own time.
    totalTimeoutInMs = 120_000,
  } = options;
  return {
    maxRetries: Math.max(maxRetries, GONE_RETRIES),
    totalTimeoutInMs,
    shouldRetry: ({ response }, attempt) =>
      response?.status === 410
        ? attempt < GONE_RETRIES
        : attempt < maxRetries &&
          !!response &&
          (response.status === 404 || isRetryableStatus(response.status)),
    delayInMs: ({ response }, attempt) =>
      response?.status === 410
        ? // Jittered upwards only, so the window never adds up to less than 76.2 s.
          Math.round(GONE_FIRST_DELAY_MS * 2 ** attempt * (1 + random() / 5))
        : backoffDelay(attempt, retryDelayInMs, maxRetryDelayInMs, random),
  };
}
