// The shared store on Redis through node-redis: tokens with SET PXAT (Redis drops them at expiry), the lease with
// SET NX PX, given back by its holder only (a compare-and-delete script), and waiters woken by pub/sub on a second
// connection of the same client.
import type { SharedStore } from './cache-redis-shared-store.js';

/**
 * What the cache calls on a node-redis (5 or later) client: `createClient`, `createCluster` and `createSentinel`
 * all fit. `duplicate` gives the connection waiters listen on (without it they poll); `isReady` lets the cache skip
 * a client that knows it is disconnected.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: RedisTokenCacheClient = await createClient({ url: 'rediss://cache.example.com:6380' }).connect();
 * ```
 */
export interface RedisTokenCacheClient {
  /** `GET key`: the value, or `null`. */
  get(key: string): Promise<unknown>;
  /** `SET key value` with an expiry, and `NX` for a lease. */
  set(key: string, value: string, options: RedisSetOptions): Promise<unknown>;
  /** `EVAL`: runs a Lua script (releasing a lease only while the caller holds it). */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** `PUBLISH`: tells waiting instances that a token was written or a lease released. */
  publish(channel: string, message: string): Promise<unknown>;
  /** A second connection for subscribing (node-redis: `client.duplicate()`); without it, waiters poll. */
  duplicate?(): RedisTokenCacheSubscriber;
  /** Whether the connection is up; calls while it is down go straight to Entra ID. */
  readonly isReady?: boolean;
}

/**
 * The options of node-redis's `SET` that the cache uses.
 *
 * @example
 * ```ts
 * const lease: RedisSetOptions = { condition: 'NX', expiration: { type: 'PX', value: 5000 } };
 * ```
 */
export interface RedisSetOptions {
  /** `'NX'`: set only if the key does not exist (taking a lease). */
  condition?: 'NX';
  /** When the key expires: after `value` milliseconds (`PX`) or at `value` milliseconds since the epoch (`PXAT`). */
  expiration: {
    /** `PX`: `value` is a lifetime; `PXAT`: a time. */
    type: 'PX' | 'PXAT';
    /** Milliseconds (from now for `PX`, since the epoch for `PXAT`). */
    value: number;
  };
}

/**
 * The second connection waiters listen on, from the client's `duplicate()`.
 *
 * @example
 * ```ts
 * const subscriber: RedisTokenCacheSubscriber = client.duplicate();
 * ```
 */
export interface RedisTokenCacheSubscriber {
  /** Opens the connection. */
  connect(): Promise<unknown>;
  /** Calls `listener` with each message published on `channel`. */
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  /** Reports connection errors (the cache logs them and falls back to polling). */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Closes the connection gracefully. */
  close?(): Promise<unknown>;
  /** Closes the connection at once. */
  destroy?(): void;
  /** Lets the process exit while the connection is open. */
  unref?(): void;
}

/**
 * The client a {@link RedisStore} works with: the app's, or one the cache made (then `connect` opens its connection,
 * which the store does whenever it needs Redis and the connection is not open, and closing the cache closes it).
 *
 * @example
 * ```ts
 * const connection: RedisConnection = { client: appClient };
 * ```
 */
export interface RedisConnection {
  client: RedisTokenCacheClient;
  connect?: () => Promise<unknown>;
}

// The value and the milliseconds it has left, in one step: Redis's own count of the token's lifetime, which every
// instance shares whatever its clock says.
const READ = "return { redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1]) }";

// Deletes the lease only if the caller still holds it: a holder whose lease expired never frees its successor's.
const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * {@link SharedStore} on a node-redis client.
 *
 * @example
 * ```ts
 * const store = new RedisStore({ client }, 'identity:notify');
 * ```
 */
export class RedisStore implements SharedStore {
  // Pub/sub wakes waiters at once: polling is only the safety net for a lost message.
  readonly pollIntervalMs = 250;
  readonly #client: RedisTokenCacheClient;
  readonly #channel: string;
  readonly #connect: (() => Promise<unknown>) | undefined;
  #connecting: Promise<unknown> | undefined;
  #closed = false;
  #wasReady = false;
  readonly #waiters = new Map<string, Set<() => void>>();
  #subscriber: Promise<RedisTokenCacheSubscriber> | undefined;
  // The notification connection from the moment it is made, connected or not: `close` ends it without waiting for a
  // connect that may never finish (node-redis retries for as long as Redis refuses it or is gone).
  #subscriberClient: RedisTokenCacheSubscriber | undefined;

  constructor({ client, connect }: RedisConnection, channel: string) {
    this.#client = client;
    this.#channel = channel;
    this.#connect = connect;
    // Connected at once: by the first call it is up, and a cold start finds the fleet's token.
    this.#open();
  }

  async read(name: string): Promise<{ value: string; ttlMs: number } | undefined> {
    const [value, ttlMs] = ((await (await this.#usable()).eval(READ, { keys: [name], arguments: [] })) ??
      []) as unknown[];
    return typeof value === 'string' && typeof ttlMs === 'number' && ttlMs >= 0
      ? { value, ttlMs }
      : undefined;
  }

  // Redis drops the token when it expires; one that expires within a second is not worth a write. The lifetime is
  // given (PX), not the time of expiry (PXAT): this instance's clock may not be Redis's. PX takes whole milliseconds
  // only (Redis refuses `PX 1.5`, which would read as an outage), so it is rounded down.
  async write(name: string, value: string, expiresOn: number): Promise<void> {
    const lifetime = Math.floor(expiresOn - Date.now());
    if (!(lifetime >= 1_000)) return;
    await (await this.#usable()).set(name, value, { expiration: { type: 'PX', value: lifetime } });
  }

  async lease(name: string, holder: string, ms: number): Promise<boolean> {
    const reply = await (await this.#usable()).set(name, holder, {
      condition: 'NX',
      expiration: { type: 'PX', value: ms },
    });
    return reply === 'OK';
  }

  async release(name: string, holder: string): Promise<unknown> {
    return (await this.#usable()).eval(RELEASE, { keys: [name], arguments: [holder] });
  }

  async notify(name: string): Promise<unknown> {
    return (await this.#usable()).publish(this.#channel, name);
  }

  async listen(name: string): Promise<{ next: Promise<void>; stop: () => void }> {
    if (!this.#client.duplicate) return { next: new Promise(() => {}), stop: () => {} };
    this.#subscriber ??= this.#subscribe().catch((error) => {
      // The next waiter tries again.
      this.#subscriber = undefined;
      throw error;
    });
    await this.#subscriber;
    let wake = () => {};
    const next = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const waiters = this.#waiters.get(name) ?? new Set();
    this.#waiters.set(name, waiters.add(wake));
    const stop = () => {
      waiters.delete(wake);
      if (!waiters.size && this.#waiters.get(name) === waiters) this.#waiters.delete(name);
    };
    return { next, stop };
  }

  // Connections the cache made are dropped, not closed politely: nothing is pending on them by now (the cache has
  // finished its writes), and a polite close on a connection that does not keep the process alive could leave the
  // process with nothing to wait on before the reply.
  async close(): Promise<void> {
    const subscriber = this.#subscriberClient;
    this.#subscriber = undefined;
    this.#subscriberClient = undefined;
    subscriber?.destroy?.();
    this.#closed = true;
    if (this.#connect) (this.#client as { destroy?: () => void }).destroy?.();
  }

  // A client the cache made is connected when a call needs it and its connection is not open (never made, refused,
  // or lost), one attempt at a time: no timer retries in the background (it would keep the process alive while
  // Redis is away), the outage guard spaces the attempts, and the calls that wait see why one failed (a refused
  // password says so).
  #open(): Promise<unknown> | undefined {
    const client = this.#client as { isOpen?: boolean };
    if (this.#connect && !this.#connecting && !this.#closed && !client.isOpen) {
      const connecting: Promise<unknown> = this.#connect().finally(() => {
        if (this.#connecting === connecting) this.#connecting = undefined;
      });
      connecting.catch(() => {});
      this.#connecting = connecting;
    }
    return this.#connecting;
  }

  // The client, once it can take a call: a connection being opened is waited for (the outage guard bounds the wait),
  // and the app's client that was connected and knows it lost the connection is not called at all (its call would
  // only queue).
  async #usable(): Promise<RedisTokenCacheClient> {
    await this.#open();
    const ready = this.#client.isReady;
    if (ready) this.#wasReady = true;
    else if (ready === false && this.#wasReady) throw new Error('disconnected');
    return this.#client;
  }

  async #subscribe(): Promise<RedisTokenCacheSubscriber> {
    const subscriber = (this.#client.duplicate as () => RedisTokenCacheSubscriber).call(this.#client);
    this.#subscriberClient = subscriber;
    // Its failures show as failed calls on the main connection; it never keeps a process alive. A failed one is
    // dropped (with its retries, if it has any), and the next waiter makes another.
    const drop = () => {
      subscriber.destroy?.();
      if (this.#subscriberClient !== subscriber) return;
      this.#subscriberClient = undefined;
      this.#subscriber = undefined;
    };
    subscriber.on('error', drop);
    subscriber.unref?.();
    try {
      await subscriber.connect();
      await subscriber.subscribe(this.#channel, (name) => {
        for (const wake of this.#waiters.get(name) ?? []) wake();
      });
    } catch (error) {
      drop();
      throw error;
    }
    return subscriber;
  }
}
