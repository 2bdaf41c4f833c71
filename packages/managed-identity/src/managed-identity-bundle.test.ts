// The edge promise, checked on the built package: an app that gets a managed-identity token bundles for the
// neutral platform (no Node built-ins), and carries neither the Node-only sources nor any proxy code.
import { fileURLToPath } from 'node:url';
import { bundleCode } from '@identity/tooling/test-bundle';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const APP = `import { ManagedIdentityCredential } from '@identity/managed-identity';
export const token = await new ManagedIdentityCredential().getToken('https://vault.azure.net/.default');`;

// The bench's own build of the app, for the edge runtimes.
const bundle = () => bundleCode(APP, { platform: 'neutral', resolveDir: packageDir });

describe('the managed-identity bundle', () => {
  it('builds for the neutral platform with every source detected and no Node built-in', async () => {
    const code = await bundle();
    for (const variable of [
      'IDENTITY_SERVER_THUMBPRINT',
      'MSI_SECRET',
      'IMDS_ENDPOINT',
      'AZURE_FEDERATED_TOKEN_FILE',
    ]) {
      expect(code).toContain(variable);
    }
    expect(code).not.toMatch(/["']node:/);
    // Azure Arc's key file and Service Fabric's pinned TLS stay in the ./node entry, loaded by name at run time.
    expect(code).toContain('@identity/managed-identity/node');
    expect(code).not.toContain('/var/opt/azcmagent/tokens');
    expect(code).not.toContain('fingerprint256');
  });

  it('has no proxy code: managed-identity endpoints are on the host and never go through a proxy', async () => {
    const code = await bundle();
    expect(code).not.toContain('@identity/core/node-proxy');
    expect(code).not.toMatch(/_proxy/i);
  });
});
