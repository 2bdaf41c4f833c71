// The README says IMDS, App Service, Azure ML and Cloud Shell work on Cloudflare Workers, Deno and Bun. These
// tests run the BUILT package in each real runtime against the emulator on loopback, and check that the token
// and its expiry come back right in every format the sources write it: Azure ML's US dates go through
// Date.parse, whose reading of them this proves per engine. Each runtime resolves the package by name, as an app
// does: workerd gets the portable entry, Deno and Bun the `node` one. Build first: pnpm turbo run build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { type Runtime, runInRuntime } from '@identity/tooling/test-runtimes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(packageDir, 'dist', 'index.js');
const scope = 'https://vault.azure.net/.default';

// Each case is a credential with its environment given explicitly (Deno gets no --allow-env); errors come back
// as their messages.
const SCRIPT = `import { ManagedIdentityCredential } from '@identity/managed-identity';
export default async ({ cases }) => {
  const results = [];
  for (const { env, clientId } of JSON.parse(cases)) {
    try {
      const { token, expiresOnTimestamp } = await new ManagedIdentityCredential({ env, clientId }).getToken(${JSON.stringify(scope)});
      results.push({ token, expiresOnTimestamp });
    } catch (error) {
      results.push({ error: String(error?.message ?? error) });
    }
  }
  // Only the Node entry's class brings Node support of its own.
  const entry = Object.hasOwn(ManagedIdentityCredential, 'nodeSupport') ? 'node' : 'portable';
  return { entry, results };
};`;

const RUNTIMES: Runtime[] = ['workerd', 'deno', 'bun'];

describe.each(RUNTIMES)('ManagedIdentityCredential, built, in %s', (runtime) => {
  let emulator: Emulator;
  beforeAll(async () => {
    if (!existsSync(built)) throw new Error('build @identity/managed-identity first: pnpm turbo run build');
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it('gets tokens from IMDS, App Service, Azure ML (both date formats) and Cloud Shell, expiry exact', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const windowsDates = emulator.managedIdentity.assign({ expiresOnFormat: 'us-date-12h' });
    const environment = (source: 'IMDS' | 'AppService' | 'AzureML' | 'CloudShell') =>
      emulator.managedIdentity.environment(source);
    const cases = [
      { env: environment('IMDS') },
      { env: environment('AppService') },
      { env: environment('AzureML') },
      { env: environment('AzureML'), clientId: windowsDates.clientId },
      { env: environment('CloudShell') },
    ];
    const { entry, results } = (await runInRuntime(runtime, {
      source: SCRIPT,
      resolveDir: packageDir,
      packages: { '@identity/managed-identity': packageDir },
      input: { cases: JSON.stringify(cases) },
      allowNet: [emulator.url],
      timeoutInMs: 20_000,
    })) as { entry: string; results: { token?: string; expiresOnTimestamp?: number; error?: string }[] };
    expect(entry).toBe(runtime === 'workerd' ? 'portable' : 'node');
    expect(results).toHaveLength(cases.length);
    for (const [index, result] of results.entries()) {
      expect(result.error, `case ${index}`).toBeUndefined();
      const claims = await emulator.verifyAccessToken(result.token ?? '');
      expect(claims.aud).toBe('https://vault.azure.net');
      // The token's own expiry, to the second: every format was read exactly.
      expect(result.expiresOnTimestamp, `case ${index}`).toBe((claims.exp as number) * 1000);
    }
    expect(emulator.requestCount('azure-ml')).toBe(2);
  });
});
