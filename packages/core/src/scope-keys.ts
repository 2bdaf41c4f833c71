// A credential remembers the cache key of each scope argument it has checked, so a repeated call goes from the
// argument to its cached token in two map lookups: no checks, no key building, no allocation.
import type { Clock } from './clock.js';
import type { CachedToken, TokenCache } from './token-cache.js';
import type { GetTokenOptions } from './token-credential.js';

/**
 * The cache keys of the scope arguments a credential has checked, by scope. Only scopes that passed every check
 * are remembered, so an invalid one still fails on every call; a call with options that change the key (tenant,
 * claims, CAE) must not use it. At most 256 are kept (past that it starts over): a bound on memory, not a cache.
 *
 * @example
 * ```ts
 * return scopeKeys.fresh(cache, scopes, options, clock) ?? fullGetToken(scopes, options);
 * // in fullGetToken, once the scopes are checked and the key is built:
 * scopeKeys.remember(checkedScopes, key);
 * ```
 */
export class ScopeKeys extends Map<string, string> {
  /**
   * The cached token for a scope argument (a string, or an array of one) whose key is remembered, when the cache
   * can hand it out at once and the caller has not aborted; else `undefined`: take the full path.
   */
  fresh(
    cache: TokenCache,
    scopes: string | string[],
    options: GetTokenOptions | undefined,
    clock: Clock,
  ): Promise<CachedToken> | undefined {
    const key = this.get((typeof scopes === 'string' || scopes?.length !== 1 ? scopes : scopes[0]) as string);
    return key && !options?.abortSignal?.aborted ? cache.fresh(key, clock.now()) : undefined;
  }

  /** Remembers the key of checked scopes, when they are one scope. */
  remember([scope, more]: string[], key: string): void {
    if (more) return;
    if (this.size > 255) this.clear();
    this.set(scope as string, key);
  }
}
