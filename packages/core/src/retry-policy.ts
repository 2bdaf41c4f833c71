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

/** The retry options with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/**
 * Fills in the defaults.
 *
 * @example
 * ```ts
 * resolveRetryOptions({ maxRetries: 0 }).retryDelayInMs; // 800
 * ```
 */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxRetries: options.maxRetries ?? 3,
    retryDelayInMs: options.retryDelayInMs ?? 800,
    maxRetryDelayInMs: options.maxRetryDelayInMs ?? 60_000,
    totalTimeoutInMs: options.totalTimeoutInMs ?? 60_000,
  };
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
 * The exponential backoff delay before retry number `attempt` (0-based): `base * 2^attempt`, capped, then
 * jittered into the upper half so that many clients don't retry in step.
 *
 * @example
 * ```ts
 * backoffDelay(2, resolveRetryOptions(), () => 0.5); // 2400
 * ```
 */
export function backoffDelay(attempt: number, options: ResolvedRetryOptions, random: () => number): number {
  const exponential = Math.min(options.maxRetryDelayInMs, options.retryDelayInMs * 2 ** attempt);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * Reads how long the server asked us to wait, in ms: `retry-after-ms`, `x-ms-retry-after-ms`, then
 * `Retry-After` as seconds or an HTTP date. `undefined` when absent or unreadable.
 *
 * @example
 * ```ts
 * retryAfterMs(new Headers({ 'retry-after': '2' }), Date.now()); // 2000
 * ```
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers.get(name));
    if (headers.has(name) && Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
