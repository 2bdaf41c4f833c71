// The edge promise, checked on the built package: an app that uses an in-memory PKCS#8 key bundles for the
// neutral platform (no Node built-ins), and neither the Node-only module nor node-forge comes along.
import { fileURLToPath } from 'node:url';
import { bundleCode } from '@identity/tooling/test-bundle';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const APP = `import { ClientCertificateCredential } from '@identity/client-certificate';
export const credential = new ClientCertificateCredential('tenant', 'client', { certificate: globalThis.PEM });`;

describe('the in-memory PKCS#8 bundle', () => {
  it('builds for the neutral platform without Node built-ins, node-forge or the Node module', async () => {
    const code = await bundleCode(APP, { platform: 'neutral', resolveDir: packageDir });
    expect(code).toContain('x5t#S256');
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toContain('pkcs12');
    expect(code).not.toContain('createPrivateKey');
    // The Node module stays a run-time import behind a variable specifier.
    expect(code).toContain('@identity/client-certificate/node');
  });
});
