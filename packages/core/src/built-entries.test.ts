// The built package as Node loads it: the build puts the code its entries share in one file (dist/shared.js, see
// tooling/tsup.preset.mjs), rewriting each entry's imports of it. Each built entry must still export exactly what its
// source does (no name dropped, no internal leaked through a re-export of the shared file), in both module formats,
// and every entry must reach the same copy of each class.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

// Each entry: its source, its ES module build, its CommonJS build.
const ENTRIES = {
  index: [() => import('./index.js'), () => import('../dist/index.js'), () => require('../dist/index.cjs')],
  internal: [
    () => import('./internal.js'),
    () => import('../dist/internal.js'),
    () => require('../dist/internal.cjs'),
  ],
  'internal.node': [
    () => import('./internal.node.js'),
    () => import('../dist/internal.node.js'),
    () => require('../dist/internal.node.cjs'),
  ],
  node: [() => import('./node.js'), () => import('../dist/node.js'), () => require('../dist/node.cjs')],
  'node-process': [
    () => import('./node-process.js'),
    () => import('../dist/node-process.js'),
    () => require('../dist/node-process.cjs'),
  ],
} as const;

const names = (module: object) => Object.keys(module).sort();

describe('the built entries', () => {
  it.each(Object.entries(ENTRIES))(
    'dist/%s exports what its source exports, as ESM and as CommonJS',
    async (_, [source, esm, cjs]) => {
      const expected = names(await source());
      expect(expected.length).toBeGreaterThan(0);
      expect(names(await esm())).toEqual(expected);
      expect(names(cjs()).filter((name) => name !== '__esModule')).toEqual(expected);
    },
  );

  it('lists every entry the build has', () => {
    const config = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    const built = [...config.matchAll(/'src\/([\w.-]+)\.ts'/g)].map(([, entry]) => entry);
    expect(new Set(built)).toEqual(new Set(Object.keys(ENTRIES)));
  });

  it('reaches one copy of each class from every entry', async () => {
    const [index, internal] = await Promise.all([ENTRIES.index[1](), ENTRIES['internal.node'][1]()]);
    // Code of the internal entry throws the public entry's classes, so an app's `instanceof` holds.
    expect(() => internal.validateTenantId('SomeCredential', 'not a tenant!')).toThrow(
      index.InvalidArgumentError,
    );
    const { TokenCache } = index;
    expect(internal.defaultTokenCache({})).toBeInstanceOf(TokenCache);
  });
});
