// The parts of the bench that decide pass or fail: budgets, the table, the footprint count, bundling.
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../vitest/test-temporary-folder.ts';
import {
  failed,
  formatFailures,
  formatFirstRuns,
  formatRecorded,
  formatTable,
  isFailed,
  metric,
  runScenario,
  runScenarioConfirmed,
  withinBudget,
  withRecordedPeer,
} from './harness.mjs';
import { bundleBytes, bundleChunks, bundleCode, startupBytes } from './measure/bundle.mjs';
import { median } from './measure/cold-import.mjs';
import { appliesHere, dependencyClosure } from './measure/dependency-closure.mjs';
import { footprint } from './measure/footprint.mjs';
import { workspaceClosure } from './measure/install.mjs';
import { recordedPeerFigures } from './measure/recorded-peer.mjs';

let dir;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function tree(files) {
  dir = temporaryFolder('bench');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('budgets', () => {
  it('checks a maximum, a minimum and an exact count, and fails when ours could not be measured', () => {
    expect(withinBudget(metric('size', 'bytes', 5120, 1, { max: 5120 }))).toBe(true);
    expect(withinBudget(metric('share', 'share', 0.25, 0.01, { min: 0.25 }))).toBe(true);
    expect(withinBudget(metric('share', 'share', 0.24, 0.01, { min: 0.25 }))).toBe(false);
    expect(withinBudget(metric('share', 'share', failed('no'), 0.01, { min: 0.25 }))).toBe(false);
    expect(withinBudget(metric('size', 'bytes', 5121, 1, { max: 5120 }))).toBe(false);
    expect(withinBudget(metric('requests', 'count', 1, 100, { equals: 1 }))).toBe(true);
    expect(withinBudget(metric('requests', 'count', 2, 100, { equals: 1 }))).toBe(false);
    expect(withinBudget(metric('size', 'bytes', failed('no'), 1, { max: 5120 }))).toBe(false);
    expect(withinBudget(metric('time', 'ms', 12.5, 100))).toBeUndefined();
  });

  it('checks that ours is smaller than the peer measured in the same run', () => {
    const budget = { belowPeer: true, label: '< peer' };
    expect(withinBudget(metric('packages', 'packages', 4, 86, budget))).toBe(true);
    expect(withinBudget(metric('packages', 'packages', 86, 86, budget))).toBe(false);
    expect(withinBudget(metric('bytes', 'bytes', 4, failed('not installed'), budget))).toBe(false);
    const recorded = {
      value: 86,
      entry: { measuredAt: '2026-01-01T00:00:00.000Z', command: 'x', peerVersion: '1', node: 'v20' },
    };
    expect(withRecordedPeer(metric('packages', 'packages', 4, undefined, budget), recorded)).toMatchObject({
      peer: 86,
    });
    expect(
      withinBudget(withRecordedPeer(metric('packages', 'packages', 4, undefined, budget), recorded)),
    ).toBe(false);
  });

  it('checks a timing as a ratio to the peer measured in the same run', () => {
    const budget = { maxRatio: 3, label: '≤ 3 × peer' };
    expect(withinBudget(metric('time', 'ms', 90, 30, budget))).toBe(true);
    expect(withinBudget(metric('time', 'ms', 91, 30, budget))).toBe(false);
    expect(withinBudget(metric('time', 'ms', 10, failed('skipped: not root'), budget))).toBe(false);
    expect(withinBudget(metric('time', 'ms', failed('no answer'), 30, budget))).toBe(false);
    // A figure recorded on another day, maybe another machine, is no basis for a ratio.
    const recorded = {
      value: 30,
      entry: { measuredAt: '2026-01-01T00:00:00.000Z', command: 'x', peerVersion: '1', node: 'v20' },
    };
    expect(withinBudget(withRecordedPeer(metric('time', 'ms', 10, undefined, budget), recorded))).toBe(false);
  });

  it('turns a measure that throws into a failed row and still runs the others', async () => {
    const scenario = {
      name: 'demo',
      measures: {
        broken: () => {
          throw new Error('not built');
        },
        fine: () => [metric('requests', 'count', 1, 100, { equals: 1, label: '= 1' })],
      },
    };
    const result = await runScenario(scenario, {}, { log: () => {} });
    expect(result.metrics.map((row) => row.ok)).toEqual([false, true]);
    expect(formatFailures([result])).toEqual(['demo: broken (could not run): not built']);
  });
});

describe('a timing over budget', () => {
  // A scenario whose measure gives the figures of `runs`, one run after the other.
  const scenario = (runs) => {
    let run = 0;
    return {
      name: 'demo',
      measures: {
        all: () => {
          const { ms, bytes } = runs[Math.min(run++, runs.length - 1)];
          return [
            metric('getToken', 'ms', ms, 10, { maxRatio: 2, label: '≤ 2 × peer' }),
            metric('bundle', 'bytes', bytes, undefined, { max: 100, label: '≤ 100 B' }),
          ];
        },
      },
      runs: () => run,
    };
  };
  const quiet = { log: () => {} };

  it('is measured once more, and passes when the second run is within budget', async () => {
    const demo = scenario([
      { ms: 25, bytes: 90 },
      { ms: 15, bytes: 90 },
    ]);
    const result = await runScenarioConfirmed(demo, {}, quiet);
    expect(demo.runs()).toBe(2);
    expect(result.metrics[0]).toMatchObject({ ours: 15, ok: true, firstRun: { ours: 25, peer: 10 } });
    expect(formatTable([result]).split('\n')[2]).toMatch(/ok \(2nd run\)$/);
    expect(formatFirstRuns([result])).toEqual([
      'demo: getToken: the first run gave 25.0 ms (peer 10.0 ms), over budget; the table shows the second.',
    ]);
  });

  it('fails when it fails again', async () => {
    const demo = scenario([{ ms: 25, bytes: 90 }]);
    const result = await runScenarioConfirmed(demo, {}, quiet);
    expect(demo.runs()).toBe(2);
    expect(result.metrics[0]).toMatchObject({ ours: 25, ok: false });
  });

  it('is the only thing measured again: a size over budget fails at once, and a run within budget runs once', async () => {
    const oversized = scenario([
      { ms: 15, bytes: 120 },
      { ms: 15, bytes: 90 },
    ]);
    expect((await runScenarioConfirmed(oversized, {}, quiet)).metrics[1]).toMatchObject({ ok: false });
    expect(oversized.runs()).toBe(1);
    const fine = scenario([{ ms: 15, bytes: 90 }]);
    expect((await runScenarioConfirmed(fine, {}, quiet)).metrics.every((row) => row.ok)).toBe(true);
    expect(fine.runs()).toBe(1);
  });
});

describe('table', () => {
  it('shows values, "fails" for what could not be measured, budgets and verdicts', () => {
    const result = {
      name: 'client-secret',
      metrics: [
        {
          ...metric('bundle gzip, neutral', 'bytes', 4321, failed('node:fs'), {
            max: 5120,
            label: '≤ 5 KiB',
          }),
          ok: true,
        },
        { ...metric('cold import', 'ms', 3.25, 180), ok: undefined },
        { ...metric('share', 'share', 0.614, 0.004, { min: 0.25, label: '≥ 25%' }), ok: true },
      ],
    };
    const lines = formatTable([result]).split('\n');
    expect(lines[0]).toMatch(/^metric +\| @identity +\| @azure\/identity \| budget +\| ok$/);
    expect(lines[2]).toMatch(/client-secret: bundle gzip, neutral \| 4,321 B +\| fails +\| ≤ 5 KiB \| ok/);
    expect(lines[3]).toMatch(/client-secret: cold import +\| 3\.3 ms +\| 180\.0 ms/);
    expect(lines[4]).toMatch(/client-secret: share +\| 61% +\| 0% +\| ≥ 25% +\| ok/);
  });

  it('shows when a recorded peer figure was measured, with what, and warns when the peer changed since', () => {
    const entry = {
      measuredAt: '2026-12-01T10:00:00.000Z',
      command: 'node tooling/bench/bench.mjs --only default-chain --peer-slow',
      peerVersion: '4.14.1',
      node: 'v20.20.2',
    };
    const result = (installed) => ({
      name: 'default-chain',
      peer: '@azure/identity',
      versions: { peer: installed },
      metrics: [withRecordedPeer(metric('hung IMDS', 'ms', 1030, undefined), { value: 60000, entry })],
    });
    expect(formatTable([result('4.14.1')]).split('\n')[2]).toMatch(
      /default-chain: hung IMDS \| 1030\.0 ms \| 60000\.0 ms \(2026-12-01\)/,
    );
    expect(formatRecorded([result('4.14.1')])).toEqual([
      'default-chain: hung IMDS: peer figure recorded 2026-12-01T10:00:00.000Z (@azure/identity 4.14.1, Node v20.20.2) by `node tooling/bench/bench.mjs --only default-chain --peer-slow`.',
    ]);
    expect(formatRecorded([result('4.15.0')])[0]).toMatch(
      /NOTE: @azure\/identity 4\.15\.0 is installed now; re-measure with --peer-slow\.$/,
    );
  });

  it('takes the median of an odd and an even number of runs', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('install footprint', () => {
  it('counts scoped and nested packages and their bytes, but not npm bookkeeping', () => {
    const root = tree({
      'node_modules/a/package.json': '12345',
      'node_modules/@s/b/package.json': '123',
      'node_modules/@s/b/node_modules/c/package.json': '12',
      'node_modules/.package-lock.json': 'x'.repeat(1000),
    });
    mkdirSync(join(root, 'node_modules', '.bin'));
    symlinkSync('../a/package.json', join(root, 'node_modules', '.bin', 'a'));
    expect(footprint(root)).toEqual({ packages: 3, bytes: 10 });
  });

  it("counts a package's production closure once per package: dependencies, optional ones for this platform", () => {
    const json = (value) => JSON.stringify(value);
    const root = tree({
      // A workspace package: what npm would publish (its files, package.json, README), not its sources.
      'packages/app/package.json': json({
        name: 'app',
        files: ['dist'],
        dependencies: { lib: '1', shared: '1' },
        optionalDependencies: { 'native-here': '1', 'native-elsewhere': '1', 'not-installed': '1' },
        devDependencies: { 'dev-only': '1' },
      }),
      'packages/app/README.md': '1234',
      'packages/app/dist/index.js': '12345678',
      'packages/app/src/index.ts': 'x'.repeat(1000),
      'packages/app/node_modules/lib/package.json': json({ name: 'lib', dependencies: { shared: '1' } }),
      'packages/app/node_modules/lib/index.js': '123',
      'packages/app/node_modules/lib/node_modules/deep/package.json': json({ name: 'deep' }),
      'packages/app/node_modules/shared/package.json': json({ name: 'shared' }),
      'packages/app/node_modules/native-here/package.json': json({
        name: 'native-here',
        os: [process.platform],
      }),
      'packages/app/node_modules/native-elsewhere/package.json': json({
        name: 'native-elsewhere',
        os: ['!' + process.platform],
      }),
      'packages/app/node_modules/dev-only/package.json': json({ name: 'dev-only' }),
    });
    const closure = dependencyClosure(join(root, 'packages', 'app'), { workspaceDir: root });
    expect(closure.members.map(({ name }) => name)).toEqual(['app', 'lib', 'shared', 'native-here']);
    expect(closure.packages).toBe(4);
    const size = (path) => readFileSync(join(root, 'packages', 'app', path)).length;
    expect(closure.bytes).toBe(
      size('package.json') +
        size('README.md') +
        size('dist/index.js') +
        size('node_modules/lib/package.json') +
        size('node_modules/lib/index.js') +
        size('node_modules/shared/package.json') +
        size('node_modules/native-here/package.json'),
    );
  });

  it('fails when a required dependency is not installed, and reads os, cpu and libc as npm does', () => {
    const root = tree({ 'app/package.json': JSON.stringify({ name: 'app', dependencies: { gone: '1' } }) });
    expect(() => dependencyClosure(join(root, 'app'), { workspaceDir: root })).toThrow(
      /gone is not installed/,
    );
    const linux = { os: 'linux', cpu: 'x64', libc: 'glibc' };
    expect(appliesHere({ os: ['linux'], cpu: ['x64'], libc: ['glibc'] }, linux)).toBe(true);
    expect(appliesHere({ libc: ['musl'] }, linux)).toBe(false);
    expect(appliesHere({ cpu: ['!x64'] }, linux)).toBe(false);
    expect(appliesHere({ os: ['darwin', 'win32'] }, linux)).toBe(false);
  });

  it('packs a credential with the workspace packages it depends on', () => {
    const names = workspaceClosure('@identity/client-secret').map((path) => path.split(/[\\/]/).at(-1));
    expect(names).toEqual(['client-secret', 'core']);
  });
});

describe('bundle size', () => {
  it('gzips a bundle, and fails for neutral when the code needs Node built-ins', async () => {
    const root = tree({
      'node_modules/lib/package.json': '{"name":"lib","type":"module","exports":"./index.js"}',
      'node_modules/lib/index.js':
        "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'node_modules/small/package.json': '{"name":"small","type":"module","exports":"./index.js"}',
      'node_modules/small/index.js': 'export const answer = () => 42;\n',
    });
    const app = (name) => `import * as lib from '${name}';\nconsole.log(lib);\n`;
    expect(await bundleBytes(app('small'), { platform: 'neutral', resolveDir: root })).toBeGreaterThan(20);
    expect(await bundleBytes(app('lib'), { platform: 'node', resolveDir: root })).toBeGreaterThan(20);
    await expect(bundleBytes(app('lib'), { platform: 'neutral', resolveDir: root })).rejects.toThrow(
      /node:fs/,
    );
  });

  describe('for Node, split', () => {
    // `lib` uses `shared` at start; only its lazy module uses `rare`, which esbuild still puts in the chunk both
    // import, as `rare` sits in a module the entry reaches.
    const root = () =>
      tree({
        'node_modules/lib/package.json':
          '{"name":"lib","type":"module","sideEffects":false,"exports":{".":"./index.js","./lazy.js":"./lazy.js"}}',
        'node_modules/lib/shared.js': `export const shared = () => '${'shared text '.repeat(20)}';\nexport const rare = () => '${'rare feature '.repeat(40)}';\n`,
        'node_modules/lib/lazy.js': "import { rare } from 'lib';\nexport const later = () => rare();\n",
        'node_modules/lib/index.js': "export { rare, shared } from './shared.js';\n",
      });
    const app =
      "import { shared } from 'lib';\nconsole.log(shared(), (await import('lib/lazy.js')).later());\n";

    it('what loads at start leaves every import() out, with the code only it uses', async () => {
      const options = { platform: 'node', resolveDir: root() };
      const startup = await bundleCode(app, { ...options, startup: true });
      expect(startup).toContain('shared text');
      expect(startup).not.toContain('rare feature');
      expect(startup).toMatch(/import\(["']lib\/lazy\.js["']\)/);
      expect(await startupBytes(app, options)).toBeLessThan(await bundleBytes(app, options));
    });

    it("esbuild's chunks: the entry, the chunks it imports statically, and the lazy ones", async () => {
      const files = await bundleChunks(app, { platform: 'node', resolveDir: root() });
      expect(files[0]).toMatchObject({ name: 'app.js', startup: true });
      expect(
        files
          .filter((file) => file.startup)
          .map((file) => file.text)
          .join(''),
      ).toContain('shared text');
      const lazy = files.filter((file) => !file.startup);
      expect(lazy).toHaveLength(1);
      expect(lazy[0]?.text).toContain('later');
    });
  });
});

describe('recorded peer figures', () => {
  const options = { peerVersion: '4.14.1', command: 'node tooling/bench/bench.mjs --only demo' };

  it('measures and records a figure with --peer-slow, keeping the others', async () => {
    const file = join(
      tree({ 'figures.json': JSON.stringify({ about: 'x', figures: { other: { value: 1 } } }) }),
      'figures.json',
    );
    const recorded = await recordedPeerFigures({ file, remeasure: true })(
      'demo: hung',
      async () => 60000,
      options,
    );
    expect(recorded.value).toBe(60000);
    const { figures } = JSON.parse(readFileSync(file, 'utf8'));
    expect(figures.other).toEqual({ value: 1 });
    expect(figures['demo: hung']).toMatchObject({
      value: 60000,
      command: 'node tooling/bench/bench.mjs --only demo --peer-slow',
      peerVersion: '4.14.1',
      node: process.version,
    });
    expect(Number.isNaN(Date.parse(figures['demo: hung'].measuredAt))).toBe(false);
  });

  it('records a failure as it is (a peer that never answers)', async () => {
    const file = join(tree({}), 'figures.json');
    const measure = async () => {
      throw new Error('no answer within 60 s (stopped)');
    };
    await recordedPeerFigures({ file, remeasure: true })('demo: hung', measure, options);
    const read = await recordedPeerFigures({ file, remeasure: false })('demo: hung', measure, options);
    expect(read.value).toEqual(failed('no answer within 60 s (stopped)'));
  });

  it('reads the figure without measuring on every other run, and says how to record a missing one', async () => {
    const file = join(tree({}), 'figures.json');
    let measured = 0;
    const measure = async () => ++measured;
    await recordedPeerFigures({ file, remeasure: true })('demo: hung', measure, options);
    const reader = recordedPeerFigures({ file, remeasure: false });
    expect((await reader('demo: hung', measure, options)).value).toBe(1);
    expect(measured).toBe(1);
    const missing = await reader('demo: refused', measure, options);
    expect(isFailed(missing.value)).toBe(true);
    expect(missing.value.error).toBe(
      'not recorded yet: run node tooling/bench/bench.mjs --only demo --peer-slow',
    );
    expect(measured).toBe(1);
  });
});
