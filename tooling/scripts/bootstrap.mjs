#!/usr/bin/env node
// Everything `npm run demo` and `npm test` need, from a machine that has only Node 20 and npm.
// Usage: node tooling/scripts/bootstrap.mjs <demo|test>
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { capture, commandExists, run } from './run-command.mjs';
import { ensureSystemPackages } from './system-packages.mjs';
import { formatLeftovers, withRunFolder } from './temporary-folders.mjs';
import { readCounts, summaryLine } from './vitest-summary.mjs';

const root = join(import.meta.dirname, '..', '..');
process.chdir(root);
const node = process.execPath;
const pnpmSpec = JSON.parse(readFileSync('package.json', 'utf8')).packageManager; // pnpm@x.y.z
// No telemetry notice in CI logs.
process.env.TURBO_TELEMETRY_DISABLED = '1';

function heading(title) {
  console.log(`\n▶ ${title}\n`);
}

/** Runs one step and stops everything if it fails. */
function step(title, command, args, options) {
  heading(title);
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${status})`);
    process.exit(status);
  }
}

/**
 * Makes the `pnpm` that package.json names callable by us and by turbo (which runs each package's scripts through
 * it), without installing anything globally: when the PATH has no pnpm of that version, npm installs it into
 * `.tooling/` inside the repository (git-ignored), and that folder goes first on the PATH of every step.
 */
function ensurePnpm() {
  const version = pnpmSpec.slice(pnpmSpec.lastIndexOf('@') + 1);
  const prefix = join(root, '.tooling', 'pnpm');
  const bin = join(prefix, 'node_modules', '.bin');
  process.env.PATH = `${bin}${delimiter}${process.env.PATH}`;
  if (commandExists('pnpm') && capture('pnpm', ['--version']).stdout.trim() === version) return;
  heading(`install ${pnpmSpec} into .tooling/pnpm (nothing is installed globally)`);
  const args = ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', pnpmSpec];
  if (run('npm', args) !== 0 || !commandExists('pnpm')) {
    console.error(`\n✖ could not install ${pnpmSpec} with npm`);
    process.exit(1);
  }
}

async function demo() {
  step('build the demo and what it uses', 'pnpm', ['turbo', 'run', 'build', '--filter=@identity/demo...']);
  // With a TMPDIR of its own, as the tests: the demo must leave nothing behind either.
  heading('demo');
  const { result: status, leftovers } = await withRunFolder((dir) =>
    run(node, ['examples/demo/demo.mjs'], { env: { ...process.env, TMPDIR: dir } }),
  );
  const clean = reportLeftovers('the demo', leftovers);
  if (status !== 0) console.error(`\n✖ demo failed (exit ${status})`);
  if (status !== 0 || !clean) process.exit(status || 1);
}

/** Prints what `who` left in its temporary folder (relative paths) and fails the command, if it left anything. */
function reportLeftovers(who, leftovers) {
  if (leftovers.length === 0) return true;
  console.error(
    `\ntemporary folder check: ${who} left ${leftovers.length} path(s) in its temporary folder (TMPDIR):`,
  );
  for (const line of formatLeftovers(leftovers)) console.error(line);
  return false;
}

async function test() {
  heading('system packages');
  if (!ensureSystemPackages())
    console.warn('some system packages are missing; the tests that need them will fail');
  step('build', 'pnpm', ['turbo', 'run', 'build']);
  step('conventions', node, ['tooling/scripts/check-conventions.mjs']);
  step('lint (biome)', 'pnpm', ['biome', 'check', '.']);
  step('typecheck', 'pnpm', ['turbo', 'run', 'typecheck']);
  step('API reference (TypeDoc; a warning fails it)', node, ['tooling/scripts/api-docs.mjs']);
  step('package checks (publint, are-the-types-wrong)', 'pnpm', ['turbo', 'run', 'check:package']);
  step('bench budgets', node, ['tooling/bench/bench.mjs', '--check']);

  // The whole suite at once; the leak check reads what its setup file captured, so start from nothing.
  rmSync('.leak-capture', { recursive: true, force: true });
  const reportDir = mkdtempSync(join(tmpdir(), 'vitest-report-'));
  const report = join(reportDir, 'report.json');
  heading('tests (vitest, whole suite), leak check and temporary folder check');
  // TMPDIR is a fresh folder of the run's own, for vitest and everything it starts: whatever is left in it
  // afterwards (a key, a token cache, a fake tool, a socket) was left behind by a test, and fails the run.
  const { result: vitest, leftovers } = await withRunFolder((dir) =>
    run(
      'pnpm',
      [
        'vitest',
        'run',
        '--reporter=default',
        '--reporter=./tooling/scripts/quiet-json-reporter.mjs',
        `--outputFile.json=${report}`,
      ],
      { env: { ...process.env, TMPDIR: dir } },
    ),
  );
  // Quiet when clean, so the output ends with vitest's summary and the line below.
  const leaks = capture(node, ['tooling/scripts/check-leaks.mjs']);
  if (leaks.status !== 0) process.stderr.write(`\n${leaks.stdout}${leaks.stderr}`);
  const clean = reportLeftovers('the tests', leftovers);

  const counts = readCounts(report);
  rmSync(reportDir, { recursive: true, force: true });
  if (!counts) console.error('vitest wrote no JSON report');
  console.log(summaryLine(counts ?? { passed: 0, failed: 0, skipped: 0 }));
  process.exit(vitest !== 0 || leaks.status !== 0 || !clean || !counts ? 1 : 0);
}

const tasks = { demo, test };
const task = tasks[process.argv[2]];
if (!task) {
  console.error(`usage: bootstrap.mjs <${Object.keys(tasks).join('|')}>`);
  process.exit(2);
}
ensurePnpm();
step('install dependencies', 'pnpm', ['install', '--frozen-lockfile']);
await task();
