// What an app that uses one credential ships: bundled and minified by esbuild, then gzip -9. In one file (every
// feature inlined), or, for Node, split as bundlers that split code emit it: an entry chunk, the chunks it imports
// statically, and lazy chunks for the code that loads only when a feature is used.
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

/**
 * The minified one-file bundle of `code` for `platform`, resolving imports from `resolveDir`; throws if it
 * fails. `format` is `esm` (the default) or `cjs`; `conditions` replaces the platform's export conditions
 * (`['workerd', 'worker', 'browser']` is how wrangler bundles a worker). The bench measures it, and the
 * packages' bundle tests read and run it, so both see the same build.
 */
export async function bundleCode(code, { platform, resolveDir, format = 'esm', conditions }) {
  const [file] = await buildBundle(code, { platform, resolveDir, format, conditions });
  return file.text;
}

/**
 * The minified ESM bundle of `code` for `platform` with code splitting, as `{ name, text, startup }` per file:
 * the entry file (`app.js`) first, `startup` true for it and every chunk it imports statically (what loads when
 * the app starts), false for the chunks only a dynamic `import()` reaches. Throws if the build fails.
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

// One build; with `outdir`, split into chunks, each with the chunks it imports statically.
async function buildBundle(code, { platform, resolveDir, format, conditions, outdir }) {
  const result = await build({
    stdin: { contents: code, resolveDir, sourcefile: 'app.mjs', loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    metafile: Boolean(outdir),
    ...(outdir ? { splitting: true, outdir, entryNames: 'app' } : {}),
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
 * Gzipped bytes of files (chunks of a split bundle) as one gzip stream, like a one-file bundle: the code they hold,
 * not how a bundler cut it into files.
 */
export function gzipChunks(files) {
  return gzipBytes(files.map((file) => file.text).join('\n'));
}

/**
 * Gzipped bytes (see {@link gzipChunks}) of what `code` loads at start when bundled with code splitting for
 * `platform`, the entry chunk and the chunks it imports statically, and of every chunk (what every feature loads);
 * throws if the build fails.
 */
export async function splitBundleBytes(code, options) {
  const files = await bundleChunks(code, options);
  return { startup: gzipChunks(files.filter((file) => file.startup)), all: gzipChunks(files) };
}
