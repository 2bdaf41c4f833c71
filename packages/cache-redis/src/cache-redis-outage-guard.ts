// Every call to a shared store goes through here, so a store that is down, slow or flapping costs a caller at most
// one short timeout: after a failure the store is skipped for a moment, one warning is logged per outage, and the
// first call that works again ends the outage by itself.
import type { Logger } from '@identity/core';

/**
 * How long a call to the store may take before the cache goes on without it.
 *
 * @example
 * ```ts
 * new RedisTokenCache({ url, keys, operationTimeoutMs: 4 * DEFAULT_OPERATION_TIMEOUT_MS }); // slow cold starts
 * ```
 */
export const DEFAULT_OPERATION_TIMEOUT_MS = 250;
/**
 * The first call may take this long (or `timeoutMs`, if longer): it also opens the connection (TCP, TLS,
 * authentication), which on a cold start is slower than any call after it.
 *
 * @example
 * ```ts
 * new RedisTokenCache({ url, keys }); // its first store call may take up to FIRST_CALL_TIMEOUT_MS
 * ```
 */
export const FIRST_CALL_TIMEOUT_MS = 1_000;

/**
 * After a failed call, the store is skipped this long before one call tries it again.
 *
 * @example
 * ```ts
 * await sleep(OUTAGE_RETRY_INTERVAL_MS); // by then the cache tries the store again
 * ```
 */
export const OUTAGE_RETRY_INTERVAL_MS = 1_000;

/**
 * Runs store calls with a time limit and remembers an outage. A failed or late call yields `undefined` (never an
 * error); while the store is out, calls are not even made until the retry interval has passed.
 *
 * @example
 * ```ts
 * const guard = new OutageGuard({ what: 'Redis', timeoutMs: 250, logger });
 * const value = await guard.run(() => client.get(name)); // undefined when Redis did not answer in time
 * if (guard.out) return acquire(signal);
 * ```
 */
export class OutageGuard {
  readonly #what: string;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  #out = false;
  #retryAt = 0;
  #tried = false;

  constructor(options: { what: string; timeoutMs: number; logger: Logger }) {
    this.#what = options.what;
    this.#timeoutMs = options.timeoutMs;
    this.#logger = options.logger;
  }

  /** Whether the last call failed: the store is out, and callers go on without it. */
  get out(): boolean {
    return this.#out;
  }

  /** The call's value, or `undefined` when the store is out, the call failed, or it took longer than the limit. */
  async run<T>(call: () => Promise<T>): Promise<T | undefined> {
    if (this.#out && Date.now() < this.#retryAt) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const limit = this.#tried ? this.#timeoutMs : Math.max(this.#timeoutMs, FIRST_CALL_TIMEOUT_MS);
      const late = new Promise<never>((_, reject) => {
        const fail = () => reject(new Error(`no answer within ${limit} ms`));
        // Once more through the event loop's I/O first: on a busy machine the answer may be waiting in the socket
        // when the timer fires, and then it is not late.
        timer = setTimeout(() => setTimeout(fail, 0), limit);
      });
      const value = await Promise.race([call(), late]);
      if (this.#out) {
        this.#out = false;
        this.#logger.info(`${this.#what} token cache is back: tokens are shared again`);
      }
      return value;
    } catch (error) {
      this.#retryAt = Date.now() + OUTAGE_RETRY_INTERVAL_MS;
      if (!this.#out) {
        this.#out = true;
        this.#logger.warning(
          `${this.#what} token cache unavailable (${(error as Error)?.message}): tokens come from memory and direct requests until it is back`,
        );
      }
      return undefined;
    } finally {
      this.#tried = true;
      clearTimeout(timer);
    }
  }
}
