// The one build preset every package uses: ESM and CommonJS with declarations for both.
import { readFileSync } from 'node:fs';

/**
 * @param {{ entry?: string[] | Record<string, string> }} [overrides] extra entry points (bins, subpaths)
 * @returns {import('tsup').Options}
 */
export function libraryConfig(overrides = {}) {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  return {
    entry: overrides.entry ?? ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'es2022',
    platform: 'node',
    splitting: true,
    treeshake: true,
    sourcemap: false,
    define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
  };
}
