// Parent side of probes/fleet-instance.mjs: a fleet of real processes that start at once. Used by the bench's
// cache-redis scenario and by @identity/cache-redis's fleet tests.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const probe = join(import.meta.dirname, '..', 'probes', 'fleet-instance.mjs');

/**
 * Starts one instance (`env` holds the probe's variables, see probes/fleet-instance.mjs). `ready` resolves once it
 * has built its credential; `go()` starts it; `result` resolves with its JSON line; `kill()` ends it at once.
 * It is killed after `timeoutMs`.
 *
 * @param {{ env: Record<string, string>, timeoutMs?: number }} options
 */
export function startInstance({ env, timeoutMs = 60_000 }) {
  const child = spawn(process.execPath, [probe], {
    // TMPDIR too, so that the test command's check sees whatever an instance leaves behind.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...(process.env.TMPDIR && { TMPDIR: process.env.TMPDIR }),
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  let markReady;
  const ready = new Promise((resolve) => {
    markReady = resolve;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  // A killed instance must not fail a write the parent makes afterwards.
  child.stdin.on('error', () => {});
  const result = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').at(-1);
      if (code === 0 && last && last !== 'ready') return resolve(JSON.parse(last));
      reject(new Error(`fleet instance ${signal ?? `exited ${code}`}: ${stderr.trim().slice(-800)}`));
    });
  });
  // Whichever of ready and result comes first: an instance that dies before it is ready rejects both.
  result.catch(() => {});
  return {
    ready: Promise.race([ready, result.then(() => {})]),
    go: () => child.stdin.end('go\n'),
    result,
    kill: () => child.kill('SIGKILL'),
    pid: child.pid,
  };
}

/**
 * Runs a fleet of `size` instances: all are started, and once every one has built its credential they are told to
 * go at the same moment. Resolves with their results, in order.
 *
 * @param {{ size: number, env: Record<string, string>, timeoutMs?: number }} options
 */
export async function runFleet({ size, env, timeoutMs = 120_000 }) {
  const instances = Array.from({ length: size }, () => startInstance({ env, timeoutMs }));
  try {
    await Promise.all(instances.map((instance) => instance.ready));
  } catch (error) {
    for (const instance of instances) instance.kill();
    throw error;
  }
  for (const instance of instances) instance.go();
  return Promise.all(instances.map((instance) => instance.result));
}

/** The `p`-th percentile (0 to 100) of `values`, nearest rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
