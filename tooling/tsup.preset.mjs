// The one build preset every package uses: ESM and CommonJS with declarations for both.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { build as esbuild } from 'esbuild';

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

// Node's ES module loader pays for each file it loads (resolve, read, compile, link), and esbuild's code splitting
// makes one chunk per distinct set of entries reaching a module: with portable and Node-only entries, and lazily
// imported modules, a package's shared code ends up in many small chunks, all loaded at import. With `shared`, the
// modules that the `shared` entries reach are built once, without splitting, into `dist/shared.js` (and
// `shared.cjs`), and every entry and chunk imports them from there: each class and singleton still has one copy,
// and an entry costs Node one file of its own plus that one. The names of those modules' exports must then be
// unique across them (the build fails otherwise).
const SHARED = 'shared';

/**
 * The modules that `entries` reach, each with its value exports (absolute path: names), and the entries' own
 * exports (which are those modules' exports), in `entries` order.
 */
async function sharedModules(entries, define) {
  const common = {
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    define,
  };
  const reached = await esbuild({
    ...common,
    entryPoints: entries,
    bundle: true,
    outdir: 'shared-modules',
    logLevel: 'silent',
  });
  const modules = Object.keys(reached.metafile.inputs)
    .map((path) => resolve(path))
    .filter((path) => !path.includes('node_modules'));
  // Each module alone, bundled with what it imports, so that its `export *` are counted.
  const each = await esbuild({
    ...common,
    entryPoints: modules,
    bundle: true,
    outdir: 'shared-modules',
    outbase: '.',
    logLevel: 'silent',
  });
  const exports = new Map();
  for (const output of Object.values(each.metafile.outputs)) {
    if (output.entryPoint) exports.set(resolve(output.entryPoint), output.exports);
  }
  return new Map(modules.map((path) => [path, exports.get(path) ?? []]));
}

/**
 * Writes the entry of `dist/shared.js` (every value export of the modules, by name; not the entries', which
 * re-export them) and returns its path.
 */
function writeSharedEntry(modules, entries) {
  const entryPaths = new Set(entries.map((path) => resolve(path)));
  const owner = new Map();
  const lines = [];
  for (const [path, exports] of modules) {
    if (entryPaths.has(path)) continue;
    const own = exports.filter((name) => owner.get(name) === undefined);
    for (const name of exports) {
      if (name === 'default')
        throw new Error(`shared build: ${path} has a default export, which ${SHARED}.js cannot name`);
      if (!own.includes(name) && !modules.get(owner.get(name))?.includes(name)) {
        throw new Error(`shared build: ${name} is exported by ${owner.get(name)} and ${path}: rename one`);
      }
      owner.set(name, owner.get(name) ?? path);
    }
    if (own.length) lines.push(`export { ${own.join(', ')} } from ${JSON.stringify(path)};`);
  }
  const dir = resolve('node_modules/.cache/identity-shared');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${SHARED}.ts`);
  writeFileSync(
    file,
    `// Generated by the build (tsup.preset.mjs): what dist/${SHARED} holds.\n${lines.join('\n')}\n`,
  );
  return file;
}

/**
 * An import of one of `modules` (or of a `shared` entry) becomes an import of the built shared file (external), where
 * each of their exports has its own name: the entries and chunks hold no copy of them. An `export *` of one exports
 * only that module's names (written out, but for those its file exports itself), not the whole shared file.
 */
function importShared(modules) {
  return {
    name: 'import-shared',
    setup(build) {
      const shared = `./${SHARED}${build.initialOptions.outExtension?.['.js'] ?? '.js'}`;
      const resolveShared = async (path, importer, resolveDir) => {
        const found = await build.resolve(path, {
          kind: 'import-statement',
          importer,
          resolveDir,
          pluginData: SHARED,
        });
        return modules.has(found.path) ? found.path : undefined;
      };
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData === SHARED || args.kind === 'entry-point') return undefined;
        const path = await resolveShared(args.path, args.importer, args.resolveDir);
        return path ? { path: shared, external: true } : undefined;
      });
      build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        // Either quote, any spacing: a form this missed would re-export the whole shared file.
        const stars = [...source.matchAll(/^export\s*\*\s*from\s*['"]([^'"]+)['"][ \t]*;?[ \t]*$/gm)];
        if (stars.length === 0) return undefined;
        const own = new Set(
          [...source.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap(([, names]) =>
            names.split(',').map((name) =>
              name
                .trim()
                .split(/\s+as\s+/)
                .at(-1),
            ),
          ),
        );
        let contents = source;
        for (const [line, specifier] of stars) {
          const target = await resolveShared(specifier, path, dirname(path));
          if (!target) continue;
          const names = modules.get(target).filter((name) => !own.has(name));
          contents = contents.replace(line, `export { ${names.join(', ')} } from '${specifier}';`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * @param {{ entry?: string[] | Record<string, string>, shared?: string[] }} [overrides] extra entry points (bins,
 *   subpaths); `shared`: the entries whose modules are built once into `dist/shared.js` (see SHARED above)
 * @returns {import('tsup').Options | import('tsup').Options[] | (() => Promise<import('tsup').Options[]>)}
 */
export function libraryConfig(overrides = {}) {
  // tsup awaits a config function: the shared modules are found by a build of their own first.
  if (overrides.shared) return () => sharedLibraryConfig(overrides);
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

async function sharedLibraryConfig({ shared, ...overrides }) {
  const options = libraryConfig(overrides);
  if (Array.isArray(options)) throw new Error('shared build: not with an edge entry');
  const modules = await sharedModules(shared, options.define);
  const entry = writeSharedEntry(modules, shared);
  return [
    {
      ...options,
      dts: { entry: options.entry },
      clean: [`!${SHARED}.{js,cjs}`],
      esbuildPlugins: [...options.esbuildPlugins, importShared(modules)],
    },
    {
      ...options,
      entry: { [SHARED]: relative(process.cwd(), entry) },
      dts: false,
      clean: false,
      splitting: false,
    },
  ];
}
