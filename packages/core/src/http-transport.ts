// The one HTTP client every credential uses: fetch-based and injectable, a timeout on every attempt, retries
// with backoff and jitter on 408/429/5xx and network errors, Retry-After honoured, a bound on the total time.
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Environment } from './environment.js';
import { AbortError, InvalidArgumentError, NetworkError } from './errors.js';
import type { Logger } from './logger.js';
import { isLoopbackHost } from './authority-host.js';
import type { RetryOptions } from './retry-policy.js';
import { backoffDelay, isRetryableStatus, resolveRetryOptions, retryAfterMs } from './retry-policy.js';
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

/** A request, as the credentials build them. */
export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Plain http to a host off loopback (IMDS at 169.254.169.254); refused unless set. */
  allowInsecure?: boolean;
}

/** A response with its body already read, so no socket is left open. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** What one attempt ended with: a response, or an error when none arrived. */
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
export function exponentialRetryPolicy(options?: RetryOptions, random: () => number = Math.random): RetryPolicy {
  const resolved = resolveRetryOptions(options);
  return {
    maxRetries: resolved.maxRetries,
    totalTimeoutInMs: resolved.totalTimeoutInMs,
    shouldRetry: (outcome) => (outcome.response ? isRetryableStatus(outcome.response.status) : true),
    delayInMs: (_outcome, attempt) => backoffDelay(attempt, resolved, random),
  };
}

/** How an {@link HttpClient} behaves. */
export interface HttpClientOptions {
  /** The fetch to use. Default: the global `fetch` (through undici's proxy agent on Node when a proxy is set). */
  fetch?: FetchLike;
  /** Where proxy variables are read from. */
  env?: Environment;
  /** Time and waiting, for backoff. */
  clock?: Clock;
  /** The retry policy. Default: {@link exponentialRetryPolicy}. */
  retryPolicy?: RetryPolicy;
  /** The bound on each attempt, response body included. Default 10 s. */
  timeoutInMs?: number;
  /** An explicit proxy URL (Node), overriding the proxy environment variables. */
  proxyUrl?: string;
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
  readonly #clock: Clock;
  readonly #policy: RetryPolicy;
  readonly #timeoutInMs: number;

  constructor(options: HttpClientOptions = {}) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#policy = options.retryPolicy ?? exponentialRetryPolicy();
    this.#timeoutInMs = options.timeoutInMs ?? 10_000;
  }

  /**
   * Sends the request, retrying per the policy. Resolves with the last response (whatever its status) or
   * rejects with a `NetworkError` when no response arrived, or an `AbortError` when the signal fired.
   */
  async send(request: HttpRequest, signal?: AbortSignalLike): Promise<HttpResponse> {
    const url = new URL(request.url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (isLoopbackHost(url.hostname) || request.allowInsecure))) {
      throw new InvalidArgumentError(`Refusing to send a token request over ${url.protocol} to ${url.host}; use https.`);
    }
    const started = this.#clock.now();
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(request, url, signal);
      const mayRetry = attempt < this.#policy.maxRetries && this.#policy.shouldRetry(outcome, attempt);
      if (mayRetry) {
        const asked = outcome.response ? retryAfterMs(outcome.response.headers, this.#clock.now()) : undefined;
        const delay = asked ?? this.#policy.delayInMs(outcome, attempt);
        const elapsed = this.#clock.now() - started;
        if (elapsed + delay <= this.#policy.totalTimeoutInMs) {
          const why = outcome.response ? `HTTP ${outcome.response.status}` : outcome.error?.code;
          this.#options.logger?.info(
            `${request.method} ${describeUrl(url)} got ${why}; retry ${attempt + 1} of ${this.#policy.maxRetries} in ${delay} ms`,
          );
          await this.#clock.sleep(delay, signal);
          continue;
        }
        this.#options.logger?.warning(
          `${request.method} ${describeUrl(url)}: not retrying, the next wait (${delay} ms) would pass the ${this.#policy.totalTimeoutInMs} ms bound`,
        );
      }
      if (outcome.response) return outcome.response;
      throw outcome.error;
    }
  }

  async #attempt(request: HttpRequest, url: URL, signal: AbortSignalLike | undefined): Promise<AttemptOutcome> {
    if (signal?.aborted) throw new AbortError();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutInMs);
    try {
      const fetcher = await this.#fetcherFor(url);
      const response = await fetcher(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      // The body is read under the same timeout: a server that stalls mid-body must not hang the caller.
      const body = await response.text();
      return { response: { status: response.status, headers: response.headers, body } };
    } catch (cause) {
      if (signal?.aborted) throw new AbortError();
      if (cause instanceof InvalidArgumentError || (cause as { name?: string })?.name === 'CredentialUnavailableError') {
        throw cause;
      }
      const error = timedOut
        ? new NetworkError(`${request.method} ${describeUrl(url)} timed out after ${this.#timeoutInMs} ms.`, {
            code: 'REQUEST_TIMEOUT',
            cause,
          })
        : new NetworkError(`${request.method} ${describeUrl(url)} failed: ${networkReason(cause)}.`, { cause });
      return { error };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async #fetcherFor(url: URL): Promise<FetchLike> {
    const { fetch, env = {}, proxyUrl } = this.#options;
    if (fetch) return fetch;
    if (isNodeRuntime() && (proxyUrl || env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)) {
      const proxied = await (await loadNodeProxy()).fetchForUrl(url, env, proxyUrl);
      if (proxied) return proxied;
    }
    // Looked up per call, so a fetch installed later (a test guard, an APM hook) is honoured.
    return (u, init) => globalThis.fetch(u, init);
  }
}

/** Node proper (not Bun or Deno, whose fetch honours proxy variables on its own). */
export function isNodeRuntime(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Bun?: unknown; Deno?: unknown };
  return Boolean(g.process?.versions?.node) && g.Bun === undefined && g.Deno === undefined;
}

function loadNodeProxy(): Promise<typeof import('./node-proxy.js')> {
  // A variable specifier: bundlers keep this import for run time instead of pulling proxy code into every bundle.
  const specifier = '@identity/core/node-proxy';
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
}

/** The URL for a log line or message: origin and path, query values dropped except api-version. */
export function describeUrl(url: URL): string {
  const version = url.searchParams.get('api-version');
  return `${url.origin}${url.pathname}${version ? `?api-version=${version}` : ''}`;
}

function networkReason(cause: unknown): string {
  const error = cause as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = error?.cause?.code ?? error?.code;
  const message = error?.cause?.message ?? error?.message ?? String(cause);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
