// The one HTTP client every credential uses: fetch-based and injectable, a timeout on every attempt, retries
// with backoff and jitter on 408/429/5xx and network errors, Retry-After honoured, a bound on the total time,
// and a cap on the size of what it reads.
import { UNBOUNDED_MS } from './caller-limits.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { AbortError, isIdentityError, NetworkError } from './errors.js';
import type { Logger } from './logger.js';
import { redactSecrets } from './redaction.js';
import type { RetryOptions } from './retry-policy.js';
import { backoffDelay, isRetryableStatus, retryAfterMs } from './retry-policy.js';
import type { AbortSignalLike } from './token-credential.js';

/**
 * The shape of `fetch` the credentials need; the global `fetch`, undici's, or a test double all fit.
 *
 * @example
 * ```ts
 * const fetchWithLogging: FetchLike = (url, init) => { console.log(init.method, url); return fetch(url, init); };
 * ```
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The most a response body may hold, in bytes (1 MiB). Token responses are a few KB; a body past this is not
 * a token service's, and reading it whole could exhaust memory. The same cap as on a developer tool's output.
 *
 * @example
 * ```ts
 * MAX_RESPONSE_BYTES; // 1048576
 * ```
 */
export const MAX_RESPONSE_BYTES = 2 ** 20;

/**
 * A request, as the credentials build them.
 *
 * @example
 * ```ts
 * const request: HttpRequest = { url: tokenUrl, method: 'POST', body: form.toString(), secrets: [clientSecret] };
 * const response = await http.send(request, signal);
 * ```
 */
export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The secret values the request carries (in its body or headers): an error about it never shows them. */
  secrets?: readonly (string | undefined)[];
}

/**
 * A response with its body already read, so no socket is left open.
 *
 * @example
 * ```ts
 * const response: HttpResponse = await http.send({ url, method: 'GET' });
 * const body = response.status === 200 ? JSON.parse(response.body) : undefined;
 * ```
 */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * What one attempt ended with: a response, or an error when none arrived.
 *
 * @example
 * ```ts
 * const throttledOrUnanswered = (outcome: AttemptOutcome) => !outcome.response || outcome.response.status === 429;
 * ```
 */
export interface AttemptOutcome {
  response?: HttpResponse;
  error?: NetworkError;
}

/**
 * Decides which outcomes are retried and how long to wait. Managed identity sources bring their own.
 *
 * @example
 * ```ts
 * const neverRetry: RetryPolicy = { maxRetries: 0, totalTimeoutInMs: 1000, shouldRetry: () => false, delayInMs: () => 0 };
 * ```
 */
export interface RetryPolicy {
  maxRetries: number;
  totalTimeoutInMs: number;
  shouldRetry(outcome: AttemptOutcome, attempt: number): boolean;
  delayInMs(outcome: AttemptOutcome, attempt: number): number;
}

/**
 * The default policy: network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff.
 *
 * @example
 * ```ts
 * const policy = exponentialRetryPolicy({ maxRetries: 5 });
 * ```
 */
export function exponentialRetryPolicy(
  options: RetryOptions = {},
  random: () => number = Math.random,
): RetryPolicy {
  const {
    maxRetries = 3,
    retryDelayInMs = 800,
    maxRetryDelayInMs = 60_000,
    totalTimeoutInMs = 60_000,
  } = options;
  return {
    maxRetries,
    totalTimeoutInMs,
    shouldRetry: ({ response }) => !response || isRetryableStatus(response.status),
    delayInMs: (_outcome, attempt) => backoffDelay(attempt, retryDelayInMs, maxRetryDelayInMs, random),
  };
}

/**
 * How an {@link HttpClient} behaves.
 *
 * @example
 * ```ts
 * const options: HttpClientOptions = { retryPolicy: exponentialRetryPolicy({ maxRetries: 1 }), timeoutInMs: 2000 };
 * const http = new HttpClient(options);
 * ```
 */
export interface HttpClientOptions {
  /** The fetch to use. Default: the global `fetch`; `proxyAwareFetch` for requests that may need a proxy. */
  fetch?: FetchLike;
  /** Time and waiting, for backoff. */
  clock?: Clock;
  /** The retry policy. Default: {@link exponentialRetryPolicy}. */
  retryPolicy?: RetryPolicy;
  /** The bound on each attempt, response body included. Default 10 s. */
  timeoutInMs?: number;
  /** Where retries are logged. */
  logger?: Logger;
}

/**
 * Sends requests with timeouts and retries. One per credential; stateless between requests.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ timeoutInMs: 5000 });
 * const response = await http.send({ url: 'https://login.microsoftonline.com/common/discovery/keys', method: 'GET' });
 * ```
 */
export class HttpClient {
  readonly #options: HttpClientOptions;

  constructor(options: HttpClientOptions = {}) {
    this.#options = options;
  }

  /**
   * Sends the request, retrying per the policy. Resolves with the last response (whatever its status) or
   * rejects with a `NetworkError` when no response arrived or its body passed {@link MAX_RESPONSE_BYTES} (not
   * retried: the service would send it again), or an `AbortError` when the signal fired.
   */
  async send(request: HttpRequest, signal?: AbortSignalLike): Promise<HttpResponse> {
    const {
      clock = systemClock,
      retryPolicy: policy = exponentialRetryPolicy(),
      timeoutInMs = 10_000,
      logger,
    } = this.#options;
    // How messages and log lines name the request: method, origin and path (the query may carry identifiers).
    const what = `${request.method} ${describeUrl(new URL(request.url))}`;
    const started = clock.now();
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(request, what, timeoutInMs, signal);
      const mayRetry = attempt < policy.maxRetries && policy.shouldRetry(outcome, attempt);
      if (mayRetry) {
        const asked = outcome.response && retryAfterMs(outcome.response.headers, clock.now());
        const delay = asked ?? policy.delayInMs(outcome, attempt);
        const elapsed = clock.now() - started;
        if (elapsed + delay <= policy.totalTimeoutInMs) {
          logger?.info(
            `${what}: ${outcome.response?.status ?? outcome.error?.code}; retry ${attempt + 1} in ${delay} ms`,
          );
          await clock.sleep(delay, signal);
          continue;
        }
      }
      if (outcome.response) return outcome.response;
      throw outcome.error;
    }
  }

  async #attempt(
    request: HttpRequest,
    what: string,
    timeoutInMs: number,
    signal: AbortSignalLike | undefined,
  ): Promise<AttemptOutcome> {
    const controller = new AbortController();
    // The caller's abort and our timeout both abort the request; the catch below tells them apart.
    const abortRequest = () => controller.abort();
    signal?.addEventListener('abort', abortRequest, { once: true });
    // NaN or a negative bound still times out at once, as it says; a huge one sets no timer (caller-limits.ts).
    const timer = timeoutInMs >= UNBOUNDED_MS ? undefined : setTimeout(abortRequest, timeoutInMs);
    try {
      // A call aborted before it started sends nothing.
      if (signal?.aborted) throw new AbortError();
      // The global fetch is looked up per call, so a fetch installed later (a test guard, an APM hook) is honoured.
      const fetcher: FetchLike = this.#options.fetch ?? ((u, init) => globalThis.fetch(u, init));
      // The request's own fields are fetch's init (fetch ignores its extra `url`).
      const response = await fetcher(request.url, {
        ...request,
        signal: controller.signal,
        redirect: 'manual',
      });
      // The body is read under the same timeout, and at most MAX_RESPONSE_BYTES of it: a server that stalls
      // mid-body must not hang the caller, nor one that never stops exhaust its memory. Past the cap, the rest
      // is cancelled unread, which closes the connection.
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (const reader = response.body?.getReader(); reader; ) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > MAX_RESPONSE_BYTES) {
          await reader.cancel();
          throw new NetworkError(`${what} sent over 1 MiB: not a token response.`);
        }
        chunks.push(value);
      }
      const body = await new Blob(chunks as BlobPart[]).text();
      return { response: { status: response.status, headers: response.headers, body } };
    } catch (cause) {
      // Errors of our own pass through: that abort, or a missing proxy dependency (a configuration problem, not
      // a network error to retry).
      if (isIdentityError(cause)) throw cause;
      if (signal?.aborted) throw new AbortError();
      // Not aborted by the caller, so an aborted request is one the timer aborted.
      const timedOut = controller.signal.aborted;
      // fetch wraps the system error (ECONNREFUSED, ENOTFOUND...) as its cause; that is the useful part.
      const systemError = (cause as { cause?: Error })?.cause ?? (cause as Error);
      const reason = timedOut
        ? `timed out after ${timeoutInMs} ms`
        : `failed: ${systemError?.message ?? String(cause)}`.replace(/\.+$/, '');
      const { secrets } = request;
      return {
        error: new NetworkError(`${what} ${reason}.`, {
          code: timedOut ? 'REQUEST_TIMEOUT' : 'NETWORK_ERROR',
          // fetch may quote a header value it refuses: a cause that shows a secret is not kept.
          cause: redactSecrets(reason, secrets) === reason ? cause : undefined,
          secrets,
        }),
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abortRequest);
    }
  }
}

/**
 * The URL for a log line or message: origin and path; the query may carry identifiers, so it is dropped.
 *
 * @example
 * ```ts
 * describeUrl(new URL('http://127.0.0.1:8080/metadata/identity/oauth2/token?client_id=x'));
 * // 'http://127.0.0.1:8080/metadata/identity/oauth2/token'
 * ```
 */
export function describeUrl(url: URL): string {
  return url.origin + url.pathname;
}
