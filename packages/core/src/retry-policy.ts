// When to retry a request and how long to wait: exponential backoff with jitter, Retry-After honoured.

/**
 * How a request is retried.
 *
 * @example
 * ```ts
 * new ClientSecretCredential(t, c, s, { retryOptions: { maxRetries: 5, totalTimeoutInMs: 20_000 } });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** The first backoff delay; it doubles with each retry. Default 800 ms. */
  retryDelayInMs?: number;
  /** The longest single backoff delay. Default 60 s. */
  maxRetryDelayInMs?: number;
  /** The bound on the whole call, retries and waits included. Default 60 s. */
  totalTimeoutInMs?: number;
}

/**
 * Tells whether a status is worth retrying: 408, 429 and 5xx except 501 (not implemented) and 505 (version).
 *
 * @example
 * ```ts
 * isRetryableStatus(503); // true
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * The exponential backoff delay before retry number `attempt` (0-based): `first * 2^attempt`, capped at `max`,
 * then jittered into its upper half so that many clients don't retry in step.
 *
 * @example
 * ```ts
 * backoffDelay(2, 800, 60_000, () => 0.5); // 2400
 * ```
 */
export function backoffDelay(
  attempt: number,
  first: number,
  max: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(max, first * 2 ** attempt);
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/**
 * Reads how long the server asked us to wait, in ms, from `Retry-After` (seconds or an HTTP date).
 * `undefined` when absent or unreadable.
 *
 * @example
 * ```ts
 * retryAfterMs(new Headers({ 'retry-after': '2' }), Date.now()); // 2000
 * ```
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  // Headers strips whitespace from values itself; an absent or empty header is not a date either (NaN).
  const header = headers.get('retry-after') ?? '';
  const when = /^\d+(\.\d+)?$/.test(header) ? now + Number(header) * 1000 : Date.parse(header);
  return Number.isNaN(when) ? undefined : Math.max(0, when - now);
}
