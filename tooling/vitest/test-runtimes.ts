// Runs a test script in a real JavaScript runtime other than Node and hands back what it returned, so that a
// package's tests prove its built code works there, not only that it bundles: workerd (Cloudflare Workers,
// through miniflare), Deno, Bun and Vercel's edge-runtime (@edge-runtime/vm), all from the npm registry as
// devDependencies of this package, and Chromium (Debian's, driven by playwright-core, see test-browser.ts).
//
// A script is the source of an ES module whose default export is `async (input) => result`: `input` is a record
// of strings (in workerd, the worker's bindings: its `env`), `result` must survive JSON. Scripts import the
// built packages (`dist/`) by absolute path, or by package name: workerd resolves names from `resolveDir` with
// the `workerd`, `worker` and `browser` conditions (as wrangler bundles a worker), edge-runtime with `edge-light`,
// `worker` and `browser` (as Next.js bundles an edge function), Chromium with `browser` (as a web app's bundler
// does), Deno and Bun from the `packages` installed beside the script, with their own conditions (both take
// `node`). Every runtime reaches only the loopback origins in `allowNet`: Deno through its permissions, workerd
// through an outbound service that refuses the rest, edge-runtime through its `fetch`, Chromium through a route
// that aborts the rest; Bun has no permission model, so its scripts get no environment besides `PATH`.
// A runtime that is missing is an error, never a skip: a test that cannot fail proves nothing.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EdgeVM } from '@edge-runtime/vm';
import { build, type Plugin } from 'esbuild';
import {
  Miniflare,
  type Request as MiniflareRequest,
  Response as MiniflareResponse,
  fetch as miniflareFetch,
} from 'miniflare';
import { isLoopbackHost } from './loopback.mjs';
import { forwardDiagnostics, runProcess } from './test-child-process.js';
import { temporaryFolder } from './test-temporary-folder.js';

export type Runtime = 'workerd' | 'deno' | 'bun' | 'edge-runtime' | 'chromium';

export interface RuntimeScript {
  /** The ES module source: `export default async (input) => result`. */
  source: string;
  /** Where the script's package-name imports resolve from (a package folder). */
  resolveDir: string;
  /**
   * Packages the script imports by name, `name` → folder, installed beside it as an app would have them (a
   * node_modules link), so that Deno and Bun resolve them with their own export conditions.
   */
  packages?: Record<string, string>;
  /** The script's input; in workerd, its bindings. */
  input?: Record<string, string>;
  /** The origins the script may reach, such as an emulator's `url`; each must be on loopback. */
  allowNet: string[];
  /** How long the runtime may take, start to finish. Default 10 s. */
  timeoutInMs?: number;
}

// The runtime side: collects what the libraries log and throw (the core's diagnostics hook) and returns it
// with the script's result, so that the suite's leak check sees the other runtimes as well.
const PRELUDE = `const diagnostics = [];
globalThis[Symbol.for('@identity/core.diagnostics')] = (kind, text) => diagnostics.push({ kind, text });
async function settle(run, input) {
  try {
    return { result: await run(input), diagnostics };
  } catch (error) {
    return { thrown: String(error?.stack ?? error), diagnostics };
  }
}`;

// Deno and Bun: the script's input comes on standard input, the outcome goes out as the last line of output.
const PROCESS_RUNNER = `import run from './script.mjs';
${PRELUDE}
const text = globalThis.Deno ? await new Response(Deno.stdin.readable).text() : await Bun.stdin.text();
console.log(JSON.stringify(await settle(run, JSON.parse(text))));`;

// workerd: a module worker whose fetch handler runs the script with the worker's bindings.
const WORKER = `import run from 'runtime-test-script';
${PRELUDE}
export default { fetch: async (_request, env) => Response.json(await settle(run, env)) };`;

// edge-runtime and Chromium: a script (no module of its own in edge-runtime) that leaves the runner on globalThis,
// to be called with the input; it answers with the outcome as JSON, which crosses any realm.
const GLOBAL_RUNNER = `import run from 'runtime-test-script';
${PRELUDE}
globalThis.runtimeTest = async (input) => JSON.stringify(await settle(run, input));`;

interface Outcome {
  result?: unknown;
  thrown?: string;
  diagnostics: { kind: string; text: string }[];
}

/**
 * Runs `script` in `runtime` and resolves to what its default export returned. Rejects when the runtime is
 * missing, fails, times out or the script throws.
 *
 * @example
 * ```ts
 * const claims = await runInRuntime('deno', {
 *   source: `export default async (input) => ({ sum: Number(input.a) + 1 })`,
 *   resolveDir: packageDir,
 *   input: { a: '1' },
 *   allowNet: [emulator.url],
 * });
 * ```
 */
export async function runInRuntime(runtime: Runtime, script: RuntimeScript): Promise<unknown> {
  for (const origin of script.allowNet) {
    if (!isLoopbackHost(new URL(origin).hostname))
      throw new Error(`runInRuntime: ${origin} is not on loopback`);
  }
  const outcome =
    runtime === 'workerd'
      ? await runInWorkerd(script)
      : runtime === 'edge-runtime'
        ? await runInEdgeRuntime(script)
        : runtime === 'chromium'
          ? await runInChromium(script)
          : await runAsProcess(runtime, script);
  // Into the suite's leak check, as if the libraries had run here.
  forwardDiagnostics(outcome.diagnostics);
  if (outcome.thrown !== undefined) throw new Error(`${runtime}: the script threw ${outcome.thrown}`);
  return outcome.result;
}

const requireHere = createRequire(import.meta.url);

/**
 * The runtime's own binary, from the platform package its npm package depends on. The packages' launchers
 * need their postinstall scripts, which pnpm does not run (they copy this same binary into place).
 */
function runtimeBinary(runtime: 'deno' | 'bun'): string {
  const arch = process.arch === 'arm64' ? 'arm64' : process.arch === 'x64' ? 'x64' : undefined;
  const platformPackage =
    runtime === 'deno'
      ? `@deno/${process.platform}-${arch}${process.platform === 'linux' ? '-glibc' : ''}`
      : `@oven/bun-${process.platform}-${arch === 'arm64' ? 'aarch64' : arch}`;
  const binary = runtime === 'deno' ? 'deno' : join('bin', 'bun');
  try {
    const fromPackage = createRequire(requireHere.resolve(`${runtime}/package.json`));
    return join(dirname(fromPackage.resolve(`${platformPackage}/package.json`)), binary);
  } catch (cause) {
    throw new Error(
      `${runtime} is not installed for ${process.platform}-${process.arch} (${platformPackage}): run pnpm install`,
      { cause },
    );
  }
}

async function runAsProcess(runtime: 'deno' | 'bun', script: RuntimeScript): Promise<Outcome> {
  const binary = runtimeBinary(runtime);
  const dir = mkdtempSync(join(tmpdir(), `identity-${runtime}-`));
  try {
    writeFileSync(join(dir, 'script.mjs'), script.source, { mode: 0o600 });
    for (const [name, folder] of Object.entries(script.packages ?? {})) {
      mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
      symlinkSync(folder, join(dir, 'node_modules', name), 'dir');
    }
    writeFileSync(join(dir, 'runner.mjs'), PROCESS_RUNNER, { mode: 0o600 });
    const runner = join(dir, 'runner.mjs');
    const hosts = script.allowNet.map((origin) => new URL(origin).host).join(',');
    const args =
      runtime === 'deno'
        ? // Only the network permission: no environment, no file reads beyond the modules, no prompts.
          // Bare imports resolve from the node_modules folders pnpm made, as Node would.
          [
            'run',
            '--no-prompt',
            '--no-config',
            '--no-lock',
            '--node-modules-dir=manual',
            ...(hosts ? [`--allow-net=${hosts}`] : []),
            runner,
          ]
        : ['run', '--no-install', runner];
    const env = {
      PATH: '/usr/bin:/bin',
      HOME: dir,
      DENO_DIR: join(dir, 'deno-cache'),
      DENO_NO_UPDATE_CHECK: '1',
      DO_NOT_TRACK: '1',
      NO_COLOR: '1',
    };
    const { stdout } = await runProcess(binary, args, {
      cwd: script.resolveDir,
      env,
      stdin: JSON.stringify(script.input ?? {}),
      timeoutInMs: script.timeoutInMs ?? 10_000,
    });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    try {
      return JSON.parse(last) as Outcome;
    } catch {
      throw new Error(`${runtime}: the runner printed no outcome; its output was:\n${stdout}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Bundles a worker's module source as wrangler would: one ES module, resolved from `resolveDir` with the `workerd`,
 * `worker` and `browser` conditions. `plugins` resolve what the source imports that is not on disk.
 *
 * @example
 * ```ts
 * const source = await bundleWorker(`export { KeyValueTokenCache } from '@identity/cache-redis';`, packageDir);
 * ```
 */
export async function bundleWorker(
  contents: string,
  resolveDir: string,
  plugins: Plugin[] = [],
): Promise<string> {
  const bundled = await build({
    stdin: { contents, resolveDir, sourcefile: 'worker.mjs', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'silent',
    plugins,
  });
  return bundled.outputFiles[0]?.text ?? '';
}

// Resolves `runtime-test-script`, which the runners import, to the script's source.
function scriptPlugin(script: RuntimeScript): Plugin {
  return {
    name: 'runtime-test-script',
    setup(builder) {
      builder.onResolve({ filter: /^runtime-test-script$/ }, () => ({
        path: 'runtime-test-script',
        namespace: 'runtime-test-script',
      }));
      builder.onLoad({ filter: /.*/, namespace: 'runtime-test-script' }, () => ({
        contents: script.source,
        resolveDir: script.resolveDir,
        loader: 'js',
      }));
    },
  };
}

async function runInWorkerd(script: RuntimeScript): Promise<Outcome> {
  const bundled = await bundleWorker(WORKER, script.resolveDir, [scriptPlugin(script)]);
  const { status, text } = await fetchFromWorker({
    contents: bundled,
    modulesRoot: script.resolveDir,
    bindings: script.input ?? {},
    allowNet: script.allowNet,
    timeoutInMs: script.timeoutInMs,
  });
  try {
    return JSON.parse(text) as Outcome;
  } catch {
    throw new Error(`workerd: the worker answered ${status} without an outcome:\n${text}`);
  }
}

/** A bundled module worker, as wrangler uploads it, for {@link fetchFromWorker}. */
export interface BundledWorker {
  /** The worker's one ES module, whole: its default export has `fetch(request, env)`. */
  contents: string;
  /** The folder the module is named in (nothing is read from it). */
  modulesRoot: string;
  /** The worker's bindings: its `env`. */
  bindings?: Record<string, string>;
  /** The origins the worker may reach, each on loopback; its other requests get a 403. */
  allowNet: string[];
  /** How long the worker may take to answer a request. Default 10 s. */
  timeoutInMs?: number;
}

/**
 * Runs a bundled worker in workerd (through miniflare), sends it one request and resolves to its answer.
 * Rejects when workerd fails or the worker does not answer in time.
 *
 * @example
 * ```ts
 * const { status, text } = await fetchFromWorker({ contents: readFileSync('out/worker.js', 'utf8'),
 *   modulesRoot: outDir, bindings: { AZURE_TENANT_ID: tenantId }, allowNet: [emulator.url] });
 * ```
 */
export async function fetchFromWorker(worker: BundledWorker): Promise<{ status: number; text: string }> {
  const running = startWorker(worker);
  try {
    return await running.fetch('/');
  } finally {
    await running.stop();
  }
}

/** A worker running in workerd, from {@link startWorker}. */
export interface RunningWorker {
  /** Sends the worker a request for `path` (on `http://runtime.test`) and resolves to its answer, in time. */
  fetch(path: string): Promise<{ status: number; text: string }>;
  /** Stops workerd. */
  stop(): Promise<void>;
}

/**
 * Starts a bundled worker in workerd (through miniflare) to send it several requests, one isolate serving them
 * all, as in production: what the worker keeps in module scope (a credential, its token cache) outlives each
 * request, and workerd stops what a request started once its response is sent.
 *
 * @example
 * ```ts
 * const worker = startWorker({ contents, modulesRoot: packageDir, allowNet: [emulator.url] });
 * const first = await worker.fetch('/?step=1');
 * const second = await worker.fetch('/?step=2');
 * await worker.stop();
 * ```
 */
export function startWorker(worker: BundledWorker): RunningWorker {
  for (const origin of worker.allowNet) {
    if (!isLoopbackHost(new URL(origin).hostname))
      throw new Error(`startWorker: ${origin} is not on loopback`);
  }
  const allowed = new Set(worker.allowNet.map((origin) => new URL(origin).origin));
  const miniflare = new Miniflare({
    // Storage in a folder of the test's own: miniflare removes its own temporary folder without waiting for it
    // (fire and forget), so a test file that ends at once leaves it behind.
    defaultPersistRoot: temporaryFolder('miniflare'),
    // One module given whole, as wrangler uploads it: the bundle is complete, so miniflare need not walk it.
    modules: [
      {
        type: 'ESModule',
        path: join(worker.modulesRoot, 'worker.mjs'),
        contents: worker.contents,
      },
    ],
    modulesRoot: worker.modulesRoot,
    compatibilityDate: '2026-04-01',
    bindings: worker.bindings ?? {},
    outboundService: (request: MiniflareRequest) =>
      allowed.has(new URL(request.url).origin)
        ? miniflareFetch(request)
        : new MiniflareResponse(`workerd: ${new URL(request.url).origin} is not allowed`, {
            status: 403,
          }),
  });
  return {
    async fetch(path) {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('workerd: timed out')), worker.timeoutInMs ?? 10_000);
        });
        const response = await Promise.race([
          miniflare.dispatchFetch(new URL(path, 'http://runtime.test/').href),
          timeout,
        ]);
        return { status: response.status, text: await response.text() };
      } finally {
        clearTimeout(timer);
      }
    },
    stop: () => miniflare.dispose(),
  };
}

// The runner and the script in one file for a runtime that loads a page's script or evaluates code, resolved from
// the script's folder with `conditions`.
async function bundleGlobalRunner(
  script: RuntimeScript,
  options: { platform: 'browser' | 'neutral'; format: 'esm' | 'iife'; conditions: string[] },
): Promise<string> {
  const bundled = await build({
    stdin: { contents: GLOBAL_RUNNER, resolveDir: script.resolveDir, sourcefile: 'runner.mjs', loader: 'js' },
    bundle: true,
    write: false,
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'silent',
    plugins: [scriptPlugin(script)],
    ...options,
  });
  return bundled.outputFiles[0]?.text ?? '';
}

// Rejects after the script's time, naming the runtime.
async function withinTime<T>(runtime: Runtime, script: RuntimeScript, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${runtime}: timed out`)), script.timeoutInMs ?? 10_000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function parseOutcome(runtime: Runtime, text: unknown): Outcome {
  try {
    return JSON.parse(String(text)) as Outcome;
  } catch {
    throw new Error(`${runtime}: the runner answered without an outcome:\n${String(text)}`);
  }
}

// Vercel's edge-runtime: the script bundled as an edge function is (edge-light), evaluated in an EdgeVM whose
// fetch reaches only `allowNet`.
async function runInEdgeRuntime(script: RuntimeScript): Promise<Outcome> {
  const code = await bundleGlobalRunner(script, {
    platform: 'neutral',
    format: 'iife',
    conditions: ['edge-light', 'worker', 'browser'],
  });
  const allowed = new Set(script.allowNet.map((origin) => new URL(origin).origin));
  const vm = new EdgeVM({
    extend: (context) => {
      const edgeFetch = context.fetch;
      context.fetch = (...args: Parameters<typeof edgeFetch>) => {
        const [input] = args;
        // A Request of the VM's realm has a `url`; a string or URL is the address itself.
        const url = new URL(typeof input === 'object' && 'url' in input ? input.url : String(input));
        if (!allowed.has(url.origin)) {
          return Promise.reject(new TypeError(`edge-runtime: ${url.origin} is not allowed`));
        }
        return edgeFetch(...args);
      };
      return context;
    },
  });
  vm.evaluate(code);
  const input = JSON.stringify(script.input ?? {});
  return parseOutcome(
    'edge-runtime',
    await withinTime('edge-runtime', script, vm.evaluate(`runtimeTest(${input})`)),
  );
}

// Chromium: the script bundled as a web app's bundler does (browser), loaded by a page on a loopback site; the
// page reaches only its site and `allowNet` (other requests are aborted), so cross-origin rules apply as deployed.
async function runInChromium(script: RuntimeScript): Promise<Outcome> {
  const code = await bundleGlobalRunner(script, {
    platform: 'browser',
    format: 'esm',
    conditions: ['browser'],
  });
  // Loaded only here: the other runtimes need no browser driver.
  const { launchChromium, servePages } = await import('./test-browser.js');
  const site = await servePages({
    '/': {
      body: '<!DOCTYPE html><html><head><script type="module" src="/runner.js"></script></head></html>',
    },
    '/runner.js': { body: code, type: 'text/javascript' },
  });
  const browser = await launchChromium();
  try {
    const allowed = new Set([site.origin, ...script.allowNet.map((origin) => new URL(origin).origin)]);
    const context = await browser.newContext();
    await context.route('**/*', (route) =>
      allowed.has(new URL(route.request().url()).origin) ? route.continue() : route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    const run = async () => {
      await page.goto(`${site.origin}/`);
      await page.waitForFunction(() => 'runtimeTest' in globalThis);
      return page.evaluate(
        (input) =>
          (globalThis as unknown as { runtimeTest: (input: unknown) => Promise<string> }).runtimeTest(input),
        script.input ?? {},
      );
    };
    return parseOutcome('chromium', await withinTime('chromium', script, run()));
  } finally {
    await browser.close();
    await site.close();
  }
}
