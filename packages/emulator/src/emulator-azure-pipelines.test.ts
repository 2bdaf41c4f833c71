import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, postToken } from '../test/emulator-test-support.js';
import { JWT_BEARER_ASSERTION_TYPE } from './emulator-client-assertion.js';
import { type Emulator, startEmulator } from './emulator-server.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const CONNECTION = '2f0a6a3e-6a50-4d54-b2b2-3b7b3a0c9b11';

function requestOidcToken(
  uri: string,
  token: string,
  headers: Record<string, string> = {},
  query = `api-version=7.1&serviceConnectionId=${CONNECTION}`,
) {
  return fetch(`${uri}?${query}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-tfs-fedauthredirect': 'Suppress',
      ...headers,
    },
  });
}

describe('the Azure Pipelines OIDC endpoint', () => {
  it('returns an OIDC token for the service connection that the app’s federated credential accepts', async () => {
    const pipeline = emulator.registerPipeline({
      systemAccessToken: 'job-token',
      serviceConnectionId: CONNECTION,
    });
    expect(pipeline.subject).toBe(`sc://emulated-org/emulated-project/${CONNECTION}`);
    expect(pipeline.oidcRequestUri).toMatch(
      new RegExp(
        `^${emulator.url}/emulated-org/emulated-project/_apis/distributedtask/hubs/build/plans/[0-9a-f-]{36}/jobs/[0-9a-f-]{36}/oidctoken$`,
      ),
    );

    const response = await requestOidcToken(pipeline.oidcRequestUri, 'job-token');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-vss-e2eid')).toMatch(/^[0-9a-f-]{36}$/);
    const { oidcToken } = (await response.json()) as { oidcToken: string };
    expect(claimsOf(oidcToken)).toMatchObject({
      iss: pipeline.issuer,
      sub: pipeline.subject,
      aud: 'api://AzureADTokenExchange',
    });

    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: pipeline.issuer, subject: pipeline.subject }],
    });
    const answer = await postToken(emulator, app.tenantId, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      client_assertion: oidcToken,
      scope: 'https://management.azure.com/.default',
    });
    expect(answer.status).toBe(200);
  });

  it('answers a wrong system access token with 401 and the correlation headers', async () => {
    const pipeline = emulator.registerPipeline({
      systemAccessToken: 'job-token-2',
      serviceConnectionId: CONNECTION,
    });
    const response = await requestOidcToken(pipeline.oidcRequestUri, 'not-the-token');
    expect(response.status).toBe(401);
    expect(response.headers.get('x-vss-e2eid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-msedge-ref')).toMatch(/^Ref A: /);
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'azure-pipelines-oidc', status: 401 });
  });

  it('redirects to sign-in, as Azure DevOps does, when X-TFS-FedAuthRedirect is not Suppress', async () => {
    const pipeline = emulator.registerPipeline({
      systemAccessToken: 'job-token-3',
      serviceConnectionId: CONNECTION,
    });
    const response = await requestOidcToken(pipeline.oidcRequestUri, 'wrong', {
      'x-tfs-fedauthredirect': '',
    });
    expect(response.status).toBe(302);
  });

  it('requires api-version 7.1 and a service connection the job may use', async () => {
    const pipeline = emulator.registerPipeline({
      systemAccessToken: 'job-token-4',
      serviceConnectionId: CONNECTION,
    });
    const oldVersion = await requestOidcToken(
      pipeline.oidcRequestUri,
      'job-token-4',
      {},
      `api-version=6.0&serviceConnectionId=${CONNECTION}`,
    );
    expect(oldVersion.status).toBe(400);
    const noConnection = await requestOidcToken(
      pipeline.oidcRequestUri,
      'job-token-4',
      {},
      'api-version=7.1',
    );
    expect(noConnection.status).toBe(400);
    const otherConnection = await requestOidcToken(
      pipeline.oidcRequestUri,
      'job-token-4',
      {},
      'api-version=7.1&serviceConnectionId=other',
    );
    expect(otherConnection.status).toBe(404);
  });

  it('validates registrations', () => {
    expect(() =>
      emulator.registerPipeline({ systemAccessToken: '', serviceConnectionId: CONNECTION }),
    ).toThrow(TypeError);
    expect(() => emulator.registerPipeline({ systemAccessToken: 't', serviceConnectionId: '../x' })).toThrow(
      TypeError,
    );
  });
});
