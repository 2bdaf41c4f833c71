// What an app that uses one credential ships: bundled and minified by esbuild, then gzip -9.
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
  const result = await build({
    stdin: { contents: code, resolveDir, sourcefile: 'app.mjs', loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
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
  return result.outputFiles[0].text;
}

/** Gzipped bytes of `code` bundled for `platform`, resolving imports from `resolveDir`; throws if it fails. */
export async function bundleBytes(code, options) {
  return gzipSync(await bundleCode(code, options), { level: 9 }).length;
}
