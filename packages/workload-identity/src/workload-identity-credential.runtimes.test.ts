// WorkloadIdentityCredential, built, in the other runtimes, each resolving the package by name as an app does:
// Bun and Deno take the `node` entry and read the token file with node:fs (Deno only with read permission, which
// these scripts do not get, so it says what it was refused); workerd, edge-runtime and Chromium take the portable
// entry and say they have no file system. Build first: pnpm turbo run build.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { type Runtime, runInRuntime } from '@identity/tooling/test-runtimes';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SUBJECT = 'system:serviceaccount:default:worker';

const SCRIPT = `import { WorkloadIdentityCredential } from '@identity/workload-identity';
export default async ({ tenantId, clientId, tokenFilePath, authorityHost }) => {
  const credential = new WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath, authorityHost, env: {} });
  try {
    return { token: (await credential.getToken('https://storage.azure.com/.default')).token };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
};`;

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator();
  dir = temporaryFolder('wi-runtimes');
});
afterAll(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

const NO_FILE_SYSTEM = /could not be read \(this runtime has no file system; run on Node\.js, Deno or Bun\)/;

const EXPECTED: Record<Runtime, RegExp | 'token'> = {
  bun: 'token',
  deno: /could not be read \(.*(NotCapable|PermissionDenied|permission|--allow-read)/i,
  workerd: NO_FILE_SYSTEM,
  'edge-runtime': NO_FILE_SYSTEM,
  chromium: NO_FILE_SYSTEM,
};

describe.each(Object.keys(EXPECTED) as Runtime[])('WorkloadIdentityCredential, built, in %s', (runtime) => {
  it('reads the token file where the runtime can, and says why where it cannot', async () => {
    const cluster = emulator.createIssuer('aks');
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: cluster.issuer, subject: SUBJECT }],
    });
    const tokenFilePath = join(dir, `token-${runtime}`);
    writeFileSync(tokenFilePath, await cluster.mint({ subject: SUBJECT }), { mode: 0o600 });
    const result = (await runInRuntime(runtime, {
      source: SCRIPT,
      resolveDir: packageDir,
      packages: { '@identity/workload-identity': packageDir },
      input: { tenantId: app.tenantId, clientId: app.clientId, tokenFilePath, authorityHost: emulator.url },
      allowNet: [emulator.url],
      timeoutInMs: 20_000,
    })) as { token?: string; error?: string };
    const expected = EXPECTED[runtime];
    if (expected === 'token') {
      expect(result.error).toBeUndefined();
      expect(await emulator.verifyAccessToken(result.token ?? '')).toMatchObject({ appid: app.clientId });
    } else {
      expect(result.error).toMatch(expected);
    }
  });
});
