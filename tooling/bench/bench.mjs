#!/usr/bin/env node
// The side-by-side bench against @azure/identity: every scenario in scenarios/, one table, one JSON report.
// Usage: node tooling/bench/bench.mjs [--check] [--json out.json] [--only <scenario>[,<scenario>]] [--peer-slow]
//   --check      exit 1 if any budget fails (sizes, request counts, and timings as ratios to the peer's; a
//                scenario whose timing fails is measured once more, and the timing fails only if it fails again)
//   --peer-slow  also re-measure the peer figures that are slow and fixed by the peer itself (a minute waiting on
//                an IMDS that never answers), and record them in peer-figures.json; without it they are read
//                from there (see measure/recorded-peer.mjs)
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createContext,
  formatFailures,
  formatFirstRuns,
  formatRecorded,
  formatTable,
  runScenarioConfirmed,
} from './harness.mjs';
import { recordedPeerFigures } from './measure/recorded-peer.mjs';
import { paths } from './paths.mjs';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
    'peer-slow': { type: 'boolean', default: false },
  },
});
const only = values.only?.split(',');

const scenarioDir = join(import.meta.dirname, 'scenarios');
const files = readdirSync(scenarioDir)
  .filter((file) => file.endsWith('.mjs'))
  .sort();
const scenarios = [];
for (const file of files) scenarios.push((await import(join(scenarioDir, file))).default);

const context = {
  ...createContext(),
  recordedPeer: recordedPeerFigures({ file: paths.peerFigures, remeasure: values['peer-slow'] }),
};
const results = [];
for (const scenario of scenarios.filter(({ name }) => !only || only.includes(name))) {
  console.log(`bench: ${scenario.name}`);
  results.push(await runScenarioConfirmed(scenario, context));
}

const budgetsMet = results.every(({ metrics }) => metrics.every((row) => row.ok !== false));
console.log(`\n${formatTable(results)}\n`);
for (const failure of formatFailures(results)) console.log(`  ${failure}`);
for (const note of [...formatFirstRuns(results), ...formatRecorded(results)]) console.log(`  ${note}`);

const out = values.json ? resolve(values.json) : paths.results;
mkdirSync(dirname(out), { recursive: true });
const report = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  budgetsMet,
  scenarios: results,
};
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`bench: ${budgetsMet ? 'all budgets met' : 'BUDGETS NOT MET'}; results in ${out}`);

if (values.check && !budgetsMet) process.exit(1);
