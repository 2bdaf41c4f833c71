// One walk down the chain. The answer is always the first token in chain order, but a member that is slow to
// answer (the IMDS probe on a network that drops its packets, a slow `az`) lets the developer tools after it
// start their work early, so their time overlaps instead of adding up. Work started early that the walk does
// not need is stopped when the walk ends, and its errors are never seen. Only getToken needs it: it loads with
// the walk (see default-azure-credential-walk.ts), not at start.
import type { AbortSignalLike, AccessToken, GetTokenOptions } from '@identity/core';

/**
 * What a walk needs of a member (a `DefaultChainMemberCredential`): its answer, and whether it may start early.
 * Written here rather than imported, so that the member, which starts walks, and the walk do not import each other.
 *
 * @example
 * ```ts
 * const member: WalkMember = {
 *   headStart: true,
 *   group: 'dev',
 *   load: () => import('@identity/azure-cli'),
 *   getToken: (scopes, options) => cli.getToken(scopes, options),
 * };
 * ```
 */
export interface WalkMember {
  /** It only runs a local tool, so it may start before its turn. */
  readonly headStart: boolean;
  /** Its `AZURE_TOKEN_CREDENTIALS` group (`prod`, `dev`), if any: a group's packages load together. */
  readonly group?: string | undefined;
  /** Starts importing its package (modules only, nothing built); idempotent. */
  load(): unknown;
  /** Its answer for the scopes. */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken>;
}

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
 * const chainOptions: WalkOptions = { ...options, [WALK]: Promise.resolve(walk) };
 * try { return await chain.getToken(scopes, chainOptions); } finally { walk.end(); }
 * ```
 */
export class ChainWalk {
  readonly #members: readonly WalkMember[];
  readonly #scopes: string | string[];
  readonly #options: GetTokenOptions;
  readonly #delayMs: number;
  readonly #controller = new AbortController();
  readonly #early = new Map<WalkMember, Promise<AccessToken>>();

  constructor(
    members: readonly WalkMember[],
    scopes: string | string[],
    options: GetTokenOptions,
    delayMs = HEAD_START_DELAY_MS,
  ) {
    this.#members = members;
    this.#scopes = scopes;
    this.#options = options;
    this.#delayMs = delayMs;
  }

  /**
   * The member's answer for this walk: the one started early, or a fresh call. Reaching the first member of a group
   * starts loading the packages of every member of that group, so their imports overlap: the deployed-app members
   * at the walk's start, the developer tools only once none of those answered.
   */
  turn(member: WalkMember): Promise<AccessToken> {
    for (const next of this.#members) if (member.group && next.group === member.group) next.load();
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

  #headStartAfter(member: WalkMember, answer: Promise<AccessToken>): void {
    const later = this.#members.slice(this.#members.indexOf(member) + 1);
    if (!later.some((next) => next.headStart && !this.#early.has(next))) return;
    const timer = setTimeout(() => this.#startEarly(later), this.#delayMs);
    (timer as { unref?: () => void }).unref?.();
    const cancel = () => clearTimeout(timer);
    answer.then(cancel, cancel);
  }

  #startEarly(later: readonly WalkMember[]): void {
    if (this.#controller.signal.aborted) return;
    for (const next of later) {
      if (!next.headStart || this.#early.has(next)) continue;
      const abortSignal = linkedSignal(this.#controller.signal, this.#options.abortSignal);
      const answer = next.getToken(this.#scopes, { ...this.#options, abortSignal });
      // Not reached means never seen: the error of work started early surfaces only through turn().
      answer.catch(() => undefined);
      this.#early.set(next, answer);
    }
  }
}
