// What the fleet cache needs of a shared store (Redis, a KV namespace), as plain operations on names and strings:
// each store says it once, and the fleet logic (sealing, leases, waiting, outages) is written once for all.

/**
 * The operations a shared token store offers the fleet cache. Names are already hashed and values already sealed;
 * every call may fail or hang (the cache bounds and absorbs that).
 *
 * @example
 * ```ts
 * const store: SharedStore = {
 *   read: (name) => kv.get(name),
 *   write: (name, value, expiresOn) => kv.put(name, value, { expiration: Math.floor(expiresOn / 1000) }),
 *   lease: async (name, holder, ms) => { ... },
 *   release: (name, holder) => kv.delete(name),
 *   pollIntervalMs: 200,
 * };
 * ```
 */
export interface SharedStore {
  /**
   * The value under the name, or `null`/`undefined` when there is none. A store that counts down its entries'
   * lifetimes itself (Redis) returns `{ value, ttlMs }` with the time the entry has left: the token's times are then
   * taken from the store's count, so instances whose clocks disagree still agree on when it expires.
   */
  read(name: string): Promise<
    | string
    | {
        /** The stored value. */
        value: string;
        /** The ms the store will keep it, by the store's own count. */
        ttlMs: number;
      }
    | null
    | undefined
  >;
  /**
   * Stores the value under the name until `expiresOn` (ms since the epoch, on this process's `Date.now()`), when
   * the store drops it.
   */
  write(name: string, value: string, expiresOn: number): Promise<unknown>;
  /** Takes the lease `name` for `holder` for `ms` if nobody holds it; `true` when taken. */
  lease(name: string, holder: string, ms: number): Promise<boolean>;
  /** Gives the lease back if `holder` still holds it. */
  release(name: string, holder: string): Promise<unknown>;
  /** Tells the instances that wait for `name` that it has changed (a token written, or a lease released). */
  notify?(name: string): Promise<unknown>;
  /**
   * Starts listening for `notify(name)` and resolves once listening: to a promise that settles at the next
   * notification for the name, and a function that stops listening.
   */
  listen?(name: string): Promise<{
    /** Settles at the next notification for the name. */
    next: Promise<void>;
    /** Stops listening. */
    stop: () => void;
  }>;
  /** How often a waiter looks again without a notification. */
  readonly pollIntervalMs: number;
  /** Closes what the store opened itself. */
  close?(): Promise<void>;
}
