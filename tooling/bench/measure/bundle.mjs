// What an app that uses one credential ships: bundled and minified by esbuild, then gzip -9. In one file, where
// every `import()` is inlined, so it holds every feature; or, for Node, what loads at start, where each `import()`
// stays a lazy chunk of its own; or split into chunks as esbuild emits them, for tests that deploy them.
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const PLATFORMS = ['node', 'browser', 'neutral'];

// `neutral` is the edge/worker case: no platform defaults, ESM fields first, only import/require/default.
const PLATFORM_OPTIONS = {
  node: {},
  browser: { define: { 'process.env.NODE_ENV': '"production"' } },
  neutral: { mainFields: ['module', 'main'], conditions: [] },
};

// Leaves every `import()` out of the bundle, as an import of a chunk of its own: what remains is what loads at start.
const LAZY_CHUNKS_LEFT_OUT = {
  name: 'lazy-chunks-left-out',
  setup(build) {
    build.onResolve({ filter: /.*/ }, ({ kind, path }) =>
      kind === 'dynamic-import' ? { path, external: true } : undefined,
    );
  },
};

/**
 * The minified one-file bundle of `code` for `platform`, resolving imports from `resolveDir`; throws if it
 * fails. `format` is `esm` (the default) or `cjs`; `conditions` replaces the platform's export conditions
 * (`['workerd', 'worker', 'browser']` is how wrangler bundles a worker). `startup` leaves every `import()` out
 * (see {@link startupBytes}); `external` lists packages left out, as an app that deploys them beside its bundle
 * leaves them (a native binding cannot be inside it); `warnings`, if given, receives esbuild's warnings. The bench measures it, and the packages' bundle tests read
 * and run it, so both see the same build.
 */
export async function bundleCode(
  code,
  { platform, resolveDir, format = 'esm', conditions, startup = false, external, warnings },
) {
  const [file] = await buildBundle(code, {
    platform,
    resolveDir,
    format,
    conditions,
    external,
    warnings,
    plugins: startup ? [LAZY_CHUNKS_LEFT_OUT] : [],
  });
  return file.text;
}

/**
 * The minified ESM bundle of `code` for `platform` with esbuild's code splitting, as `{ name, text, startup }` per
 * file: the entry file (`app.js`) first, `startup` true for it and every chunk it imports statically (what
 * loads when the app starts), false for the chunks only a dynamic `import()` reaches. Throws if the build fails.
 * (esbuild assigns whole modules to chunks, so a module the entry reaches carries to start the code only a lazy
 * chunk uses; {@link startupBytes} measures what the app needs at start instead.)
 */
export async function bundleChunks(code, { platform, resolveDir, conditions }) {
  // The folder only names the files: nothing is written.
  const outdir = join(tmpdir(), 'bench-chunks');
  const files = await buildBundle(code, { platform, resolveDir, format: 'esm', conditions, outdir });
  const byName = new Map(files.map((file) => [file.name, file]));
  // The entry, then whatever a file that loads at start imports statically (a Set iterates what is added).
  const startup = new Set(['app.js']);
  for (const name of startup) {
    for (const imported of byName.get(name)?.imports ?? []) startup.add(imported);
  }
  return files
    .map(({ name, text }) => ({ name, text, startup: startup.has(name) }))
    .sort((a, b) => Number(b.name === 'app.js') - Number(a.name === 'app.js'));
}

// One build: one file, or with `outdir` split into chunks, each with the chunks it imports statically.
async function buildBundle(
  code,
  { platform, resolveDir, format, conditions, outdir, plugins = [], external = [], warnings },
) {
  const result = await build({
    stdin: { contents: code, resolveDir, sourcefile: 'app.mjs', loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    metafile: Boolean(outdir),
    ...(outdir ? { splitting: true, outdir, entryNames: 'app' } : {}),
    plugins,
    external,
    format,
    target: 'es2022',
    platform,
    logLevel: 'silent',
    ...PLATFORM_OPTIONS[platform],
    ...(conditions ? { conditions } : {}),
  }).catch((error) => {
    const first = error.errors?.[0];
    throw new Error(
      first ? `${first.text}${first.location ? ` (${first.location.file})` : ''}` : error.message,
    );
  });
  warnings?.push(
    ...result.warnings.map(
      (warning) => `${warning.text}${warning.location ? ` (${warning.location.file})` : ''}`,
    ),
  );
  if (!outdir) return [{ name: 'app.js', text: result.outputFiles[0].text, imports: [] }];
  const outputs = Object.entries(result.metafile.outputs);
  return result.outputFiles
    .filter((file) => file.path.endsWith('.js'))
    .map((file) => {
      const [, meta] = outputs.find(([path]) => basename(path) === basename(file.path));
      const imports = meta.imports.filter((entry) => entry.kind === 'import-statement' && !entry.external);
      return {
        name: basename(file.path),
        text: file.text,
        imports: imports.map((entry) => basename(entry.path)),
      };
    });
}

const gzipBytes = (text) => gzipSync(text, { level: 9 }).length;

/** Gzipped bytes of `code` bundled for `platform`, resolving imports from `resolveDir`; throws if it fails. */
export async function bundleBytes(code, options) {
  return gzipBytes(await bundleCode(code, options));
}

/**
 * Gzipped bytes of what `code` loads at start, bundled for `platform`: the one-file bundle with every `import()`
 * left out as a chunk of its own, so it holds exactly the code the app runs before any lazy chunk loads. That is
 * the entry chunk of a bundler that assigns code to chunks by what uses it (rollup, webpack); throws if the build
 * fails.
 */
export async function startupBytes(code, options) {
  return gzipBytes(await bundleCode(code, { ...options, startup: true }));
}
