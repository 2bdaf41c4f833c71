export interface FleetInstance {
  /** Resolves once the instance has built its credential; rejects if it died first. */
  readonly ready: Promise<void>;
  /** Starts it. */
  go(): void;
  /** Its JSON line. */
  readonly result: Promise<FleetResult>;
  /** Ends it at once (SIGKILL). */
  kill(): void;
  readonly pid: number | undefined;
}

export interface FleetResult {
  firstTokenMs?: number;
  digest?: string;
  memoryOpsPerSecond?: number;
  redisOpsPerSecond?: number;
  error?: string;
  diagnostics: { kind: string; text: string }[];
}

/**
 * Starts one fleet instance (probes/fleet-instance.mjs) with the probe's variables in `env`.
 *
 * @example
 * ```ts
 * const holder = startInstance({ env });
 * await holder.ready;
 * holder.go();
 * ```
 */
export declare function startInstance(options: {
  env: Record<string, string>;
  timeoutMs?: number;
}): FleetInstance;

/**
 * Runs `size` instances that start at once; resolves with their results, in order.
 *
 * @example
 * ```ts
 * const results = await runFleet({ size: 50, env });
 * ```
 */
export declare function runFleet(options: {
  size: number;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<FleetResult[]>;

/** The `p`-th percentile (0 to 100) of `values`, nearest rank. */
export declare function percentile(values: number[], p: number): number;
