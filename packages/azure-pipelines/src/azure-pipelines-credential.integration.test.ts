// End to end against the emulator: its Azure Pipelines OIDC endpoint, then its token endpoint.
import { AuthenticationError } from '@identity/core';
import { type Emulator, startEmulator } from '@identity/emulator';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzurePipelinesCredential } from './azure-pipelines-credential.js';

const CONNECTION = '2f0a6a3e-6a50-4d54-b2b2-3b7b3a0c9b11';
const SCOPE = 'https://management.azure.com/.default';

describe('AzurePipelinesCredential against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it('gets a token for the service connection’s app', async () => {
    const systemAccessToken = testSecret('system-access-token');
    const pipeline = emulator.registerPipeline({ systemAccessToken, serviceConnectionId: CONNECTION });
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: pipeline.issuer, subject: pipeline.subject }],
    });
    const credential = new AzurePipelinesCredential(
      app.tenantId,
      app.clientId,
      CONNECTION,
      systemAccessToken,
      {
        authorityHost: emulator.url,
        env: { SYSTEM_OIDCREQUESTURI: pipeline.oidcRequestUri },
      },
    );
    const { token } = await credential.getToken(SCOPE);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ appid: app.clientId, appidacr: '2' });
    expect(emulator.requestCount('azure-pipelines-oidc')).toBe(1);
  });

  it('fails with the status and correlation ids when the access token is wrong', async () => {
    const pipeline = emulator.registerPipeline({
      systemAccessToken: testSecret('right'),
      serviceConnectionId: CONNECTION,
    });
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: pipeline.issuer, subject: pipeline.subject }],
    });
    const wrong = testSecret('wrong');
    const credential = new AzurePipelinesCredential(app.tenantId, app.clientId, CONNECTION, wrong, {
      authorityHost: emulator.url,
      env: { SYSTEM_OIDCREQUESTURI: pipeline.oidcRequestUri },
      retryOptions: { maxRetries: 0 },
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.errorResponse.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toMatch(/x-vss-e2eid: [0-9a-f-]{36}, x-msedge-ref: Ref A: /);
    expect(error.message).not.toContain(wrong);
  });

  it('names itself when Entra refuses the OIDC token', async () => {
    const pipeline = emulator.registerPipeline({ systemAccessToken: 'job', serviceConnectionId: CONNECTION });
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: pipeline.issuer, subject: 'sc://other/connection' }],
    });
    const credential = new AzurePipelinesCredential(app.tenantId, app.clientId, CONNECTION, 'job', {
      authorityHost: emulator.url,
      env: { SYSTEM_OIDCREQUESTURI: pipeline.oidcRequestUri },
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(error.message).toMatch(
      /^AzurePipelinesCredential failed \(HTTP 401\): invalid_client - AADSTS700213/,
    );
  });
});
