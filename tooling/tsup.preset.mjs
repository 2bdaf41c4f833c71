// The one build preset every package uses: ESM and CommonJS with declarations for both.
import { readFileSync } from 'node:fs';

// An entry named `*.edge.ts` (the edge and browser entry of @identity/default) is built on its own, with the
// build-time constant `__NODE_BUILD__` false instead of true, so code written `__NODE_BUILD__ && ...` (a member
// that needs Node.js, with the package it imports) is not in it at all. Its declarations come from the main build.
const isEdgeEntry = (path) => path.endsWith('.edge.ts');

/**
 * @param {{ entry?: string[] | Record<string, string> }} [overrides] extra entry points (bins, subpaths)
 * @returns {import('tsup').Options | import('tsup').Options[]}
 */
export function libraryConfig(overrides = {}) {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const entry = overrides.entry ?? ['src/index.ts'];
  const define = (nodeBuild) => ({
    __PACKAGE_VERSION__: JSON.stringify(pkg.version),
    __NODE_BUILD__: String(nodeBuild),
  });
  const base = {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'es2022',
    platform: 'node',
    splitting: true,
    treeshake: true,
    sourcemap: false,
    define: define(true),
  };
  const pick = (edge) =>
    Array.isArray(entry)
      ? entry.filter((path) => isEdgeEntry(path) === edge)
      : Object.fromEntries(Object.entries(entry).filter(([, path]) => isEdgeEntry(path) === edge));
  const edgeEntry = pick(true);
  if (Object.keys(edgeEntry).length === 0) return base;
  // Two builds at once into one folder: each cleans only what it writes. The edge build writes one file per
  // format (no shared chunks) and no declarations.
  return [
    { ...base, entry: pick(false), dts: { entry }, clean: ['!**/*.edge.{js,cjs}'] },
    { ...base, entry: edgeEntry, dts: false, clean: false, splitting: false, define: define(false) },
  ];
}
