// EnvironmentCredential as it is deployed: bundled into one file for Node (ESM and CommonJS), configured only by
// the process's variables, and run from a folder with no node_modules; a certificate file named by
// AZURE_CLIENT_CERTIFICATE_PATH must be read. For edge runtimes: nothing of Node's. Build first: pnpm turbo run build.
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateFile } from '../test/environment-test-support.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const APP = `import { EnvironmentCredential } from '@identity/environment';
async function main() {
  const credential = new EnvironmentCredential();
  try {
    return { token: (await credential.getToken('https://vault.azure.net/.default')).token };
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
}`;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ rejectAssertionReplay: false });
});
afterAll(() => emulator.stop());

describe.each(['esm', 'cjs'] as const)('a Node app bundled into one file (%s)', (format) => {
  it('gets a token with the certificate file AZURE_CLIENT_CERTIFICATE_PATH names', async () => {
    const certificate = certificateFile();
    const app = emulator.registerApp({ certificates: [certificate.pem] });
    const result = (await runBundledApp({
      source: APP,
      resolveDir: packageDir,
      format,
      env: {
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_CERTIFICATE_PATH: certificate.path,
        AZURE_AUTHORITY_HOST: emulator.url,
      },
    })) as { token?: string; error?: { message: string } };
    expect(result.error).toBeUndefined();
    expect((await emulator.verifyAccessToken(result.token ?? '')).appid).toBe(app.clientId);
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('holds the three credentials and nothing of Node', async () => {
    const code = await bundleCode(`${APP}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    for (const marker of ['client_credentials', 'x5t#S256', 'password']) expect(code).toContain(marker);
    expect(nodeOnlyImports(code)).toEqual([]);
  });
});
