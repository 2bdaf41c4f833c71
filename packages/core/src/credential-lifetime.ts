// What a credential that holds something beyond one call (a loopback server or device-code polling while a user
// signs in, a developer tool's process, a persistent cache's pending writes) needs so that `close()` and
// `await using` work: one signal that stops everything pending, a record of the work in flight so that close
// resolves only once it has ended, and the error of a call made after close. The rule every credential follows:
// close() stops what is pending (those calls reject with an `AbortError`), releases only what the credential made
// itself (never a `tokenCache` the app passed in), is idempotent, and is final (a later call rejects with a
// `CredentialUnavailableError` saying so).
import { CredentialUnavailableError, troubleshooting } from './errors.js';
import type { AbortSignalLike, TokenCredential } from './token-credential.js';

/**
 * A credential that holds something beyond one call (a sign-in in progress, a tool's process, its own persistent
 * cache) and releases it with `close()`, so that `await using credential = new ...()` works. `close()` stops what
 * is pending (those calls reject with an `AbortError`), releases only what the credential made itself (never a
 * `tokenCache` the app passed in), may be called any number of times, and is final: a later `getToken` rejects
 * with a `CredentialUnavailableError`. Credentials that hold nothing beyond a call have no `close()`.
 *
 * @example
 * ```ts
 * await using credential = new DeviceCodeCredential();
 * const token = await credential.getToken('https://graph.microsoft.com/User.Read');
 * // closed here: polling stopped, the credential's own cache flushed
 * ```
 */
export interface ClosableCredential extends TokenCredential {
  /** Stops what is pending and releases what the credential made; resolves once both are done. */
  close(): Promise<void>;
  /** `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * `Symbol.asyncDispose`, or on a runtime without it (Node 20 before 20.4, older browsers) the symbol Node uses for
 * it, `Symbol.for('nodejs.asyncDispose')`: the method key that makes `await using credential = ...` call `close()`.
 *
 * @example
 * ```ts
 * class MyCredential {
 *   close(): Promise<void> { return this.#lifetime.close(); }
 *   [asyncDispose](): Promise<void> { return this.close(); }
 * }
 * ```
 */
export const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('nodejs.asyncDispose') as typeof Symbol.asyncDispose);

/**
 * The error of a call to a closed credential: a `CredentialUnavailableError` (a chain moves on) that says so.
 *
 * @example
 * ```ts
 * if (this.#closed) throw closedError('ChainedTokenCredential');
 * ```
 */
export function closedError(credentialName: string): CredentialUnavailableError {
  return new CredentialUnavailableError(
    `${credentialName} is closed: make a new one. ${troubleshooting('credential-closed')}`,
  );
}

/**
 * The open-or-closed state of one credential, and the work in flight that `close()` stops and waits for.
 *
 * @example
 * ```ts
 * readonly #lifetime = new CredentialLifetime('DeviceCodeCredential');
 * getToken(scopes: string | string[], options?: GetTokenOptions) {
 *   this.#lifetime.check();
 *   return this.#lifetime.run(options?.abortSignal, (signal) => signIn(scopes, signal));
 * }
 * close() {
 *   return this.#lifetime.close();
 * }
 * ```
 */
export class CredentialLifetime {
  readonly #name: string;
  #closed = false;
  // Each run in flight, with its own controller that close fires: no listener per run on one shared signal
  // (Node warns past ten).
  readonly #running = new Map<Promise<unknown>, AbortController>();
  #closing: Promise<void> | undefined;

  /** @param credentialName - the credential's class name, first in the error of a call made after close */
  constructor(credentialName: string) {
    this.#name = credentialName;
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Throws when the credential is closed.
   *
   * @throws `CredentialUnavailableError` (a chain moves on to its next credential)
   */
  check(): void {
    if (this.closed) {
      throw closedError(this.#name);
    }
  }

  /**
   * Runs `work` with a signal that fires when the caller's `signal` fires, `also` fires (the caller's timeout) or
   * the credential closes; `close()` resolves only once `work` has settled.
   *
   * @throws (the promise rejects with) `CredentialUnavailableError` when the credential is closed: `work` does not
   * start
   */
  run<T>(
    signal: AbortSignalLike | undefined,
    work: (signal: AbortSignal) => Promise<T>,
    also?: AbortSignalLike,
  ): Promise<T> {
    const both = new AbortController();
    const abort = () => both.abort();
    for (const one of [signal, also]) one?.addEventListener('abort', abort);
    if (signal?.aborted || also?.aborted) abort();
    const running = (async () => {
      this.check();
      return work(both.signal);
    })().finally(() => {
      for (const one of [signal, also]) one?.removeEventListener('abort', abort);
      this.#running.delete(running);
    });
    this.#running.set(running, both);
    return running;
  }

  /**
   * Closes, once (later calls return the first call's promise): fires the signal of every `run`, waits for each to
   * settle, then calls `release` (for what the credential made itself, such as its persistent cache).
   */
  close(release?: () => unknown): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      for (const controller of this.#running.values()) controller.abort();
      await Promise.allSettled(this.#running.keys());
      await release?.();
    })();
    return this.#closing;
  }
}
