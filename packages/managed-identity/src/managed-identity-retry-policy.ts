// IMDS's retry schedule: 404 (the identity is still being set up), 429 and 5xx back off exponentially with
// jitter; 410 (IMDS is upgrading) keeps retrying for at least 70 seconds, as the service asks.
import type { RetryOptions } from '@identity/core';
import type { RetryPolicy } from '@identity/core/internal';
import { backoffDelay } from '@identity/core/internal';

/**
 * The waits before each retry of a 410, in ms: 75 s in all before jitter, which only lengthens them.
 *
 * @example
 * ```ts
 * IMDS_GONE_DELAYS_MS.reduce((a, b) => a + b); // 75000
 * ```
 */
export const IMDS_GONE_DELAYS_MS: readonly number[] = [5_000, 10_000, 20_000, 40_000];

/**
 * The IMDS {@link RetryPolicy} for core's `HttpClient`. `retryOptions` set the retries of 404/429/5xx
 * (default 5, from 800 ms, doubling, jittered into the upper half); the 410 schedule is fixed. A `Retry-After`
 * header, honoured by the `HttpClient`, takes precedence. Network failures are not retried: an endpoint that
 * refuses or stays silent is not there, and waiting longer only delays the next credential of a chain.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ retryPolicy: imdsRetryPolicy({ maxRetries: 3 }) });
 * ```
 */
export function imdsRetryPolicy(options: RetryOptions = {}, random: () => number = Math.random): RetryPolicy {
  const {
    maxRetries = 5,
    retryDelayInMs = 800,
    maxRetryDelayInMs = 60_000,
    // Room for the whole 410 schedule, jitter and request times included.
    totalTimeoutInMs = 120_000,
  } = options;
  return {
    maxRetries: Math.max(maxRetries, IMDS_GONE_DELAYS_MS.length),
    totalTimeoutInMs,
    shouldRetry: ({ response }, attempt) => {
      if (!response) return false;
      const { status } = response;
      if (status === 410) return attempt < IMDS_GONE_DELAYS_MS.length;
      return attempt < maxRetries && (status === 404 || status === 429 || status >= 500);
    },
    delayInMs: ({ response }, attempt) => {
      if (response?.status !== 410) return backoffDelay(attempt, retryDelayInMs, maxRetryDelayInMs, random);
      const base = IMDS_GONE_DELAYS_MS[Math.min(attempt, IMDS_GONE_DELAYS_MS.length - 1)] ?? 0;
      // Jitter upwards only, so the schedule never adds up to less than 75 s.
      return Math.round(base * (1 + random() * 0.2));
    },
  };
}
