// The shared level of a fleet cache: tokens sealed under hashed names in a shared store, and a fleet-wide single
// flight. When the store has no fresh token, one instance takes a short lease and requests it; the others wait
// for its notification (or look again at each poll interval) and read it. A holder that dies leaves a lease that
// expires; a waiter that has waited a lease's time requests the token itself; a store that is out sends every
// caller straight to the token endpoint.
import type { CachedToken, Clock, TokenCacheStore } from '@identity/core';
import { AbortError } from '@identity/core';
import { systemClock } from '@identity/core/internal';
import type { OutageGuard } from './cache-redis-outage-guard.js';
import type { TokenSealer } from './cache-redis-sealing.js';
import type { SharedStore } from './cache-redis-shared-store.js';

// Sleeps until the notification, the time or the caller's abort, whichever comes first.
function wake(next: Promise<void> | undefined, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
      resolve();
    };
    const aborted = () => {
      done();
      reject(new AbortError());
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', aborted, { once: true });
    next?.then(done, done);
  });
}

/**
 * A {@link TokenCacheStore} on a {@link SharedStore}, with the fleet's single flight. Every store call goes through
 * the outage guard, so none of them fails or delays a caller beyond the guard's limit.
 *
 * @example
 * ```ts
 * const fleet = new FleetStore({ store, sealer, guard, prefix: 'identity', leaseMs: 5000 });
 * const token = (await fleet.get(key)) ?? (await fleet.acquire(key, acquire, clock, signal));
 * ```
 */
export class FleetStore implements TokenCacheStore {
  readonly #store: SharedStore;
  readonly #sealer: TokenSealer;
  readonly #guard: OutageGuard;
  readonly #prefix: string;
  readonly #leaseMs: number;
  // Who holds a lease this instance took: a lease is only ever given back by its holder.
  readonly #holder = crypto.randomUUID();
  readonly #names = new Map<string, Promise<string>>();
  // Tokens read from the store or written already: the cache hands them to `set`, and they need no (second) write.
  readonly #stored = new WeakSet<CachedToken>();
  // Writes still under way: `close` waits for them, so an instance that exits at once still shares its token.
  readonly #writing = new Set<Promise<void>>();

  constructor(options: {
    store: SharedStore;
    sealer: TokenSealer;
    guard: OutageGuard;
    prefix: string;
    leaseMs: number;
  }) {
    this.#store = options.store;
    this.#sealer = options.sealer;
    this.#guard = options.guard;
    this.#prefix = options.prefix;
    this.#leaseMs = options.leaseMs;
  }

  async get(key: string, clock: Clock = systemClock): Promise<CachedToken | undefined> {
    const name = await this.#name(key);
    const entry = await this.#guard.run(() => this.#store.read(`${name}:token`));
    const value = typeof entry === 'object' ? entry?.value : entry;
    let token = value ? await this.#sealer.open(`${name}:token`, value) : undefined;
    // Times the instance that stored it wrote on its own clock: when the store's count of the time left says
    // otherwise (by more than a second), that clock was not this one, and the token's times follow the store's count.
    const shift =
      token && typeof entry === 'object' && entry ? clock.now() + entry.ttlMs - token.expiresOnTimestamp : 0;
    if (token && Math.abs(shift) > 1_000) {
      token = {
        ...token,
        expiresOnTimestamp: token.expiresOnTimestamp + shift,
        refreshAfterTimestamp: token.refreshAfterTimestamp + shift,
      };
    }
    if (token) this.#stored.add(token);
    return token;
  }

  set(key: string, token: CachedToken, clock: Clock = systemClock): Promise<void> {
    if (this.#stored.has(token)) return Promise.resolve();
    this.#stored.add(token);
    const writing = this.#write(key, token, clock).finally(() => this.#writing.delete(writing));
    this.#writing.add(writing);
    return writing;
  }

  /**
   * A token for the key when the store has no fresh one: requested by this instance when it takes the lease (or
   * the store is out, or it has waited a lease's time), else the one the lease holder stores.
   */
  async acquire(
    key: string,
    acquire: (signal: AbortSignal) => Promise<CachedToken>,
    clock: Clock,
    signal: AbortSignal,
  ): Promise<CachedToken> {
    const name = await this.#name(key);
    const store = this.#store;
    const deadline = Date.now() + this.#leaseMs + store.pollIntervalMs;
    for (;;) {
      if (signal.aborted) throw new AbortError();
      const leased = await this.#guard.run(() => store.lease(`${name}:lease`, this.#holder, this.#leaseMs));
      if (leased !== false)
        return leased ? this.#request(key, name, acquire, clock, signal) : acquire(signal);
      // Another instance requests it. Listening starts before the store is read, so no notification is missed.
      const listen = store.listen?.bind(store);
      const listening = listen && (await this.#guard.run(() => listen(`${name}:token`)));
      try {
        const fresh = await this.#fresh(key, clock);
        if (fresh) return fresh;
        if (this.#guard.out || Date.now() >= deadline) return acquire(signal);
        await wake(listening?.next, Math.min(store.pollIntervalMs, deadline - Date.now()), signal);
        const notified = await this.#fresh(key, clock);
        if (notified) return notified;
      } finally {
        listening?.stop();
      }
    }
  }

  /** Finishes the writes under way, then closes what the store opened itself. */
  async close(): Promise<void> {
    await Promise.all(this.#writing);
    await this.#store.close?.();
  }

  // As the lease holder: the token is in the store before the caller has it (the fleet waits for it, and the caller
  // may exit at once); a failure gives the lease back at once, so a waiter takes over without waiting.
  async #request(
    key: string,
    name: string,
    acquire: (signal: AbortSignal) => Promise<CachedToken>,
    clock: Clock,
    signal: AbortSignal,
  ): Promise<CachedToken> {
    let token: CachedToken;
    try {
      // The previous holder may have stored the token and given the lease back just before this instance took it.
      const stored = await this.#fresh(key, clock);
      if (stored) {
        await this.#handOver(name);
        return stored;
      }
      token = await acquire(signal);
    } catch (error) {
      await this.#handOver(name);
      throw error;
    }
    await this.set(key, token, clock);
    return token;
  }

  async #write(key: string, token: CachedToken, clock: Clock): Promise<void> {
    const name = await this.#name(key);
    const value = await this.#sealer.seal(`${name}:token`, token);
    // The store's time is this process's `Date.now()`; the token's is its credential's clock.
    const expiresOn = token.expiresOnTimestamp - clock.now() + Date.now();
    if (value !== undefined) {
      await this.#guard.run(() => this.#store.write(`${name}:token`, value, expiresOn));
    }
    // Written: the lease (when this instance holds it) is no longer needed, and the waiters read the token.
    await this.#handOver(name);
  }

  async #handOver(name: string): Promise<void> {
    await this.#guard.run(() => this.#store.release(`${name}:lease`, this.#holder));
    const notify = this.#store.notify;
    if (notify) await this.#guard.run(() => notify.call(this.#store, `${name}:token`));
  }

  async #fresh(key: string, clock: Clock): Promise<CachedToken | undefined> {
    const token = await this.get(key, clock);
    return token && clock.now() < token.refreshAfterTimestamp ? token : undefined;
  }

  #name(key: string): Promise<string> {
    let name = this.#names.get(key);
    if (!name) {
      // A bound on memory, not a cache: past it, names are hashed again.
      if (this.#names.size > 1023) this.#names.clear();
      name = this.#sealer.name(this.#prefix, key);
      this.#names.set(key, name);
    }
    return name;
  }
}
