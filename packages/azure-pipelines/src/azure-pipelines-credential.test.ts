import { inspect } from 'node:util';
import { AuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import { jsonResponse, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { AzurePipelinesCredential } from './azure-pipelines-credential.js';
import type { AzurePipelinesCredentialOptions } from './azure-pipelines-credential-options.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const CONNECTION = '2f0a6a3e-6a50-4d54-b2b2-3b7b3a0c9b11';
const SCOPE = 'https://management.azure.com/.default';
const OIDC_URI =
  'https://dev.azure.com/org/project-id/_apis/distributedtask/hubs/build/plans/plan/jobs/job/oidctoken';
const CORRELATION = { 'x-vss-e2eid': 'e2e-1234', 'x-msedge-ref': 'Ref A: 5678' };

function setup(...responses: (() => Response)[]) {
  return setupWith({}, ...responses);
}

function setupWith(options: AzurePipelinesCredentialOptions, ...responses: (() => Response)[]) {
  const systemAccessToken = testSecret('system-access-token');
  const transport = scriptedFetch(...responses);
  const credential = new AzurePipelinesCredential(TENANT, CLIENT, CONNECTION, systemAccessToken, {
    fetch: transport.fetch,
    env: { SYSTEM_OIDCREQUESTURI: OIDC_URI },
    retryOptions: { maxRetries: 0 },
    ...options,
  });
  return { credential, transport, systemAccessToken };
}

describe('AzurePipelinesCredential', () => {
  it('asks Azure DevOps for the OIDC token, then presents it to Entra as the client assertion', async () => {
    const oidcToken = testSecret('oidc-token');
    const { credential, transport, systemAccessToken } = setup(
      () => jsonResponse({ oidcToken }, 200, CORRELATION),
      () => jsonResponse({ access_token: testSecret('at'), expires_in: 3600 }),
    );
    await credential.getToken(SCOPE);
    const [oidc, token] = transport.requests;
    expect(oidc?.method).toBe('POST');
    expect(oidc?.url).toBe(`${OIDC_URI}?api-version=7.1&serviceConnectionId=${CONNECTION}`);
    expect(oidc?.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: `Bearer ${systemAccessToken}`,
      'x-tfs-fedauthredirect': 'Suppress',
    });
    expect(token?.url).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
    expect(new URLSearchParams(token?.body).get('client_assertion')).toBe(oidcToken);
  });

  it('names the app to Azure DevOps and to Entra with userAgentOptions.userAgentPrefix', async () => {
    const { credential, transport } = setupWith(
      { userAgentOptions: { userAgentPrefix: 'release-pipeline/3' } },
      () => jsonResponse({ oidcToken: 'oidc' }),
      () => jsonResponse({ access_token: 'a', expires_in: 3600 }),
    );
    await credential.getToken(SCOPE);
    expect(transport.requests.map((request) => request.headers['user-agent'])).toEqual([
      expect.stringMatching(/^release-pipeline\/3 identity\.js\/\S+$/),
      expect.stringMatching(/^release-pipeline\/3 identity\.js\/\S+$/),
    ]);
  });

  it('asks Azure DevOps again for each new token request, never for a cached token', async () => {
    const { credential, transport } = setup(
      () => jsonResponse({ oidcToken: 'oidc-1' }),
      () => jsonResponse({ access_token: 'a', expires_in: 3600 }),
      () => jsonResponse({ oidcToken: 'oidc-2' }),
      () => jsonResponse({ access_token: 'b', expires_in: 3600 }),
    );
    await credential.getToken(SCOPE);
    await credential.getToken(SCOPE);
    await credential.getToken('https://vault.azure.net/.default');
    expect(transport.requests.map((r) => new URL(r.url).pathname.split('/').at(-1))).toEqual([
      'oidctoken',
      'token',
      'oidctoken',
      'token',
    ]);
  });

  it('reports a refused OIDC request with the status and correlation headers, never the access token', async () => {
    const { credential, systemAccessToken } = setup(() =>
      jsonResponse({ message: `TF400813: not authorized; token ${systemAccessToken}` }, 401, CORRELATION),
    );
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.errorResponse).toMatchObject({ correlationId: 'e2e-1234', traceId: 'Ref A: 5678' });
    expect(error.message).toContain('x-vss-e2eid: e2e-1234');
    expect(error.message).toContain('x-msedge-ref: Ref A: 5678');
    expect(error.message).toContain('System.AccessToken');
    expect(error.message).not.toContain(systemAccessToken);
    // Nor anywhere else the error keeps it: its raw body and details included.
    expect(inspect(error, { showHidden: true, depth: 5 })).not.toContain(systemAccessToken);
  });

  it('keeps no part of the access token where the excerpt of an answer without oidcToken cuts it', async () => {
    const { credential, systemAccessToken } = setup(
      () => new Response(`<html>${'x'.repeat(180)} ${systemAccessToken} </html>`, { status: 200 }),
    );
    const error = await credential.getToken(SCOPE).catch((e) => e);
    const shown = inspect(error, { showHidden: true, depth: 5 });
    expect(shown).toContain('[redacted]');
    expect(shown).not.toContain(systemAccessToken.slice(0, 8));
  });

  it('never keeps the access token that a proxy or service echoes into the correlation headers', async () => {
    const { credential, systemAccessToken } = setup(() =>
      jsonResponse({ message: 'denied' }, 401, {
        'x-vss-e2eid': `Bearer ${systemAccessToken}`,
        'x-msedge-ref': systemAccessToken,
      }),
    );
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    for (const text of [JSON.stringify(error), inspect(error, { showHidden: true, depth: 5 })]) {
      expect(text).not.toContain(systemAccessToken);
    }
  });

  it('reports an answer without oidcToken as an invalid response', async () => {
    const { credential } = setup(
      () => new Response('<html>sign in</html>', { status: 200, headers: CORRELATION }),
    );
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toContain('without an oidcToken');
  });

  it('reports a network failure as an AuthenticationError with the network code', async () => {
    const { credential } = setup(() => {
      throw new TypeError('fetch failed');
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AUTHENTICATION_NETWORK_ERROR');
  });

  it('is unavailable outside a pipeline, naming SYSTEM_OIDCREQUESTURI, without sending anything', async () => {
    const transport = scriptedFetch(() => jsonResponse({}));
    const credential = new AzurePipelinesCredential(TENANT, CLIENT, CONNECTION, 'token', {
      fetch: transport.fetch,
      env: {},
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('SYSTEM_OIDCREQUESTURI is not set');
    expect(transport.requests).toHaveLength(0);
  });

  it.each([
    ['plain http off loopback', 'http://dev.azure.com/x/oidctoken'],
    ['embedded credentials', 'https://user:pw@dev.azure.com/x/oidctoken'],
    ['not a URL', 'dev.azure.com/x'],
  ])('refuses a SYSTEM_OIDCREQUESTURI with %s', async (_label, uri) => {
    const transport = scriptedFetch(() => jsonResponse({}));
    const credential = new AzurePipelinesCredential(TENANT, CLIENT, CONNECTION, 'token', {
      fetch: transport.fetch,
      env: { SYSTEM_OIDCREQUESTURI: uri },
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(transport.requests).toHaveLength(0);
  });

  it('validates its inputs, including the service connection id that reaches the URL', () => {
    expect(() => new AzurePipelinesCredential(TENANT, CLIENT, '', 'token')).toThrow(
      /serviceConnectionId is missing/,
    );
    expect(() => new AzurePipelinesCredential(TENANT, CLIENT, 'a&api-version=1', 'token')).toThrow(
      /serviceConnectionId is not valid/,
    );
    expect(() => new AzurePipelinesCredential(TENANT, CLIENT, CONNECTION, '')).toThrow(
      /systemAccessToken is missing/,
    );
    expect(() => new AzurePipelinesCredential('', CLIENT, CONNECTION, 'token')).toThrow(
      /tenantId is missing/,
    );
  });
});
