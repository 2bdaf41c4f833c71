// A member as the chain holds it: its package imported when a walk starts (or on first use), built on first use,
// named in every unavailable error it throws, and unavailable, saying why, when it cannot be built.
import type { AccessToken, ClosableCredential, GetTokenOptions, TokenCredential } from '@identity/core';
import { CredentialUnavailableError, isUnavailable } from '@identity/core';
import { asyncDispose, closedError, splitTroubleshooting, troubleshooting } from '@identity/core/internal';
import type { ChainWalk } from './default-azure-credential-head-start.js';
import type { DefaultChainCredentialName } from './default-azure-credential-options.js';

/**
 * Marks the options a walk hands to core's chain, which passes them on to each member as they are: that is how a
 * member asked by the chain finds its walk (a promise: the walk's module may still be loading). Options without the
 * mark (a direct call) never walk.
 *
 * @example
 * ```ts
 * const chainOptions: WalkOptions = { ...options, [WALK]: Promise.resolve(new ChainWalk(members, scopes, options)) };
 * ```
 */
export const WALK = Symbol('default chain walk');

/**
 * The options core's chain passes to each member during a walk: the caller's, marked with the walk.
 *
 * @example
 * ```ts
 * const chainOptions: WalkOptions = { ...options, [WALK]: walk };
 * ```
 */
export type WalkOptions = GetTokenOptions & { [WALK]?: Promise<ChainWalk> };

// The message of an unavailable member always starts with its name, so the final error reads as a list.
function named(name: string, error: Error): Error {
  if (error.message.startsWith(name)) return error;
  return new CredentialUnavailableError(`${name}: ${error.message}`, { cause: error });
}

/**
 * How a member comes to be: its package imported (modules only), then built from it.
 *
 * @example
 * ```ts
 * const factory: DefaultChainMemberFactory = {
 *   load: () => import('@identity/azure-cli'),
 *   create: (module) => new (module as typeof import('@identity/azure-cli')).AzureCliCredential(),
 * };
 * ```
 */
export interface DefaultChainMemberFactory {
  /** Imports the member's package; nothing is built. */
  load(): Promise<unknown>;
  /** Builds the member from what `load` imported (at once, or once its factory has loaded); may throw. */
  create(module: unknown): TokenCredential | Promise<TokenCredential>;
}

/**
 * One member of a `DefaultAzureCredential`, a credential of its own: asking it directly neither walks the chain
 * nor changes the remembered member (what `identity doctor` does). Its package is imported when the chain starts a
 * walk ({@link DefaultChainMemberCredential.load}) or on the first call, and it is built on the first call.
 *
 * @example
 * ```ts
 * for (const member of new DefaultAzureCredential().members) {
 *   await member.getToken('https://vault.azure.net/.default').catch((error) => console.log(member.name, error.message));
 * }
 * ```
 */
export class DefaultChainMemberCredential implements ClosableCredential {
  /** The member's class name. */
  readonly name: DefaultChainCredentialName;
  /** It may start early while a member before it is slow (see `DefaultChainMember.headStart`). */
  readonly headStart: boolean;
  /** Its `AZURE_TOKEN_CREDENTIALS` group: reaching a group's first member starts loading the whole group. */
  readonly group: 'prod' | 'dev' | undefined;
  readonly #factory: DefaultChainMemberFactory;
  #loaded: Promise<unknown> | undefined;
  #built: Promise<TokenCredential> | undefined;
  #closing: Promise<void> | undefined;

  /**
   * @param factory - imports the member's package, and builds it: each called once, the build on the first `getToken`
   * @param role - whether it may start early (`headStart`), and its group
   */
  constructor(
    name: DefaultChainCredentialName,
    factory: DefaultChainMemberFactory,
    {
      headStart = false,
      group,
    }: { headStart?: boolean | undefined; group?: 'prod' | 'dev' | undefined } = {},
  ) {
    this.name = name;
    this.#factory = factory;
    this.headStart = headStart;
    this.group = group;
  }

  /** The name core's chain uses in its log lines. */
  get credentialName(): string {
    return this.name;
  }

  /**
   * Gets a token from this member alone; inside a chain walk, through the walk (which may have started it early).
   *
   * @throws `CredentialUnavailableError` (its message starting with the member's name) when the member is not
   * set up here, returns no token, or cannot be built; any other error of the member as it is
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const walk = (options as WalkOptions | undefined)?.[WALK];
    return walk ? walk.then((started) => started.turn(this)) : this.#ask(scopes, options);
  }

  /**
   * Starts importing the member's package, once, and builds nothing: a walk calls it for every member of a group
   * when it reaches the group, so their imports overlap. A failed import is reported by the first `getToken`, never
   * here: the promise it returns never rejects unhandled.
   *
   * @example
   * ```ts
   * for (const member of credential.members) member.load();
   * ```
   */
  load(): Promise<unknown> {
    if (!this.#loaded) {
      this.#loaded = this.#factory.load();
      this.#loaded.catch(() => undefined);
    }
    return this.#loaded;
  }

  /**
   * Closes the member's credential, if it has been built and has a `close()` (a developer tool's running process is
   * stopped, an interactive sign-in ends); one that was never built is never built now. The chain's `close()`
   * calls it. Idempotent; a later `getToken` rejects with a `CredentialUnavailableError`, as the chain's does.
   *
   * @example
   * ```ts
   * await Promise.all(new DefaultAzureCredential().members.map((member) => member.close()));
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const built = this.#built;
      this.#built = Promise.reject(closedError(this.name));
      this.#built.catch(() => {});
      const credential = await built?.catch(() => undefined);
      await (credential as Partial<ClosableCredential> | undefined)?.close?.();
    })();
    return this.#closing;
  }

  /** {@link DefaultChainMemberCredential.close}, for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  async #ask(scopes: string | string[], options: GetTokenOptions | undefined): Promise<AccessToken> {
    const credential = await this.#credential();
    let token: AccessToken | null;
    try {
      token = await credential.getToken(scopes, options);
    } catch (error) {
      throw isUnavailable(error) ? named(this.name, error as Error) : error;
    }
    if (!token) {
      throw new CredentialUnavailableError(
        `${this.name} returned no token. ${troubleshooting('default-azure-credential')}`,
      );
    }
    return token;
  }

  async #credential(): Promise<TokenCredential> {
    this.#built ??= this.load().then((module) => this.#factory.create(module));
    try {
      return await this.#built;
    } catch (cause) {
      // A member that cannot be built (an invalid option of its own) is unavailable, so the chain moves on and
      // the final error says why.
      if (isUnavailable(cause)) throw named(this.name, cause as Error);
      // The member's own pointer (say, to tenant-id) says what to fix: it stays the one pointer of the message.
      const [message, anchor = 'default-azure-credential'] = splitTroubleshooting(
        cause instanceof Error ? cause.message : String(cause),
      );
      throw new CredentialUnavailableError(
        `${this.name} could not be created: ${message} Fix its configuration, or leave it out with the exclude${this.name} option. ${troubleshooting(anchor)}`,
        { cause },
      );
    }
  }
}
