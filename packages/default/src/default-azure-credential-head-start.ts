// One walk down the chain. The answer is always the first token in chain order, but a member that is slow to
// answer (the IMDS probe on a network that drops its packets, a slow `az`) lets the developer tools after it
// start their work early, so their time overlaps instead of adding up. Work started early that the walk does
// not need is stopped when the walk ends, and its errors are never seen.
import type { AbortSignalLike, AccessToken, GetTokenOptions } from '@identity/core';
import type { DefaultChainMemberCredential } from './default-azure-credential-member.js';

/** How long a member may think before the tools after it start: more than a refused connection takes. */
export const HEAD_START_DELAY_MS = 100;

// An AbortSignal that fires when the walk ends or when the caller's signal fires.
function linkedSignal(walk: AbortSignal, caller: AbortSignalLike | undefined): AbortSignal {
  if (!caller) return walk;
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (caller.aborted) abort();
  caller.addEventListener('abort', abort, { once: true });
  walk.addEventListener('abort', () => {
    caller.removeEventListener('abort', abort);
    abort();
  });
  return controller.signal;
}

/**
 * One `getToken` walk over the chain's members, giving the developer tools a head start when a member before
 * them is slow.
 *
 * @example
 * ```ts
 * const walk = new ChainWalk(members, scopes, options);
 * try { return await walk.turn(members[2]); } finally { walk.end(); }
 * ```
 */
export class ChainWalk {
  readonly #members: readonly DefaultChainMemberCredential[];
  readonly #scopes: string | string[];
  readonly #options: GetTokenOptions;
  readonly #delayMs: number;
  readonly #controller = new AbortController();
  readonly #early = new Map<DefaultChainMemberCredential, Promise<AccessToken>>();

  constructor(
    members: readonly DefaultChainMemberCredential[],
    scopes: string | string[],
    options: GetTokenOptions,
    delayMs = HEAD_START_DELAY_MS,
  ) {
    this.#members = members;
    this.#scopes = scopes;
    this.#options = options;
    this.#delayMs = delayMs;
  }

  /** The member's answer for this walk: the one started early, or a fresh call. */
  turn(member: DefaultChainMemberCredential): Promise<AccessToken> {
    const early = this.#early.get(member);
    if (early) return early;
    const answer = member.getToken(this.#scopes, this.#options);
    this.#headStartAfter(member, answer);
    return answer;
  }

  /** Stops the work started early that no one waited for. */
  end(): void {
    this.#controller.abort();
  }

  #headStartAfter(member: DefaultChainMemberCredential, answer: Promise<AccessToken>): void {
    const later = this.#members.slice(this.#members.indexOf(member) + 1);
    if (!later.some((next) => next.member.headStart && !this.#early.has(next))) return;
    const timer = setTimeout(() => this.#startEarly(later), this.#delayMs);
    (timer as { unref?: () => void }).unref?.();
    const cancel = () => clearTimeout(timer);
    answer.then(cancel, cancel);
  }

  #startEarly(later: readonly DefaultChainMemberCredential[]): void {
    if (this.#controller.signal.aborted) return;
    for (const next of later) {
      if (!next.member.headStart || this.#early.has(next)) continue;
      const abortSignal = linkedSignal(this.#controller.signal, this.#options.abortSignal);
      const answer = next.getToken(this.#scopes, { ...this.#options, abortSignal });
      // Not reached means never seen: the error of work started early surfaces only through turn().
      answer.catch(() => undefined);
      this.#early.set(next, answer);
    }
  }
}
