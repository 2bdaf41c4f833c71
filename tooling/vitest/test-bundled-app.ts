// Apps as they are deployed. `runBundledApp` bundles an app into one file with the bench's own esbuild build for
// Node (ESM or CommonJS), or into an entry and its chunks with code splitting, writes it into an empty temporary
// folder with no node_modules anywhere above it, and runs it with `node`: whatever the packages import, the
// bundle holds, or the app fails. `nodeOnlyImports`
// lists what an edge bundle would still need from Node. Together they check the promise of the node and
// default export conditions: a Node bundle works for every feature, an edge bundle carries nothing Node-only.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleChunks, bundleCode, type Platform } from '../bench/measure/bundle.mjs';
import { forwardDiagnostics, runProcess } from './test-child-process.js';

export interface BundledApp {
  /**
   * The app's source: its imports, and `async function main(input)` whose result (JSON-able) comes back.
   * Errors `main` catches itself can come back as data; one it throws fails the run.
   */
  source: string;
  /** Where the app's package imports resolve from (a package folder). */
  resolveDir: string;
  format: 'esm' | 'cjs';
  /**
   * Bundles with code splitting instead of into one file (ESM only): the entry and its chunks in the folder, as a
   * bundler that splits code deploys them. `'startup'` leaves out the lazy chunks (those only a dynamic `import()`
   * reaches), to show that the app runs without them.
   */
  split?: 'all' | 'startup';
  /**
   * Code put before the bundle, as esbuild's `banner` option puts it: an ESM bundle whose CommonJS dependencies
   * require Node built-ins needs `createRequire` there (see {@link ESM_REQUIRE_BANNER}).
   */
  banner?: string;
  /** The argument of `main`. */
  input?: Record<string, unknown>;
  /** The app's environment variables, besides PATH; nothing else is inherited. */
  env?: Record<string, string>;
  /** How long the app may take. Default 15 s. */
  timeoutInMs?: number;
}

// Appended to the app: collects what the libraries log and throw (the core's diagnostics hook), so the suite's
// leak check sees the app as well, and prints the outcome as the last line. No top-level await, so CommonJS too.
const EPILOGUE = `
const bundledAppDiagnostics = [];
globalThis[Symbol.for('@identity/core.diagnostics')] = (kind, text) => bundledAppDiagnostics.push({ kind, text });
main(JSON.parse(process.env.BUNDLED_APP_INPUT || '{}')).then(
  (result) => console.log(JSON.stringify({ result, diagnostics: bundledAppDiagnostics })),
  (error) => console.log(JSON.stringify({ thrown: String(error?.stack ?? error), diagnostics: bundledAppDiagnostics })),
);`;

// Loaded with --require before the app (the bundle itself stays as built): the app may reach loopback only.
const NETWORK_GUARD = `const net = require('node:net');
const connect = net.Socket.prototype.connect;
const loopback = (host) => /^(localhost|::1|127\\.\\d+\\.\\d+\\.\\d+|.*\\.localhost)$/i.test(String(host).replace(/^\\[|\\]$/g, ''));
net.Socket.prototype.connect = function (...args) {
  const options = typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0]) ? args[0] : undefined;
  const host = options ? options.host : typeof args[1] === 'string' ? args[1] : undefined;
  const isPath = options ? typeof options.path === 'string' : typeof args[0] === 'string';
  if (!isPath && host !== undefined && !loopback(host)) throw new Error('bundled app network guard: refused ' + host);
  return connect.apply(this, args);
};`;

interface Outcome {
  result?: unknown;
  thrown?: string;
  diagnostics: { kind: string; text: string }[];
}

/**
 * Bundles `app` for Node into one file, runs it from an empty folder and resolves to what `main` returned.
 * Rejects when the build fails, the folder has a node_modules above it, or the app throws, exits or overruns.
 *
 * @example
 * ```ts
 * const { token } = await runBundledApp({
 *   source: `import { ClientSecretCredential } from '@identity/client-secret';
 *     async function main({ tenantId, clientId, secret, authorityHost }) {
 *       return new ClientSecretCredential(tenantId, clientId, secret, { authorityHost }).getToken('api://x/.default');
 *     }`,
 *   resolveDir: packageDir,
 *   format: 'cjs',
 *   input: { tenantId, clientId, secret, authorityHost: emulator.url },
 * });
 * ```
 */
/**
 * The banner esbuild documents for an ESM bundle of CommonJS code that calls `require` (node-redis does): a `require`
 * for the bundle's own module.
 *
 * @example
 * ```ts
 * await runBundledApp({ source, resolveDir, format: 'esm', banner: ESM_REQUIRE_BANNER });
 * ```
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as bundledAppCreateRequire } from 'node:module'; const require = bundledAppCreateRequire(import.meta.url);\n";

export async function runBundledApp(app: BundledApp): Promise<unknown> {
  const source = `${app.source}\n${EPILOGUE}`;
  const bundle = { platform: 'node', resolveDir: app.resolveDir } as const;
  if (app.split && app.format !== 'esm') throw new Error('runBundledApp: code splitting makes ESM only');
  const files = app.split
    ? (await bundleChunks(source, bundle)).filter((file) => app.split === 'all' || file.startup)
    : [
        {
          name: 'app.js',
          text: (app.banner ?? '') + (await bundleCode(source, { ...bundle, format: app.format })),
        },
      ];
  const dir = mkdtempSync(join(tmpdir(), 'identity-bundled-app-'));
  try {
    for (let folder = dir; ; folder = dirname(folder)) {
      if (existsSync(join(folder, 'node_modules'))) {
        throw new Error(
          `runBundledApp: ${join(folder, 'node_modules')} exists, so the app would not run alone`,
        );
      }
      if (dirname(folder) === folder) break;
    }
    // The folder says which module system its .js files use, as a deployed app's package.json does.
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ type: app.format === 'esm' ? 'module' : 'commonjs' }),
    );
    for (const { name, text } of files) writeFileSync(join(dir, name), text, { mode: 0o600 });
    const file = join(dir, 'app.js');
    writeFileSync(join(dir, 'guard.cjs'), NETWORK_GUARD, { mode: 0o600 });
    const { stdout } = await runProcess(process.execPath, ['--require', join(dir, 'guard.cjs'), file], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        ...app.env,
        BUNDLED_APP_INPUT: JSON.stringify(app.input ?? {}),
      },
      timeoutInMs: app.timeoutInMs ?? 15_000,
    });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    let outcome: Outcome;
    try {
      outcome = JSON.parse(last) as Outcome;
    } catch {
      throw new Error(`runBundledApp: the app printed no outcome; its output was:\n${stdout}`);
    }
    // Into the suite's leak check, as if the libraries had run here.
    forwardDiagnostics(outcome.diagnostics);
    if (outcome.thrown !== undefined) throw new Error(`the bundled app threw ${outcome.thrown}`);
    return outcome.result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The builds an edge bundle is checked in: esbuild's neutral and browser platforms, and the conditions wrangler
 * bundles a Cloudflare worker with.
 *
 * @example
 * ```ts
 * describe.each(EDGE_BUILDS)('$name bundle', ({ platform, conditions }) => { ... });
 * ```
 */
export const EDGE_BUILDS: { name: string; platform: Platform; conditions?: string[] }[] = [
  { name: 'neutral', platform: 'neutral' },
  { name: 'browser', platform: 'browser' },
  { name: 'workerd', platform: 'neutral', conditions: ['workerd', 'worker', 'browser'] },
];

const BUILTINS = new Set(builtinModules);

/**
 * What a bundle still imports or requires from Node: `node:` modules, bare built-in names, and undici.
 * Empty for a bundle that runs on an edge runtime.
 *
 * @example
 * ```ts
 * expect(nodeOnlyImports(await bundleCode(app, { platform: 'neutral', resolveDir }))).toEqual([]);
 * ```
 */
export function nodeOnlyImports(code: string): string[] {
  const found = new Set<string>();
  const imports = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'`]([^"'`]+)["'`]/g;
  for (const [, specifier = ''] of code.matchAll(imports)) {
    const bare = specifier.replace(/^node:/, '').split('/')[0] ?? '';
    if (specifier.startsWith('node:') || BUILTINS.has(bare) || bare === 'undici') found.add(specifier);
  }
  if (/\bundici\b/i.test(code)) found.add('undici');
  return [...found].sort();
}
