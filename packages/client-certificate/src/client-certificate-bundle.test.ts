// ClientCertificateCredential as it is deployed. For Node: bundled into one file (ESM and CommonJS) and run from a
// folder with no node_modules against the emulator, with certificate files (PEM, encrypted PEM, PFX). For edge
// runtimes: the in-memory PKCS#8 path without anything of Node's. And the built entries, loaded as they are.
// Build first: pnpm turbo run build.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, startEmulator } from '@identity/emulator';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateFiles,
  type TestCertificate,
  testCertificate,
} from '../test/client-certificate-test-support.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const APP = `import { ClientCertificateCredential } from '@identity/client-certificate';
async function main({ tenantId, clientId, certificate, authorityHost }) {
  const credential = new ClientCertificateCredential(tenantId, clientId, certificate, { authorityHost, env: {} });
  try {
    return { token: (await credential.getToken('https://vault.azure.net/.default')).token };
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
}`;

let emulator: Emulator;
let cert: TestCertificate;
beforeAll(async () => {
  [emulator, cert] = await Promise.all([startEmulator({ rejectAssertionReplay: false }), testCertificate()]);
});
afterAll(() => emulator.stop());

describe.each(['esm', 'cjs'] as const)('a Node app bundled into one file (%s)', (format) => {
  it('gets tokens with a PEM file, an encrypted PEM file and PFX files (OpenSSL 3 and legacy), by path', async () => {
    const certificates = certificateFiles(cert, testSecret('certificate-password'));
    for (const certificate of certificates) {
      const app = emulator.registerApp({ certificates: [cert.certificatePem] });
      const result = (await runBundledApp({
        source: APP,
        resolveDir: packageDir,
        format,
        input: { tenantId: app.tenantId, clientId: app.clientId, certificate, authorityHost: emulator.url },
      })) as { token?: string; error?: { message: string } };
      expect(result.error, JSON.stringify(certificate)).toBeUndefined();
      expect((await emulator.verifyAccessToken(result.token ?? '')).appid).toBe(app.clientId);
    }
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('signs with WebCrypto and holds nothing of Node: no built-in, no file reading, no PFX decoder', async () => {
    const code = await bundleCode(`${APP}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    expect(code).toContain('x5t#S256');
    expect(nodeOnlyImports(code)).toEqual([]);
    expect(code).not.toContain('createPrivateKey');
    expect(code).not.toContain('1.2.840.113549.1.12');
    // What a certificate file meets on these runtimes: the portable path's clear refusal.
    expect(code).toContain('need Node.js');
  });
});

describe('the built package', () => {
  it('names its classes as users import them, in the node and portable entries, ESM and CommonJS', async () => {
    // Each entry file of dist, loaded by Node as it is: every class's `name`, as `constructor.name` shows it.
    const script = `const entries = [
      await import('./dist/index.node.js'), await import('./dist/index.js'),
      await import('./dist/index.node.cjs'), await import('./dist/index.cjs'),
    ];
    console.log(JSON.stringify(entries.map((entry) => [entry.ClientCertificateCredential.name, entry.ClientCertificateAssertion.name])));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
    });
    expect(JSON.parse(stdout)).toEqual(
      Array(4).fill(['ClientCertificateCredential', 'ClientCertificateAssertion']),
    );
  });
});
