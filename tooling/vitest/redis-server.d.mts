export interface RedisServer {
  /** The loopback port it listens on. */
  readonly port: number;
  /** `redis://127.0.0.1:PORT`, or with TLS `rediss://localhost:PORT`. */
  readonly url: string;
  /** Whether the server runs now. */
  readonly running: boolean;
  /** Stops the server at once (as a crash would), keeping the port for `start()`. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/**
 * Starts a redis-server on a free loopback port; `extraArgs` are more command-line options; with `tls` (PEM files of a
 * certificate for localhost and its key) the port speaks only TLS. Always `stop()` it.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * afterAll(() => redis.stop());
 * ```
 */
export declare function startRedisServer(options?: {
  extraArgs?: string[];
  tls?: { certFile: string; keyFile: string };
}): Promise<RedisServer>;
