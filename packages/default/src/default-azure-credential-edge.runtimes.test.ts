// The README says the edge entry of @identity/default runs on Cloudflare Workers, Vercel's edge runtime and in
// browsers. The bundle test shows that the `workerd`, `edge-light` and `browser` conditions pick a chain with no
// Node built-in; this one runs that bundle of the BUILT package in each runtime itself (workerd through
// miniflare, edge-runtime's VM, Chromium), configured from the worker's bindings (its `env`), against the emulator
// on loopback. Build first: pnpm turbo run build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { type Runtime, runInRuntime } from '@identity/tooling/test-runtimes';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const scope = 'https://vault.azure.net/.default';

// A worker as a user writes it: the package by name (bundled with the workerd conditions), `env` as given.
const WORKER = `import { ChainedTokenCredential, DefaultAzureCredential } from '@identity/default';
export default async (env) => {
  const credential = new DefaultAzureCredential({ env });
  const chained = credential instanceof ChainedTokenCredential;
  try {
    const { token, tokenType } = await credential.getToken(${JSON.stringify(scope)});
    return { token, tokenType, chained };
  } catch (error) {
    return { error: { name: error.name, message: error.message }, chained };
  }
};`;

const RUNTIMES: Runtime[] = ['workerd', 'edge-runtime', 'chromium'];

describe.each(RUNTIMES)('DefaultAzureCredential (edge entry, built) in %s', (runtime) => {
  let emulator: Emulator;
  beforeAll(async () => {
    if (!existsSync(join(packageDir, 'dist', 'index.edge.js'))) {
      throw new Error('build @identity/default first: pnpm turbo run build');
    }
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  function runWorker(bindings: Record<string, string>) {
    return runInRuntime(runtime, {
      source: WORKER,
      resolveDir: packageDir,
      input: bindings,
      allowNet: [emulator.url],
    }) as Promise<{
      token?: string;
      tokenType?: string;
      chained: boolean;
      error?: { name: string; message: string };
    }>;
  }

  it("gets the emulator's token for the service principal named in the AZURE_* bindings", async () => {
    const secret = testSecret('worker');
    const app = emulator.registerApp({ clientSecret: secret });
    const before = emulator.requestCount('token');
    const outcome = await runWorker({
      AZURE_TENANT_ID: app.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_CLIENT_SECRET: secret,
      AZURE_AUTHORITY_HOST: emulator.url,
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.tokenType).toBe('Bearer');
    // The edge build's DefaultAzureCredential is a ChainedTokenCredential too.
    expect(outcome.chained).toBe(true);
    expect(await emulator.verifyAccessToken(outcome.token ?? '')).toMatchObject({
      appid: app.clientId,
      aud: 'https://vault.azure.net',
    });
    expect(emulator.requestCount('token') - before).toBe(1);
  });

  it('without bindings fails as a chain of only the members that run there, and sends nothing', async () => {
    const before = emulator.requestCount('token');
    const outcome = await runWorker({});
    expect(outcome.token).toBeUndefined();
    expect(outcome.error?.name).toBe('AggregateAuthenticationError');
    expect(outcome.error?.message).toContain('EnvironmentCredential');
    expect(outcome.error?.message).toContain('WorkloadIdentityCredential');
    expect(outcome.error?.message).not.toMatch(/ManagedIdentity|AzureCli|AzurePowerShell|AzureDeveloperCli/);
    expect(emulator.requestCount('token')).toBe(before);
  });
});
