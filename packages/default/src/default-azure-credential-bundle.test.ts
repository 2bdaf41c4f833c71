// What bundlers make of the built package: the edge conditions give a chain with no Node built-in (the edge
// build leaves out the members that need Node.js), and on Node managed identity and the developer-tool members
// are split into chunks of their own, loaded only when the chain reaches them.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runBundledApp } from '@identity/tooling/test-bundled-app';
import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const APP = `import { DefaultAzureCredential } from '@identity/default';
export const credential = new DefaultAzureCredential({ env: globalThis.bindings ?? {} });`;

async function bundle(options: BuildOptions) {
  const result = await build({
    stdin: { contents: APP, resolveDir: packageDir, sourcefile: 'app.mjs', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    metafile: true,
    // Input paths relative to the package, whichever folder the tests run from.
    absWorkingDir: packageDir,
    logLevel: 'silent',
    ...options,
  });
  return {
    files: result.outputFiles ?? [],
    inputs: Object.keys(result.metafile?.inputs ?? {}),
    outputs: result.metafile?.outputs ?? {},
  };
}

describe('bundling @identity/default', () => {
  beforeAll(() => {
    if (!existsSync(join(packageDir, 'dist', 'index.edge.js'))) {
      throw new Error('build @identity/default first: pnpm --filter @identity/default build');
    }
  });

  it.each(['workerd', 'edge-light', 'browser', 'deno'])(
    'the %s condition gives the edge chain, which bundles for the neutral platform without a node: import',
    async (condition) => {
      const { files, inputs } = await bundle({
        platform: 'neutral',
        mainFields: ['module', 'main'],
        conditions: [condition],
      });
      expect(inputs).toContain('dist/index.edge.js');
      expect(
        inputs.some((input) =>
          /azure-cli|azure-powershell|azure-developer-cli|managed-identity|interactive-browser|shared-token-cache|cache-persistence/.test(
            input,
          ),
        ),
      ).toBe(false);
      const code = files.map((file) => file.text).join('\n');
      expect(code).not.toMatch(/from\s*["']node:|require\(["']node:|import\(["']node:/);
      expect(code).not.toMatch(/child_process/);
    },
  );

  it('the edge entry names every member of the chain, and has only those that run there', async () => {
    // The package by its own name, as Node resolves it with the condition workerd brings: the built edge entry.
    const script = `const { DefaultAzureCredential } = await import('@identity/default');
    const credential = new DefaultAzureCredential({ env: {} });
    console.log(JSON.stringify({ members: credential.members.map((member) => member.name), selection: credential.selection }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=workerd', '--input-type=module', '-e', script],
      { cwd: packageDir },
    );
    const { members, selection } = JSON.parse(stdout) as {
      members: string[];
      selection: { name: string; included: boolean; reason?: string }[];
    };
    expect(members).toEqual(['EnvironmentCredential', 'WorkloadIdentityCredential']);
    expect(selection.filter((choice) => !choice.included)).toEqual([
      { name: 'ManagedIdentityCredential', included: false, reason: 'cannot run on this runtime' },
      { name: 'SharedTokenCacheCredential', included: false, reason: 'cannot run on this runtime' },
      {
        name: 'VisualStudioCodeCredential',
        included: false,
        reason: 'left out unless asked for (set the excludeVisualStudioCodeCredential option to false)',
      },
      ...['AzureCliCredential', 'AzurePowerShellCredential', 'AzureDeveloperCliCredential'].map((name) => ({
        name,
        included: false,
        reason: 'cannot run on this runtime',
      })),
      {
        name: 'InteractiveBrowserCredential',
        included: false,
        reason: 'left out unless asked for (set the excludeInteractiveBrowserCredential option to false)',
      },
    ]);
  });

  it('on Node, the entry chunk holds neither the developer tools, managed identity nor the browser sign-in; each is a chunk of its own', async () => {
    const { files, inputs } = await bundle({
      platform: 'node',
      splitting: true,
      outdir: join(packageDir, 'out'),
      minify: false,
    });
    // SharedTokenCacheCredential reads the cache the app registered: the persistent cache (and its native keyring
    // binding, a .node file no bundler can hold) is never part of the chain's bundle.
    expect(inputs.filter((input) => /cache-persistence|napi-rs|keyring/.test(input))).toEqual([]);
    const entry = files.find((file) => file.path.endsWith(`${join('out', 'stdin.js')}`));
    expect(entry).toBeDefined();
    const entryCode = entry?.text ?? '';
    expect(entryCode).toContain('DefaultChainCredential');
    for (const marker of [
      'get-access-token',
      'Get-AzAccessToken',
      'auth token',
      'child_process',
      'metadata/identity/oauth2/token',
      'code_challenge_method',
      'the shared token cache holds several accounts',
    ]) {
      expect(entryCode).not.toContain(marker);
    }
    const chunks = files.filter((file) => file !== entry).map((file) => file.text);
    // The CLI member's code is in a chunk the entry imports only dynamically.
    expect(chunks.some((chunk) => chunk.includes('get-access-token'))).toBe(true);
    expect(chunks.some((chunk) => chunk.includes('code_challenge_method'))).toBe(true);
    expect(chunks.some((chunk) => chunk.includes('the shared token cache holds several accounts'))).toBe(
      true,
    );
    expect(entryCode).toMatch(/import\(["']\.\/[\w-]+\.js["']\)/);
  });

  it("on Node, what loads at start holds neither the walk nor the members' factories: they load with the first getToken", async () => {
    const { files, outputs } = await bundle({
      platform: 'node',
      splitting: true,
      outdir: join(packageDir, 'out'),
      minify: false,
    });
    // The entry, then every chunk a file that loads at start imports statically.
    const startup = new Set([join('out', 'stdin.js')]);
    for (const path of startup) {
      for (const { path: imported, kind } of outputs[path]?.imports ?? []) {
        if (kind === 'import-statement') startup.add(imported);
      }
    }
    const atStart = files.filter((file) => startup.has(join('out', basename(file.path))));
    const startCode = atStart.map((file) => file.text).join('\n');
    const later = files.filter((file) => !atStart.includes(file)).map((file) => file.text);
    expect(startCode).toContain('DefaultChainCredential');
    // The walk's class, and the factories building their members.
    const walkAndFactories = [
      'ChainWalk = class',
      'new EnvironmentCredential(',
      'new ManagedIdentityCredential(',
    ];
    for (const marker of walkAndFactories) expect(startCode).not.toContain(marker);
    // One chunk, reached by import() only, holds them all: a walk loads one file for them.
    expect(later.filter((chunk) => walkAndFactories.every((each) => chunk.includes(each)))).toHaveLength(1);
  });
});

describe('a Node app on a host where nothing is available', () => {
  // A closed loopback port as IMDS, and no developer tool on PATH.
  const env = {
    AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:9',
    PATH: join(packageDir, 'no-such-folder'),
  };

  it("gives up without loading Node's fetch implementation or child_process (each costs ms on a first call)", async () => {
    const result = (await runBundledApp({
      source: `import { DefaultAzureCredential } from '@identity/default';
async function main({ env }) {
  const error = await new DefaultAzureCredential({ env }).getToken('https://management.azure.com/.default').catch((e) => e);
  const loaded = (name) => process.moduleLoadList.includes(\`NativeModule \${name}\`);
  return { error: error.name, fetch: loaded('internal/deps/undici/undici'), childProcess: loaded('child_process') };
}`,
      resolveDir: packageDir,
      format: 'esm',
      // Split as a bundler that splits code deploys it: a one-file bundle loads at start every built-in that any
      // member imports statically (the browser sign-in's child_process among them).
      split: 'all',
      input: { env },
    })) as { error: string; fetch: boolean; childProcess: boolean };
    expect(result).toEqual({ error: 'AggregateAuthenticationError', fetch: false, childProcess: false });
  });
});
