// The parts of the bench that decide pass or fail: budgets, the table, the footprint count, bundling.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { failed, formatFailures, formatTable, metric, runScenario, withinBudget } from './harness.mjs';
import { bundleBytes } from './measure/bundle.mjs';
import { median } from './measure/cold-import.mjs';
import { footprint } from './measure/footprint.mjs';
import { workspaceClosure } from './measure/install.mjs';

let dir;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function tree(files) {
  dir = mkdtempSync(join(tmpdir(), 'bench-'));
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
});
