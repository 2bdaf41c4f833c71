// The one build preset every package uses: ESM and CommonJS with declarations for both.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

// An entry named `*.edge.ts` (the edge and browser entry of @identity/default) is built on its own, with the
// build-time constant `__NODE_BUILD__` false instead of true, so code written `__NODE_BUILD__ && ...` (a member
// that needs Node.js, with the package it imports) is not in it at all. Its declarations come from the main build.
const isEdgeEntry = (path) => path.endsWith('.edge.ts');

// With code splitting, esbuild also imports a chunk bare (`import './chunk-X.js';`) to keep evaluation order, even
// where another import of the same file already reaches that chunk. Our packages declare `sideEffects: false`, so an
// app's bundler drops the bare import and warns about it ("Ignoring this import because ... was marked as having no
// side effects"): every app that bundled managed identity or a certificate credential saw such warnings. The bare
// imports that another import of the file reaches anyway (directly or through other chunks) are removed; the order
// is unchanged, since the chunk is still evaluated before the import that reaches it. One that nothing else reaches
// is kept.
function redundantChunkImports() {
  /** Each ESM output file (absolute path) and the files it imports statically, from esbuild's metafile. */
  const imports = new Map();
  const record = {
    name: 'record-chunk-imports',
    setup(build) {
      build.onEnd((result) => {
        for (const [path, output] of Object.entries(result.metafile?.outputs ?? {})) {
          const statics = output.imports.filter(
            (entry) => entry.kind === 'import-statement' && !entry.external,
          );
          imports.set(
            resolve(path),
            statics.map((entry) => resolve(entry.path)),
          );
        }
      });
    },
  };
  const reached = (from, seen = new Set()) => {
    for (const next of imports.get(from) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      reached(next, seen);
    }
    return seen;
  };
  const drop = {
    name: 'drop-redundant-chunk-imports',
    renderChunk(code, chunk) {
      if (this.format !== 'esm') return undefined;
      const path = resolve(chunk.path);
      const bare = /^import ["']\.\/(chunk-[\w-]+\.js)["'];\n/gm;
      const bareNames = new Set([...code.matchAll(bare)].map(([, name]) => name));
      const others = (imports.get(path) ?? []).filter((target) => !bareNames.has(basename(target)));
      const viaOthers = new Set(others.flatMap((target) => [target, ...reached(target)]));
      const kept = code.replace(bare, (line, name) => (viaOthers.has(resolve(path, '..', name)) ? '' : line));
      return kept === code ? undefined : { code: kept };
    },
  };
  return { record, drop };
}

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
  const chunkImports = redundantChunkImports();
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
    esbuildPlugins: [chunkImports.record],
    plugins: [chunkImports.drop],
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
