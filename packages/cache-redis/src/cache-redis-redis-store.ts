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
 * The client a {@link RedisStore} works with: the app's, or one the cache made (then `connecting` is its first
 * connection, which calls wait for, and closing the cache closes it).
 *
 * @example
 * ```ts
 * const connection: RedisConnection = { client: appClient };
 * ```
 */
export interface RedisConnection {
  client: RedisTokenCacheClient;
  connecting?: Promise<unknown>;
}

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
  readonly #owned: boolean;
  #connecting: Promise<unknown> | undefined;
  #wasReady = false;
  readonly #waiters = new Map<string, Set<() => void>>();
  #subscriber: Promise<RedisTokenCacheSubscriber> | undefined;
  // The notification connection from the moment it is made, connected or not: `close` ends it without waiting for a
  // connect that may never finish (node-redis retries for as long as Redis refuses it or is gone).
  #subscriberClient: RedisTokenCacheSubscriber | undefined;

  constructor({ client, connecting }: RedisConnection, channel: string) {
    this.#client = client;
    this.#channel = channel;
    this.#owned = connecting !== undefined;
    // Waited for once: the calls that waited for a first connection that failed fail with its error (a refused
    // password says so); calls after it go to the client, which is reconnecting by itself.
    const settle = () => {
      this.#connecting = undefined;
    };
    this.#connecting = connecting?.then(settle, (error: unknown) => {
      settle();
      throw error;
    });
    this.#connecting?.catch(() => {});
  }

  async read(name: string): Promise<string | undefined> {
    const value = await (await this.#usable()).get(name);
    return typeof value === 'string' ? value : undefined;
  }

  // Redis drops the token when it expires; one that expires within a second is not worth a write. PXAT takes whole
  // milliseconds only (Redis refuses `PXAT 1.5`, which would read as an outage), so the expiry is rounded down.
  async write(name: string, value: string, expiresOn: number): Promise<void> {
    if (!(expiresOn - Date.now() >= 1_000)) return;
    await (await this.#usable()).set(name, value, {
      expiration: { type: 'PXAT', value: Math.floor(expiresOn) },
    });
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
    if (this.#owned) (this.#client as { destroy?: () => void }).destroy?.();
  }

  // The client, once it can take a call: its first connection is waited for (the outage guard bounds the wait), and
  // a client that was connected and knows it lost the connection is not called at all (its call would only queue).
  async #usable(): Promise<RedisTokenCacheClient> {
    if (this.#connecting) await this.#connecting;
    const ready = this.#client.isReady;
    if (ready) this.#wasReady = true;
    else if (ready === false && this.#wasReady) throw new Error('disconnected');
    return this.#client;
  }

  async #subscribe(): Promise<RedisTokenCacheSubscriber> {
    const subscriber = (this.#client.duplicate as () => RedisTokenCacheSubscriber).call(this.#client);
    this.#subscriberClient = subscriber;
    // Its failures show as failed calls on the main connection; it never keeps a process alive.
    subscriber.on('error', () => {});
    subscriber.unref?.();
    try {
      await subscriber.connect();
      await subscriber.subscribe(this.#channel, (name) => {
        for (const wake of this.#waiters.get(name) ?? []) wake();
      });
    } catch (error) {
      subscriber.destroy?.();
      if (this.#subscriberClient === subscriber) this.#subscriberClient = undefined;
      throw error;
    }
    return subscriber;
  }
}
