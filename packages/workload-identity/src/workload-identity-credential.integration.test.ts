// Against the emulator over loopback: a token file in a temp dir that "Kubernetes" rotates, Entra's clock
// running ahead of the pod's, a pod that lives for more than a day, and the AKS token proxy over real TLS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthenticationError, CredentialUnavailableError } from '@identity/core';
import { type Emulator, type EmulatorIssuer, startEmulator } from '@identity/emulator';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { manualClock } from '@identity/tooling/test-world';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestTls, startTestProxy, type TestProxy } from '../test/workload-identity-test-support.js';
// The Node entry's credential: the token file and the AKS token proxy need it.
import { WorkloadIdentityCredential } from './index.node.js';

const SUBJECT = 'system:serviceaccount:default:worker';
const HOUR = 3600_000;

describe('WorkloadIdentityCredential against the emulator', () => {
  const clock = manualClock(Date.now());
  let entraAhead = 0;
  let emulator: Emulator;
  let k8s: EmulatorIssuer;
  let dir: string;
  let tokenFilePath: string;
  const rotate = async () =>
    writeFileSync(tokenFilePath, await k8s.mint({ subject: SUBJECT }), { mode: 0o600 });

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => clock.now() + entraAhead });
    k8s = emulator.createIssuer('aks');
    dir = temporaryFolder('wi-it');
    tokenFilePath = join(dir, 'azure-identity-token');
  });
  afterEach(() => {
    entraAhead = 0;
  });
  afterAll(() => emulator.stop());

  const credentialFor = (app: { tenantId: string; clientId: string }, extra = {}) =>
    new WorkloadIdentityCredential({
      env: {
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_FEDERATED_TOKEN_FILE: tokenFilePath,
      },
      authorityHost: emulator.url,
      clock,
      ...extra,
    });

  it('gets a token with the projected service account token', async () => {
    await rotate();
    const app = emulator.registerApp({ federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }] });
    const { token } = await credentialFor(app).getToken('https://storage.azure.com/.default');
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ appid: app.clientId });
  });

  it('recovers at once when Entra finds the token it read expired: re-reads the rotated file, retries once', async () => {
    await rotate();
    const app = emulator.registerApp({ federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }] });
    const credential = credentialFor(app);
    await credential.getToken('https://storage.azure.com/.default');

    entraAhead = 2 * HOUR; // to Entra, the token the credential holds has expired
    await rotate(); // and Kubernetes has written a fresh one
    const { token } = await credential.getToken('https://vault.azure.net/.default');

    expect(await emulator.verifyAccessToken(token)).toMatchObject({ aud: 'https://vault.azure.net' });
    const attempts = emulator.requests.filter((r) => r.clientId === app.clientId).map((r) => r.status);
    expect(attempts).toEqual([200, 401, 200]);
  });

  it('keeps working for more than a day while Kubernetes rotates the file every hour', async () => {
    await rotate();
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }],
      tokenLifetimeSeconds: 24 * 3600,
    });
    const credential = credentialFor(app);
    for (let hour = 0; hour <= 26; hour++) {
      const { token } = await credential.getToken('https://storage.azure.com/.default');
      expect(await emulator.verifyAccessToken(token)).toMatchObject({ appid: app.clientId });
      await clock.advance(HOUR);
      await rotate();
    }
    const statuses = emulator.requests.filter((r) => r.clientId === app.clientId).map((r) => r.status);
    expect(statuses.length).toBeGreaterThanOrEqual(2); // refreshed at least once along the way
    expect(statuses.every((status) => status === 200)).toBe(true);
  });

  it('fails as unavailable when the file disappears', async () => {
    const app = emulator.registerApp({ federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }] });
    const credential = new WorkloadIdentityCredential({
      tenantId: app.tenantId,
      clientId: app.clientId,
      tokenFilePath: join(dir, 'gone'),
      authorityHost: emulator.url,
    });
    await expect(credential.getToken('https://storage.azure.com/.default')).rejects.toSatisfy((e) =>
      CredentialUnavailableError.isInstance(e),
    );
  });

  describe('through the AKS token proxy', () => {
    const SNI = 'proxy.aks.test';
    const tls = createTestTls(SNI);
    let proxy: TestProxy;
    let caFile: string;
    beforeAll(async () => {
      proxy = await startTestProxy(tls, emulator.url, '/aks-token-proxy');
      caFile = join(dir, 'ca.crt');
      writeFileSync(caFile, tls.caPem, { mode: 0o600 });
    });
    afterAll(() => proxy.stop());

    const proxied = (app: { tenantId: string; clientId: string }, ca: Record<string, string>) =>
      credentialFor(app, {
        enableAzureProxy: true,
        env: {
          AZURE_TENANT_ID: app.tenantId,
          AZURE_CLIENT_ID: app.clientId,
          AZURE_FEDERATED_TOKEN_FILE: tokenFilePath,
          AZURE_KUBERNETES_TOKEN_PROXY: `${proxy.url}/aks-token-proxy`,
          AZURE_KUBERNETES_SNI_NAME: SNI,
          ...ca,
        },
        retryOptions: { maxRetries: 0 },
      });

    it('sends token requests to the proxy, with the SNI name, trusting the CA file', async () => {
      await rotate();
      const app = emulator.registerApp({ federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }] });
      const { token } = await proxied(app, { AZURE_KUBERNETES_CA_FILE: caFile }).getToken(
        'https://storage.azure.com/.default',
      );
      expect(await emulator.verifyAccessToken(token)).toMatchObject({ appid: app.clientId });
      expect(proxy.seen.at(-1)).toEqual({
        path: `/aks-token-proxy/${app.tenantId}/oauth2/v2.0/token`,
        servername: SNI,
      });
    });

    it('trusts CA data as well', async () => {
      await rotate();
      const app = emulator.registerApp({ federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }] });
      const credential = proxied(app, { AZURE_KUBERNETES_CA_DATA: tls.caPem });
      await expect(credential.getToken('https://storage.azure.com/.default')).resolves.toHaveProperty(
        'token',
      );
    });

    it('re-reads the CA file when it changes: a CA that did not sign the proxy fails, a broken one is reported', async () => {
      await rotate();
      const app = emulator.registerApp({ federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }] });
      const rotatingCa = join(dir, 'rotating-ca.crt');
      writeFileSync(rotatingCa, tls.caPem, { mode: 0o600 });
      const credential = proxied(app, { AZURE_KUBERNETES_CA_FILE: rotatingCa });
      await credential.getToken('https://a.example/.default');

      writeFileSync(rotatingCa, createTestTls('other.test').caPem);
      const untrusted = await credential.getToken('https://b.example/.default').catch((e) => e);
      expect(AuthenticationError.isInstance(untrusted)).toBe(true);
      expect(untrusted.code).toBe('AUTHENTICATION_NETWORK_ERROR');

      writeFileSync(rotatingCa, 'not a certificate');
      const broken = await credential.getToken('https://c.example/.default').catch((e) => e);
      expect(CredentialUnavailableError.isInstance(broken)).toBe(true);
      expect(broken.message).toMatch(/AZURE_KUBERNETES_CA_FILE ".*" holds no PEM certificate/);

      writeFileSync(rotatingCa, tls.caPem);
      await expect(credential.getToken('https://d.example/.default')).resolves.toHaveProperty('token');
    });
  });
});
