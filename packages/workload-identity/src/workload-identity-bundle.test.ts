// WorkloadIdentityCredential as it is deployed on AKS. For Node: bundled into one file (ESM and CommonJS) and run
// from a folder with no node_modules, configured by the webhook's variables, against the emulator: with the token
// file, and through the AKS token proxy (TLS with the cluster's CA and SNI name). For edge runtimes: nothing of
// Node's. Build first: pnpm turbo run build.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, type EmulatorIssuer, startEmulator } from '@identity/emulator';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTls, startTestProxy, type TestProxy } from '../test/workload-identity-test-support.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SUBJECT = 'system:serviceaccount:default:worker';
const SNI = 'proxy.aks.test';

const APP = `import { WorkloadIdentityCredential } from '@identity/workload-identity';
async function main({ enableAzureProxy }) {
  const credential = new WorkloadIdentityCredential({ enableAzureProxy });
  try {
    return { token: (await credential.getToken('https://storage.azure.com/.default')).token };
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
}`;

let emulator: Emulator;
let cluster: EmulatorIssuer;
let proxy: TestProxy;
let dir: string;
const tls = createTestTls(SNI);
beforeAll(async () => {
  emulator = await startEmulator();
  cluster = emulator.createIssuer('aks');
  proxy = await startTestProxy(tls, emulator.url, '/aks-token-proxy');
  dir = temporaryFolder('wi-bundle');
  writeFileSync(join(dir, 'ca.crt'), tls.caPem, { mode: 0o600 });
});
afterAll(async () => {
  await proxy.stop();
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['esm', 'cjs'] as const)('a Node app bundled into one file (%s)', (format) => {
  // The variables the AKS webhook sets; the token file as the kubelet projects it.
  const webhook = async () => {
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: cluster.issuer, subject: SUBJECT }],
    });
    const tokenFile = join(dir, `token-${format}`);
    writeFileSync(tokenFile, await cluster.mint({ subject: SUBJECT }), { mode: 0o600 });
    const env = {
      AZURE_TENANT_ID: app.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
    };
    return { app, env };
  };
  const run = (env: Record<string, string>, enableAzureProxy = false) =>
    runBundledApp({
      source: APP,
      resolveDir: packageDir,
      format,
      input: { enableAzureProxy },
      env,
    }) as Promise<{
      token?: string;
      error?: { message: string };
    }>;

  it('gets a token with the token file', async () => {
    const { app, env } = await webhook();
    const result = await run({ ...env, AZURE_AUTHORITY_HOST: emulator.url });
    expect(result.error).toBeUndefined();
    expect(await emulator.verifyAccessToken(result.token ?? '')).toMatchObject({ appid: app.clientId });
  });

  it('gets a token through the AKS token proxy, trusting the CA file and presenting the SNI name', async () => {
    const { app, env } = await webhook();
    const result = await run(
      {
        ...env,
        AZURE_KUBERNETES_TOKEN_PROXY: `${proxy.url}/aks-token-proxy`,
        AZURE_KUBERNETES_SNI_NAME: SNI,
        AZURE_KUBERNETES_CA_FILE: join(dir, 'ca.crt'),
      },
      true,
    );
    expect(result.error).toBeUndefined();
    expect(await emulator.verifyAccessToken(result.token ?? '')).toMatchObject({ appid: app.clientId });
    expect(proxy.seen.at(-1)).toEqual({
      path: `/aks-token-proxy/${app.tenantId}/oauth2/v2.0/token`,
      servername: SNI,
    });
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('holds the credential and nothing of Node: no file reading, no TLS transport', async () => {
    const code = await bundleCode(`${APP}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    expect(code).toContain('AZURE_FEDERATED_TOKEN_FILE');
    expect(nodeOnlyImports(code)).toEqual([]);
    expect(code).not.toContain('BEGIN CERTIFICATE');
    // What the token file meets here: the portable path's clear refusal.
    expect(code).toContain('this runtime has no file system');
  });
});
