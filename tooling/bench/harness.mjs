// The shared harness: a scenario is a list of measures, each returning metric rows (ours beside the peer,
// with an optional budget). The harness runs them, isolates failures, checks budgets and prints the table.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPacked, installPeer } from './measure/install.mjs';

/** A value that could not be measured (e.g. the peer does not bundle for a platform); shown as "fails". */
export const failed = (error) => ({ error: error instanceof Error ? error.message : String(error) });
export const isFailed = (value) => typeof value === 'object' && value !== null && 'error' in value;

/** `fn()`'s value, or `failed(error)` if it throws: one side failing must not hide the other. */
export async function attempt(fn) {
  try {
    return await fn();
  } catch (error) {
    return failed(error);
  }
}

/**
 * One row of the table. `budget` applies to ours: `{ max }`, `{ min }`, `{ equals }`, `{ maxRatio }` (ours at
 * most that many times the peer's value measured in the same run, for timings), or `{ belowPeer: true }` (ours
 * smaller than the peer's value of the same run, for sizes), with a `label` for the table.
 * Rows without a budget are reported only (absolute timings: they vary from machine to machine; a ratio of two
 * timings taken in the same process, such as a share of a Map lookup, can carry a `min`).
 */
export function metric(name, unit, ours, peer, budget) {
  return { metric: name, unit, ours, peer, ...(budget ? { budget } : {}) };
}

/** Whether ours is within budget; undefined when there is no budget. */
export function withinBudget({ ours, peer, budget, peerRecorded }) {
  if (!budget) return undefined;
  if (isFailed(ours) || typeof ours !== 'number') return false;
  if ('max' in budget) return ours <= budget.max;
  if ('min' in budget) return ours >= budget.min;
  // A ratio compares two figures of one run on one machine: a recorded peer figure is no basis for it.
  if ('maxRatio' in budget)
    return typeof peer === 'number' && !peerRecorded && ours <= peer * budget.maxRatio;
  if ('belowPeer' in budget) return typeof peer === 'number' && !peerRecorded && ours < peer;
  return ours === budget.equals;
}

/**
 * The row with its peer value taken from the recorded figures (see measure/recorded-peer.mjs): the table shows
 * when it was measured.
 */
export function withRecordedPeer(row, recorded) {
  if (!recorded.entry) return { ...row, peer: recorded.value };
  const { measuredAt, command, peerVersion, node } = recorded.entry;
  return { ...row, peer: recorded.value, peerRecorded: { measuredAt, command, peerVersion, node } };
}

/** Installs each library once per bench run, however many measures use it. */
export function createContext() {
  const cache = new Map();
  const once = (key, make) => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key);
  };
  return {
    /** Folder where `spec` (e.g. '@azure/identity@latest') is installed from the registry. */
    peer: (spec, folder) => once(`peer:${spec}`, () => installPeer(spec, folder)),
    /** Folder where workspace package `name` is installed from its packed tarballs. */
    ours: (name) => once(`ours:${name}`, () => installPacked(name)),
  };
}

/** The version of `name` installed in `dir`, for the report. */
export function installedVersion(dir, name) {
  const manifest = join(dir, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

/** Runs every measure of `scenario`; a measure that throws becomes a failed row, so the rest still run. */
export async function runScenario(scenario, context, { log = console.log } = {}) {
  const metrics = [];
  for (const [name, measure] of Object.entries(scenario.measures)) {
    const started = performance.now();
    try {
      metrics.push(...(await measure(context)));
    } catch (error) {
      metrics.push(
        metric(`${name} (could not run)`, 'none', failed(error), failed(error), { label: 'runs' }),
      );
    }
    log(`  ${scenario.name}: ${name} measured in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return {
    name: scenario.name,
    ours: scenario.ours,
    peer: scenario.peer,
    versions: await attempt(() => scenario.versions?.(context)),
    metrics: metrics.map((row) => ({ ...row, ok: withinBudget(row) })),
  };
}

// Figures that move with the machine's load. A budget on one of them that fails is measured once more before it
// counts: a real regression fails twice, while one run on a shared machine can be off by 2x either way. Sizes and
// counts are what they are, and are never measured again.
const TIMING_UNITS = new Set(['ms', 'times', 'share', 'ops/s']);
const failedTiming = (row) => row.ok === false && TIMING_UNITS.has(row.unit) && !isFailed(row.ours);

/**
 * {@link runScenario}, and when a timing row fails its budget, the scenario once more: each such row is then the
 * second run's, with the first run's figures kept in `firstRun` (the table marks it). A row fails only if it fails
 * both times; every other row is the first run's.
 */
export async function runScenarioConfirmed(scenario, context, { log = console.log } = {}) {
  const first = await runScenario(scenario, context, { log });
  const doubtful = first.metrics.filter(failedTiming);
  if (doubtful.length === 0) return first;
  log(
    `  ${scenario.name}: measured again, a timing failed its budget (${doubtful.map((row) => row.metric).join('; ')})`,
  );
  const again = await runScenario(scenario, context, { log });
  return {
    ...first,
    metrics: first.metrics.map((row) => {
      const second = failedTiming(row) && again.metrics.find((other) => other.metric === row.metric);
      return second ? { ...second, firstRun: { ours: row.ours, peer: row.peer } } : row;
    }),
  };
}

const group = (value) => Math.round(value).toLocaleString('en-US');
const UNITS = {
  bytes: (value) => `${group(value)} B`,
  packages: (value) => `${value}`,
  count: (value) => `${value}`,
  ms: (value) => `${value.toFixed(1)} ms`,
  'ops/s': (value) => `${group(value)} ops/s`,
  share: (value) => `${Math.round(value * 100)}%`,
  times: (value) => `${value.toFixed(2)}x`,
  none: () => '',
};

export function formatValue(value, unit) {
  if (value === undefined) return '—';
  if (isFailed(value)) return 'fails';
  return UNITS[unit](value);
}

// A recorded peer figure carries the day it was measured.
const formatPeer = (row) =>
  row.peerRecorded
    ? `${formatValue(row.peer, row.unit)} (${row.peerRecorded.measuredAt.slice(0, 10)})`
    : formatValue(row.peer, row.unit);

/** The results as a plain-text table: metric | @identity | @azure/identity | budget | ok. */
export function formatTable(results) {
  const rows = [['metric', '@identity', '@azure/identity', 'budget', 'ok']];
  for (const result of results) {
    for (const row of result.metrics) {
      rows.push([
        `${result.name}: ${row.metric}`,
        formatValue(row.ours, row.unit),
        formatPeer(row),
        row.budget?.label ?? '',
        `${row.ok === undefined ? '' : row.ok ? 'ok' : 'FAIL'}${row.firstRun ? ' (2nd run)' : ''}`,
      ]);
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join(' | ')
      .trimEnd();
  return [
    line(rows[0]),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** Every "fails" in the table with its reason, so a failure is never a mystery. */
export function formatFailures(results) {
  return results.flatMap((result) =>
    result.metrics.flatMap((row) => {
      const [ours, peer] = [row.ours, row.peer].map((value) => (isFailed(value) ? value.error : undefined));
      const prefix = `${result.name}: ${row.metric}`;
      if (ours && ours === peer) return [`${prefix}: ${ours}`];
      return [
        ...(ours ? [`${prefix}, @identity: ${ours}`] : []),
        ...(peer ? [`${prefix}, @azure/identity: ${peer}`] : []),
      ];
    }),
  );
}

/** One line for each row measured twice: what the first run gave. */
export function formatFirstRuns(results) {
  return results.flatMap((result) =>
    result.metrics
      .filter((row) => row.firstRun)
      .map(
        (row) =>
          `${result.name}: ${row.metric}: the first run gave ${formatValue(row.firstRun.ours, row.unit)} (peer ${formatValue(row.firstRun.peer, row.unit)}), over budget; the table shows the second.`,
      ),
  );
}

/**
 * Where the table's recorded peer figures come from, one line for each: when, with which versions and command,
 * and a warning when the peer installed now is another version.
 */
export function formatRecorded(results) {
  return results.flatMap((result) =>
    result.metrics
      .filter((row) => row.peerRecorded)
      .map((row) => {
        const { measuredAt, command, peerVersion, node } = row.peerRecorded;
        const installed = result.versions?.peer;
        const stale =
          installed && installed !== peerVersion
            ? ` NOTE: ${result.peer} ${installed} is installed now; re-measure with --peer-slow.`
            : '';
        return `${result.name}: ${row.metric}: peer figure recorded ${measuredAt} (${result.peer} ${peerVersion}, Node ${node}) by \`${command}\`.${stale}`;
      }),
  );
}
