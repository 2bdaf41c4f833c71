// ManagedIdentityCredential as it is deployed. For Node: bundled into one file (ESM and CommonJS) and run from a
// folder with no node_modules against the emulator: IMDS, Azure Arc's key-file challenge, Service Fabric's pinned
// TLS and token exchange, all from the one file. For edge runtimes: every source detected, nothing of Node's
// carried, and no proxy code (managed-identity endpoints are on the host). Build first: pnpm turbo run build.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SCOPE = 'https://vault.azure.net/.default';

// Each case is a credential's options; errors come back as their messages.
const APP = `import { ManagedIdentityCredential } from '@identity/managed-identity';
async function main({ cases }) {
  const results = [];
  for (const options of cases) {
    try {
      results.push({ token: (await new ManagedIdentityCredential(options).getToken('${SCOPE}')).token });
    } catch (error) {
      results.push({ error: String(error?.message ?? error) });
    }
  }
  return results;
}`;

let emulator: Emulator;
let secure: Emulator;
let folder: string;
beforeAll(async () => {
  [emulator, secure] = await Promise.all([startEmulator(), startEmulator({ https: true })]);
  folder = temporaryFolder('mi-bundle');
});
afterAll(async () => {
  await Promise.all([emulator.stop(), secure.stop()]);
  rmSync(folder, { recursive: true, force: true });
});

describe.each(['esm', 'cjs'] as const)('a Node app bundled into one file (%s)', (format) => {
  it('gets tokens from IMDS, Azure Arc, Service Fabric and token exchange', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    secure.managedIdentity.assign({ systemAssigned: true });
    const cluster = emulator.createIssuer('aks');
    const subject = 'system:serviceaccount:default:worker';
    const federated = emulator.registerApp({ federatedCredentials: [{ issuer: cluster.issuer, subject }] });
    const tokenFile = join(folder, `token-${format}`);
    writeFileSync(tokenFile, await cluster.mint({ subject }), { mode: 0o600 });
    const cases = [
      { env: emulator.managedIdentity.environment('IMDS') },
      {
        env: emulator.managedIdentity.environment('AzureArc'),
        // The agent's token folder, where the emulator writes the challenge's key files.
        arcTokenDirectory: emulator.managedIdentity.arcTokenDirectory,
      },
      { env: secure.managedIdentity.environment('ServiceFabric') },
      {
        env: {
          AZURE_TENANT_ID: federated.tenantId,
          AZURE_CLIENT_ID: federated.clientId,
          AZURE_FEDERATED_TOKEN_FILE: tokenFile,
        },
        authorityHost: emulator.url,
      },
    ];
    const arcBefore = emulator.requestCount('azure-arc');
    const results = (await runBundledApp({
      source: APP,
      resolveDir: packageDir,
      format,
      input: { cases },
    })) as { token?: string; error?: string }[];
    expect(results.map((result) => result.error)).toEqual([undefined, undefined, undefined, undefined]);
    const [imds, arc, serviceFabric, exchange] = results.map((result) => result.token ?? '');
    for (const token of [imds, arc, exchange]) {
      expect(await emulator.verifyAccessToken(token as string)).toMatchObject({
        aud: 'https://vault.azure.net',
      });
    }
    expect(await secure.verifyAccessToken(serviceFabric as string)).toMatchObject({
      aud: 'https://vault.azure.net',
    });
    expect(await emulator.verifyAccessToken(exchange as string)).toMatchObject({ appid: federated.clientId });
    // The challenge, then the answer with the key file's contents.
    expect(emulator.requestCount('azure-arc') - arcBefore).toBe(2);
  });
});

describe('a Node app where no IMDS answers', () => {
  it("gives up without ever loading Node's fetch implementation (tens of ms on a first request)", async () => {
    const result = (await runBundledApp({
      source: `import { ManagedIdentityCredential } from '@identity/managed-identity';
async function main() {
  const credential = new ManagedIdentityCredential({ env: { IMDS_ENDPOINT: 'http://127.0.0.1:9' }, probe: true });
  const error = await credential.getToken('${SCOPE}').catch((e) => e);
  return { error: error.name, fetchLoaded: process.moduleLoadList.some((name) => name.includes('undici')) };
}`,
      resolveDir: packageDir,
      format: 'esm',
    })) as { error: string; fetchLoaded: boolean };
    expect(result).toEqual({ error: 'CredentialUnavailableError', fetchLoaded: false });
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('detects every source, and holds nothing of Node and no proxy code', async () => {
    const code = await bundleCode(`${APP}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    for (const variable of [
      'IDENTITY_SERVER_THUMBPRINT',
      'MSI_SECRET',
      'IMDS_ENDPOINT',
      'AZURE_FEDERATED_TOKEN_FILE',
    ]) {
      expect(code).toContain(variable);
    }
    expect(nodeOnlyImports(code)).toEqual([]);
    // Azure Arc's key file, Service Fabric's pinned TLS and token exchange stay in the Node entry.
    expect(code).not.toContain('/var/opt/azcmagent/tokens');
    expect(code).not.toContain('fingerprint256');
    expect(code).not.toContain('client_assertion');
    // What those sources meet here: the portable path's clear refusal.
    expect(code).toContain('needs Node.js');
    expect(code).not.toContain('CONNECT');
    expect(code).not.toMatch(/_proxy/i);
  });
});
