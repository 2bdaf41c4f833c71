// The bundlers of the matrix, each as its users run it, building an app of bundler-apps.ts into the files they
// would deploy. Every build works in a folder of its own under `.build/` (git-ignored) inside this package, so that
// the apps' imports resolve from this package's node_modules, as they would from an app's; the folder is removed
// once the files are read.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCode } from '@identity/tooling/test-bundle';
import { type AppFile, bundledAppEntry } from '@identity/tooling/test-bundled-app';
import { runProcess } from '@identity/tooling/test-child-process';
import TerserPlugin from 'terser-webpack-plugin';
import { build as viteBuild } from 'vite';
import webpack from 'webpack';

/** This package's folder: where the apps' imports resolve from. */
export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

export type NodeBundler = 'esbuild' | 'webpack';
export type NodeFormat = 'esm' | 'cjs';

/**
 * The files a Node app deploys, as `bundler` builds `source` (an app with `main(input)`, see
 * {@link bundledAppEntry}) for Node in `format`: `app.js` and whatever chunks the bundler splits off.
 *
 * @example
 * ```ts
 * const files = await buildNodeApp('webpack', 'cjs', NODE_APPS.clientSecret);
 * await runAppFiles(files, { format: 'cjs', input });
 * ```
 */
export async function buildNodeApp(
  bundler: NodeBundler,
  format: NodeFormat,
  source: string,
): Promise<AppFile[]> {
  const entry = bundledAppEntry(source);
  if (bundler === 'esbuild') {
    // The bench's own build: the one-file bundle whose size the budgets hold.
    return [
      {
        name: 'app.js',
        text: await bundleCode(entry, { platform: 'node', resolveDir: PACKAGE_DIR, format }),
      },
    ];
  }
  return withBuildFolder('webpack', async (dir) => {
    writeFileSync(join(dir, 'app.mjs'), entry);
    await runWebpack(webpackConfig(dir, format));
    return readFiles(join(dir, 'out'));
  });
}

// webpack 5 for Node as its docs configure it: production mode, a Node target, and for ESM the module output
// (still behind `experiments.outputModule`). Dynamic imports become chunks beside app.js. Minified by webpack's own
// TerserPlugin with the esbuild minify function it ships for that: names are mangled as terser mangles them, in a
// quarter of terser's time (which would make webpack most of this suite's added minutes).
function webpackConfig(dir: string, format: NodeFormat): webpack.Configuration {
  const esm = format === 'esm';
  return {
    mode: 'production',
    target: 'node20',
    context: dir,
    entry: './app.mjs',
    devtool: false,
    performance: { hints: false },
    optimization: { minimizer: [new TerserPlugin({ minify: TerserPlugin.esbuildMinify })] },
    output: {
      path: join(dir, 'out'),
      filename: 'app.js',
      chunkFilename: '[name].[contenthash].js',
      ...(esm
        ? { module: true, chunkFormat: 'module', chunkLoading: 'import' }
        : { chunkFormat: 'commonjs' }),
    },
    experiments: esm ? { outputModule: true } : {},
    infrastructureLogging: { level: 'error' },
  };
}

function runWebpack(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (!stats || stats.hasErrors()) {
        const errors = stats?.toJson({ all: false, errors: true }).errors ?? [];
        return reject(new Error(`webpack failed:\n${errors.map((e) => e.message).join('\n')}`));
      }
      resolve();
    });
  });
}

/**
 * Runs `work` in a fresh folder under this package's `.build/` and removes the folder afterwards.
 *
 * @example
 * ```ts
 * const files = await withBuildFolder('vite', async (dir) => { ...; return readFiles(join(dir, 'dist')); });
 * ```
 */
export async function withBuildFolder<T>(name: string, work: (dir: string) => Promise<T>): Promise<T> {
  const parent = join(PACKAGE_DIR, '.build');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `${name}-`));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every file under `dir`, by its path relative to `dir`.
 *
 * @example
 * ```ts
 * readFiles(outDir); // [{ name: 'app.js', text }, { name: '123.js', text }]
 * ```
 */
export function readFiles(dir: string): AppFile[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { name: relative(dir, path), text: readFileSync(path, 'utf8') };
    });
}

/**
 * The files of a multi-page browser app as `vite build` makes them (production, its default browser targets):
 * `<page>.html` per entry of `pages` (page name → module source) and the assets the pages load.
 *
 * @example
 * ```ts
 * const files = await buildBrowserAppWithVite({ 'client-secret': BROWSER_APPS['client secret'] });
 * // [{ name: 'client-secret.html', ... }, { name: 'assets/client-secret-x1y2.js', ... }]
 * ```
 */
export async function buildBrowserAppWithVite(pages: Record<string, string>): Promise<AppFile[]> {
  return withBuildFolder('vite', async (dir) => {
    const input: Record<string, string> = {};
    for (const [page, source] of Object.entries(pages)) {
      writeFileSync(join(dir, `${page}.js`), source);
      writeFileSync(
        join(dir, `${page}.html`),
        `<!DOCTYPE html><html><head><script type="module" src="./${page}.js"></script></head><body></body></html>`,
      );
      input[page] = join(dir, `${page}.html`);
    }
    await viteBuild({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: join(dir, 'dist'), emptyOutDir: true, rolldownOptions: { input } },
    });
    return readFiles(join(dir, 'dist'));
  });
}

const wranglerBin = join(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin',
  'wrangler.js',
);

/**
 * The worker module `wrangler deploy --dry-run --outdir` writes for `source` (a module worker), as it would
 * upload it: bundled by wrangler itself, offline, with no account and no login.
 *
 * @example
 * ```ts
 * await fetchFromWorker({ contents: await buildWorkerWithWrangler(WORKER_APP), ... });
 * ```
 */
export async function buildWorkerWithWrangler(source: string): Promise<string> {
  return withBuildFolder('wrangler', async (dir) => {
    writeFileSync(join(dir, 'worker.mjs'), source);
    writeFileSync(
      join(dir, 'wrangler.json'),
      JSON.stringify({
        name: 'identity-bundler-matrix',
        main: 'worker.mjs',
        compatibility_date: '2026-04-01',
      }),
    );
    await runProcess(process.execPath, [wranglerBin, 'deploy', '--dry-run', '--outdir', 'out'], {
      cwd: dir,
      // Nothing of the developer's: no account, no token, no metrics, and its own home for wrangler's files. No
      // banner either, and so no update check: the dry run asks nothing of the network.
      env: {
        WRANGLER_HIDE_BANNER: 'true',
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        CI: 'true',
        NO_COLOR: '1',
        WRANGLER_SEND_METRICS: 'false',
      },
      timeoutInMs: 60_000,
    });
    return readFileSync(join(dir, 'out', 'worker.js'), 'utf8');
  });
}
