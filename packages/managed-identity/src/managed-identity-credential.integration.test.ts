// Every source against the emulator, over real loopback HTTP(S), through the credential of the Node entry.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientAssertionCredential } from '@identity/client-assertion';
import {
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
  setLogLevel,
  setLogSink,
} from '@identity/core';
import { type Emulator, startEmulator } from '@identity/emulator';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { manualClock, settleOnClock } from '@identity/tooling/test-world';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
// The Node entry: Azure Arc, Service Fabric and token exchange need it.
import { ManagedIdentityCredential } from './index.node.js';
import { managedIdentityAssertion } from './managed-identity-assertion.js';

const SCOPE = 'https://vault.azure.net/.default';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => {
  emulator.managedIdentity.clear();
  emulator.faults.clear();
});
afterAll(() => emulator.stop());

const claims = async (credential: ManagedIdentityCredential, scope = SCOPE) =>
  emulator.verifyAccessToken((await credential.getToken(scope)).token);

describe.each(['IMDS', 'AppService', 'AzureML', 'CloudShell', 'AzureArc'] as const)('%s', (source) => {
  const options = () => ({
    env: emulator.managedIdentity.environment(source),
    arcTokenDirectory: emulator.managedIdentity.arcTokenDirectory,
  });

  it('gets a token for the system-assigned identity', async () => {
    const identity = emulator.managedIdentity.assign({ systemAssigned: true });
    const credential = new ManagedIdentityCredential(options());
    expect(await claims(credential)).toMatchObject({
      aud: 'https://vault.azure.net',
      oid: identity.objectId,
      appid: identity.clientId,
      xms_mirid: identity.resourceId,
      idtyp: 'app',
    });
    const token = await credential.getToken(SCOPE);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_000_000);
  });

  if (source === 'CloudShell') return;
  it('gets a token for a user-assigned identity by client id', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const identity = emulator.managedIdentity.assign();
    expect(await claims(new ManagedIdentityCredential(identity.clientId, options()))).toMatchObject({
      oid: identity.objectId,
    });
  });

  if (source === 'AzureML') return;
  it('gets a token for a user-assigned identity by object id and by resource id', async () => {
    const identity = emulator.managedIdentity.assign();
    for (const id of [{ objectId: identity.objectId }, { resourceId: identity.resourceId }]) {
      expect(await claims(new ManagedIdentityCredential({ ...id, ...options() }))).toMatchObject({
        oid: identity.objectId,
      });
    }
  });
});

describe('the transport on Node', () => {
  const sources = ['IMDS', 'AppService', 'AzureML', 'CloudShell', 'AzureArc'] as const;
  const options = (source: (typeof sources)[number]) => ({
    env: emulator.managedIdentity.environment(source),
    arcTokenDirectory: emulator.managedIdentity.arcTokenDirectory,
  });

  it('reaches plain-http endpoints over node:http, never through the global fetch', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const globalFetch = vi.fn(globalThis.fetch);
    vi.stubGlobal('fetch', globalFetch);
    try {
      for (const source of sources) {
        expect(
          await claims(new ManagedIdentityCredential({ ...options(source), probe: true })),
        ).toMatchObject({
          aud: 'https://vault.azure.net',
        });
      }
    } finally {
      vi.unstubAllGlobals();
    }
    expect(globalFetch).not.toHaveBeenCalled();
  });

  it('uses the fetch option instead, when one is given', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const fetch = vi.fn(globalThis.fetch);
    for (const source of sources)
      await new ManagedIdentityCredential({ ...options(source), fetch }).getToken(SCOPE);
    expect(fetch.mock.calls.length).toBeGreaterThanOrEqual(sources.length);
  });

  it('reports an endpoint that refuses the connection as unavailable, naming the system error', async () => {
    const error = await new ManagedIdentityCredential({
      env: { IMDS_ENDPOINT: 'http://127.0.0.1:9' },
      probe: true,
    })
      .getToken(SCOPE)
      .catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(
      'GET http://127.0.0.1:9/metadata/identity/oauth2/token failed: connect ECONNREFUSED',
    );
  });
});

describe('IMDS over the wire', () => {
  const env = () => emulator.managedIdentity.environment('IMDS');

  it('an identity not assigned is CredentialUnavailableError that names it', async () => {
    const clientId = '99999999-9999-9999-9999-999999999999';
    const error = await new ManagedIdentityCredential(clientId, { env: env() })
      .getToken(SCOPE)
      .catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(clientId);
  });

  it('100 concurrent calls make one request', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const before = emulator.requestCount('imds');
    const credential = new ManagedIdentityCredential({ env: env() });
    await Promise.all(Array.from({ length: 100 }, () => credential.getToken(SCOPE)));
    expect(emulator.requestCount('imds') - before).toBe(1);
  });

  it('rides out a run of 410s and a 429 with Retry-After (injected clock)', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    emulator.faults.add({ route: 'imds', status: 410, times: 2 });
    emulator.faults.add({ route: 'imds', status: 429, retryAfter: '3' });
    const clock = manualClock();
    const { waits, value } = await settleOnClock(
      clock,
      new ManagedIdentityCredential({ env: env(), clock }).getToken(SCOPE),
    );
    expect(value?.token).toBeTruthy();
    expect(waits).toHaveLength(3);
    expect(waits[2]).toBe(3000);
  });

  it('probe mode sends the probe without the Metadata header, then the real request', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const before = emulator.requests.length;
    await new ManagedIdentityCredential({ env: env(), probe: true }).getToken(SCOPE);
    expect(emulator.requests.slice(before).map((r) => r.status)).toEqual([400, 200]);
  });
});

describe('App Service over the wire', () => {
  it('retries a dropped connection and a 503', async () => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    emulator.faults.add({ route: 'app-service', drop: true });
    emulator.faults.add({ route: 'app-service', status: 503 });
    const clock = manualClock();
    const credential = new ManagedIdentityCredential({
      env: emulator.managedIdentity.environment('AppService'),
      clock,
    });
    const { value } = await settleOnClock(clock, credential.getToken(SCOPE));
    expect(value?.token).toBeTruthy();
    expect(emulator.requestCount('app-service')).toBeGreaterThanOrEqual(3);
  });

  it('cuts off an answer over 1 MiB after one request', async () => {
    emulator.faults.add({ route: 'app-service', body: `{"access_token":"${'a'.repeat(2 * 1024 * 1024)}"}` });
    const before = emulator.requestCount('app-service');
    const credential = new ManagedIdentityCredential({
      env: emulator.managedIdentity.environment('AppService'),
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('sent over 1 MiB: not a token response');
    expect(emulator.requestCount('app-service') - before).toBe(1);
  });

  it('returns a token that was already expired when it arrived, with a warning naming clock skew', async () => {
    // The service's clock runs two hours behind this machine's.
    const behind = await startEmulator({ now: () => Date.now() - 2 * 3_600_000 });
    const lines: string[] = [];
    setLogLevel('warning');
    setLogSink((level, namespace, message) => lines.push(`${namespace} ${level} ${message}`));
    try {
      behind.managedIdentity.assign({ systemAssigned: true });
      const env = behind.managedIdentity.environment('AppService');
      const token = await new ManagedIdentityCredential({ env }).getToken(SCOPE);
      expect(token.expiresOnTimestamp).toBeLessThan(Date.now());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^ManagedIdentityCredential warning AppService sent a token that expired \d+ s ago: check this machine's clock for skew\.$/,
      );
    } finally {
      setLogSink(undefined);
      setLogLevel(undefined);
      await behind.stop();
    }
  });

  it('a wrong IDENTITY_HEADER is an AuthenticationError with the service message', async () => {
    const env = { ...emulator.managedIdentity.environment('AppService'), IDENTITY_HEADER: 'wrong' };
    const error = await new ManagedIdentityCredential({ env }).getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
  });
});

describe('Service Fabric over pinned TLS', () => {
  let secure: Emulator;
  beforeAll(async () => {
    secure = await startEmulator({ https: true });
    secure.managedIdentity.assign({ systemAssigned: true });
  });
  afterAll(() => secure.stop());

  it('gets a token when the server certificate matches IDENTITY_SERVER_THUMBPRINT', async () => {
    const credential = new ManagedIdentityCredential({
      env: secure.managedIdentity.environment('ServiceFabric'),
    });
    const token = await credential.getToken(SCOPE);
    expect(await secure.verifyAccessToken(token.token)).toMatchObject({ aud: 'https://vault.azure.net' });
  });

  it('refuses another certificate before the secret is sent', async () => {
    const before = secure.requestCount('service-fabric');
    const env = {
      ...secure.managedIdentity.environment('ServiceFabric'),
      IDENTITY_SERVER_THUMBPRINT: '00'.repeat(20),
    };
    const error = await new ManagedIdentityCredential({ env }).getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/IDENTITY_SERVER_THUMBPRINT/);
    expect(secure.requestCount('service-fabric')).toBe(before);
  });
});

describe('token exchange (AKS workload identity)', () => {
  it('hands over to WorkloadIdentityCredential with the pod token file', async () => {
    const cluster = emulator.createIssuer('aks');
    const subject = 'system:serviceaccount:default:worker';
    const app = emulator.registerApp({ federatedCredentials: [{ issuer: cluster.issuer, subject }] });
    const folder = temporaryFolder('mi-token-exchange');
    try {
      const tokenFile = join(folder, 'azure-identity-token');
      writeFileSync(tokenFile, await cluster.mint({ subject }), { mode: 0o600 });
      const env = {
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      };
      const credential = new ManagedIdentityCredential({ env, authorityHost: emulator.url });
      const imdsBefore = emulator.requestCount('imds');
      expect(await claims(credential)).toMatchObject({ tid: app.tenantId, appid: app.clientId });
      expect(emulator.requestCount('imds')).toBe(imdsBefore);
      expect(emulator.requests.at(-1)).toMatchObject({ route: 'token', clientId: app.clientId });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('token exchange tenant', () => {
  it.each(['..', '.', '-debug'])('refuses AZURE_TENANT_ID "%s" before anything is sent', async (tenant) => {
    const folder = temporaryFolder('mi-token-exchange');
    try {
      // A readable pod token, so that only the tenant check stands between the credential and a request.
      const tokenFile = join(folder, 'azure-identity-token');
      writeFileSync(tokenFile, 'pod-token', { mode: 0o600 });
      const before = emulator.requests.length;
      const env = {
        AZURE_TENANT_ID: tenant,
        AZURE_CLIENT_ID: '11111111-1111-1111-1111-111111111111',
        AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      };
      const credential = new ManagedIdentityCredential({ env, authorityHost: `${emulator.url}/prefix` });
      const error = await credential.getToken('https://vault.azure.net/.default').catch((e) => e);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error.message).toContain('tenantId');
      expect(emulator.requests.length).toBe(before);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('managed identity as a federated credential', () => {
  it("an app in another tenant trusts the identity's token as its client assertion", async () => {
    const identity = emulator.managedIdentity.assign({ systemAssigned: true });
    const otherTenant = emulator.registerTenant();
    const app = emulator.registerApp({
      tenantId: otherTenant,
      federatedCredentials: [
        { issuer: `${emulator.url}/${identity.tenantId}/v2.0`, subject: identity.objectId },
      ],
      roles: ['Data.Read'],
    });
    const managedIdentity = new ManagedIdentityCredential({
      env: emulator.managedIdentity.environment('IMDS'),
    });
    const credential = new ClientAssertionCredential(
      otherTenant,
      app.clientId,
      managedIdentityAssertion(managedIdentity),
      {
        authorityHost: emulator.url,
      },
    );
    const token = await credential.getToken('https://graph.microsoft.com/.default');
    expect(await emulator.verifyAccessToken(token.token)).toMatchObject({
      tid: otherTenant,
      appid: app.clientId,
      roles: ['Data.Read'],
    });
  });
});
