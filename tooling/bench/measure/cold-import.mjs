// Cold import: how long a fresh Node process takes to import a package, minus the cost of Node starting.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { attempt, metric } from '../harness.mjs';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function timeNode(args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const elapsed = performance.now() - start;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} failed: ${result.stderr.trim().slice(-500)}`);
  return elapsed;
}

/** Median ms to `import(specifier)` (ESM) from `cwd`, over `runs` runs interleaved with empty runs. */
export function coldImportMs(specifier, cwd, runs = 7) {
  const empty = ['-e', '0'];
  const load = ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`];
  // One untimed run of each first, so both start from a warm file-system cache.
  timeNode(empty, cwd);
  timeNode(load, cwd);
  const baseline = [];
  const loaded = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(timeNode(empty, cwd));
    loaded.push(timeNode(load, cwd));
  }
  return Math.max(0, median(loaded) - median(baseline));
}

/**
 * Ours at most this share of the peer's cold import, both measured in the same run. Ours loads one credential's
 * files, the peer its whole library, so ours is ~0.05-0.16 of the peer's here: a regression that loads something
 * at start it should not (a dependency, the sign-in machinery, the developer tools) shows long before ours nears
 * the peer, and the machine's noise (both sides slow down together) does not.
 */
export const COLD_IMPORT_MAX_RATIO = 1 / 3;

/** The `cold import (ESM)` row of a scenario: `ours` (a package name) beside the peer, with the ratio budget. */
export async function coldImportMetric(context, ours, peer = '@azure/identity') {
  return metric(
    'cold import (ESM)',
    'ms',
    await attempt(() => coldImportMs(ours, context.ours(ours))),
    await attempt(() => coldImportMs(peer, context.peer(`${peer}@latest`))),
    { maxRatio: COLD_IMPORT_MAX_RATIO, label: '≤ ⅓ × peer' },
  );
}
