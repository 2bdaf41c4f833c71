// OnBehalfOfCredential as it is deployed: a middle-tier API bundled into one Node file (ESM and CommonJS) and run
// from a folder with no node_modules, proving itself with a certificate file; for edge runtimes, the secret and
// assertion flavours with nothing of Node's. Build first: pnpm turbo run build.
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCertificateFile } from '../test/on-behalf-of-test-support.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// The API exchanges the token its caller sent; errors come back as data.
const APP = `import { OnBehalfOfCredential } from '@identity/on-behalf-of';
async function main({ tenantId, clientId, authorityHost, certificatePath, userAssertionToken }) {
  const credential = new OnBehalfOfCredential({ tenantId, clientId, authorityHost, certificatePath, userAssertionToken });
  try {
    return { token: (await credential.getToken('api://downstream/Files.Read')).token };
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
  it("exchanges the user's token, signing with the certificate file", async () => {
    const { certificatePem, path } = testCertificateFile();
    const api = emulator.registerApp({ certificates: [certificatePem] });
    const userAssertionToken = emulator.mintUserToken({
      audience: `api://${api.clientId}`,
      user: { upn: 'ada@contoso.example' },
    });
    const result = (await runBundledApp({
      source: APP,
      resolveDir: packageDir,
      format,
      input: {
        tenantId: api.tenantId,
        clientId: api.clientId,
        authorityHost: emulator.url,
        certificatePath: path,
        userAssertionToken,
      },
    })) as { token?: string; error?: { message: string } };
    expect(result.error).toBeUndefined();
    expect(await emulator.verifyAccessToken(result.token ?? '')).toMatchObject({
      azp: api.clientId,
      upn: 'ada@contoso.example',
    });
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('holds the exchange and nothing of Node', async () => {
    const code = await bundleCode(`${APP}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    expect(code).toContain('on_behalf_of');
    expect(nodeOnlyImports(code)).toEqual([]);
  });
});
