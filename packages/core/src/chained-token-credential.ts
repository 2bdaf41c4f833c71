// Tries credentials in order. Only an unavailable credential lets the chain move on: a credential that is
// configured but fails stops it, so a wrong secret never silently turns into a different identity.

import type { ClosableCredential } from './credential-lifetime.js';
import { asyncDispose, closedError } from './credential-lifetime.js';
import {
  AbortError,
  AggregateAuthenticationError,
  CredentialUnavailableError,
  isUnavailable,
  troubleshooting,
} from './errors.js';
import { createLogger } from './logger.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from './token-credential.js';
import { isTokenCredential } from './token-credential.js';

/**
 * Options of a {@link ChainedTokenCredential}, passed after the credentials.
 *
 * @example
 * ```ts
 * new ChainedTokenCredential(first, second, { retrySources: true });
 * ```
 */
export interface ChainedTokenCredentialOptions {
  /**
   * Walk the whole chain on every call instead of going straight to the credential that worked last time.
   * Default `false`: the first credential that returns a token is remembered.
   */
  retrySources?: boolean;
  /** The name used in messages and logs. Default `ChainedTokenCredential`. */
  name?: string;
}

/**
 * A credential made of others, tried in order.
 *
 * @example
 * ```ts
 * const credential = new ChainedTokenCredential(
 *   new ManagedIdentityCredential(),
 *   new AzureCliCredential(),
 * );
 * const token = await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class ChainedTokenCredential implements TokenCredential {
  readonly #sources: TokenCredential[];
  readonly #options: ChainedTokenCredentialOptions;
  readonly #logger;
  #closing: Promise<void> | undefined;
  #selected: TokenCredential | undefined;

  /**
   * Chains the credentials in the order given; an options object may come last. The first that returns a token is
   * remembered and asked directly from then on (unless `retrySources`); a `CredentialUnavailableError` moves on to
   * the next, any other error stops the chain.
   */
  constructor(...sources: (TokenCredential | ChainedTokenCredentialOptions)[]) {
    const last = sources.at(-1);
    const options =
      last !== undefined && !isTokenCredential(last) ? (sources.pop() as ChainedTokenCredentialOptions) : {};
    this.#sources = sources as TokenCredential[];
    this.#options = options;
    this.#logger = createLogger(options.name ?? 'ChainedTokenCredential');
    // Set here rather than as a method: a method under a computed key that bundlers cannot evaluate keeps the class
    // (and what it uses) in every bundle that imports this package's root, chain or not.
    this[asyncDispose] = () => this.close();
  }

  /** {@link ChainedTokenCredential.close}, for `await using`. */
  declare [Symbol.asyncDispose]: () => Promise<void>;

  /** The credential that returned the last token, when one has (and `retrySources` is off). */
  get selectedCredential(): TokenCredential | undefined {
    return this.#selected;
  }

  /**
   * Gets a token from the first credential that can give one. Throws the first error that is not
   * "unavailable" as it is, or an `AggregateAuthenticationError` listing every attempt in order; after
   * {@link ChainedTokenCredential.close}, a `CredentialUnavailableError` saying so, and an `AbortError` when the
   * chain is closed while the call is under way.
   */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    if (this.#closing) throw closedError(this.#options.name ?? 'ChainedTokenCredential');
    const selected = this.#selected;
    if (selected) {
      const token = await this.#ask(selected, scopes, options);
      if (!token) throw this.#noToken(selected);
      return token;
    }
    const errors: unknown[] = [];
    for (const source of this.#sources) {
      let token: AccessToken | null;
      try {
        token = await this.#ask(source, scopes, options);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        errors.push(error);
        this.#logger.info(`${nameOf(source)} is unavailable: ${(error as Error).message}`);
        continue;
      }
      if (!token) {
        errors.push(this.#noToken(source));
        continue;
      }
      if (!this.#options.retrySources) this.#selected = source;
      this.#logger.info(`${nameOf(source)} returned a token`);
      return token;
    }
    if (errors.length === 0) {
      throw new CredentialUnavailableError(
        `${this.#options.name ?? 'ChainedTokenCredential'} has no credentials to try. ${troubleshooting('chained-token-credential')}`,
      );
    }
    throw new AggregateAuthenticationError(
      errors,
      `${this.#options.name ?? 'ChainedTokenCredential'}: no credential could get a token. Attempts, in order:`,
    );
  }

  /**
   * Closes every credential of the chain that has a `close()` and resolves once they are closed. A call under way
   * rejects with an `AbortError`, whatever its member answers after the close. Idempotent and final: a later
   * `getToken` rejects with a `CredentialUnavailableError`. The chain closes its members because `await using` on the
   * chain should release everything in it: pass it no credential that something else still uses.
   *
   * @example
   * ```ts
   * await using credential = new ChainedTokenCredential(new AzureCliCredential(), new DeviceCodeCredential());
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= Promise.all(
      this.#sources.map((source) => (source as Partial<ClosableCredential>).close?.()),
    ).then(() => {});
    return this.#closing;
  }

  // An aborted caller asks no (further) credential: nothing is sent for it. A chain closed while a credential was
  // answering hands out nothing after close(), neither a token nor "unavailable" from the members it closed.
  async #ask(source: TokenCredential, scopes: string | string[], options: GetTokenOptions | undefined) {
    if (options?.abortSignal?.aborted) throw new AbortError();
    const answer = Promise.resolve(source.getToken(scopes, options));
    await answer.catch(() => undefined);
    if (this.#closing)
      throw new AbortError(`${this.#options.name ?? 'ChainedTokenCredential'} was closed during the call.`);
    return answer;
  }

  #noToken(source: TokenCredential): CredentialUnavailableError {
    return new CredentialUnavailableError(
      `${nameOf(source)} returned no token. ${troubleshooting('chained-token-credential')}`,
    );
  }
}

// A wrapper (a lazily loaded chain member, say) names what it stands for with `credentialName`.
function nameOf(credential: TokenCredential): string {
  return (
    (credential as { credentialName?: string }).credentialName ??
    (credential as object).constructor?.name ??
    'credential'
  );
}
