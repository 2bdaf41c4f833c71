// Parent side of probes/get-token.mjs: resolves the library as Node would from an install folder, runs the
// probe in a child process (asynchronously: the emulator serving it lives in this process's event loop).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { metric } from '../harness.mjs';

const probe = join(import.meta.dirname, '..', 'probes', 'get-token.mjs');

/**
 * The least share of an awaited `Map` lookup's rate that our cached `getToken` must reach, both measured in the
 * same probe process: a ratio holds on a noisy shared machine where an absolute rate does not (~2M ops/s where the
 * lookup does 8M).
 */
export const CACHED_GET_TOKEN_MIN_SHARE = 0.25;

/**
 * The rows of a throughput probe's results (`{ opsPerSecond, mapOpsPerSecond }` per side, or a failed value):
 * cached `getToken` in ops/s (reported), and its share of the awaited `Map` lookup (ours checked).
 */
export function throughputMetrics(prefix, ours, peer) {
  const share = (side) =>
    side && typeof side.opsPerSecond === 'number' ? side.opsPerSecond / side.mapOpsPerSecond : side;
  const rate = (side) => (side && typeof side.opsPerSecond === 'number' ? side.opsPerSecond : side);
  return [
    metric(`${prefix}cached getToken`, 'ops/s', rate(ours), rate(peer)),
    metric(`${prefix}cached getToken, share of an awaited Map lookup`, 'share', share(ours), share(peer), {
      min: CACHED_GET_TOKEN_MIN_SHARE,
      label: `≥ ${CACHED_GET_TOKEN_MIN_SHARE * 100}%`,
    }),
  ];
}

/** The file URL `import(specifier)` loads from `cwd`. */
export function resolveFrom(cwd, specifier) {
  const script = 'process.stdout.write(import.meta.resolve(process.argv[1]))';
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, specifier], {
    cwd,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`cannot resolve ${specifier} from ${cwd}: ${result.stderr.trim()}`);
  return result.stdout;
}

// Nothing from the developer's shell may change what is measured (log levels, proxies, credentials).
function cleanEnv() {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(AZURE_|HTTPS?_PROXY$|NO_PROXY$|NODE_OPTIONS$)/i.test(name),
    ),
  );
}

/**
 * Runs the probe: `{ cwd, specifier, className, args, scope, mode, caFile, env }` → its JSON result (`env`
 * adds variables, such as a `PATH` that finds a fake tool).
 * Fails after `timeoutMs` rather than hang the bench.
 */
export function runProbe({
  cwd,
  specifier,
  className,
  args,
  scope,
  mode,
  caFile,
  concurrency = 100,
  durationMs = 1000,
  timeoutMs = 60_000,
  env: extraEnv = {},
}) {
  const env = {
    ...cleanEnv(),
    ...extraEnv,
    NODE_EXTRA_CA_CERTS: caFile,
    BENCH_MODULE: resolveFrom(cwd, specifier),
    BENCH_CLASS: className,
    BENCH_ARGS: JSON.stringify(args),
    BENCH_SCOPE: scope,
    BENCH_MODE: mode,
    BENCH_CONCURRENCY: String(concurrency),
    BENCH_DURATION_MS: String(durationMs),
  };
  return runJsonProbe([process.execPath, probe], { cwd, env, timeoutMs, what: `${specifier} ${mode} probe` });
}

/**
 * Runs a probe process (`command` is an argument array: no shell) and resolves with the JSON of its last line
 * of output. Rejects when it exits non-zero, with the end of its standard error, or is stopped after
 * `timeoutMs`.
 */
export function runJsonProbe(command, { cwd, env, timeoutMs, what }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGTERM' && !stdout) {
        return reject(new Error(`${what}: no answer within ${timeoutMs / 1000} s (stopped)`));
      }
      if (code === 0) return resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      reject(new Error(`${what} failed (${signal ?? `exit ${code}`}): ${stderr.trim().slice(-800)}`));
    });
  });
}
