import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, CredentialUnavailableError } from '@identity/core';
import { namedPipe, temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { jsonResponse, manualClock, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
// The Node entry's credential: the token file and the AKS token proxy need it.
import { WorkloadIdentityCredential } from './index.node.js';
import {
  WorkloadIdentityCredential as PortableWorkloadIdentityCredential,
  WorkloadIdentityCredentialBase,
} from './workload-identity-credential.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SCOPE = 'https://storage.azure.com/.default';
const token = () => jsonResponse({ access_token: testSecret('at'), expires_in: 3600 });
const expired = () =>
  jsonResponse(
    {
      error: 'invalid_client',
      error_description: 'AADSTS700024: Client assertion is not within its valid time range.',
      error_codes: [700024],
    },
    401,
  );

function tokenFile(content: string) {
  const path = join(temporaryFolder('wi-cred'), 'azure-identity-token');
  const write = (text: string) => writeFileSync(path, text, { mode: 0o600 });
  write(content);
  return { path, write };
}

const assertionOf = (body: string | undefined) => new URLSearchParams(body).get('client_assertion');

describe('WorkloadIdentityCredential', () => {
  it('reads tenant, client and token file from the environment', async () => {
    const file = tokenFile('sa-token-1');
    const transport = scriptedFetch(() => token());
    const credential = new WorkloadIdentityCredential({
      fetch: transport.fetch,
      env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_FEDERATED_TOKEN_FILE: file.path },
    });
    await credential.getToken(SCOPE);
    const [request] = transport.requests;
    expect(request?.url).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toMatchObject({
      client_id: CLIENT,
      grant_type: 'client_credentials',
      client_assertion: 'sa-token-1',
    });
  });

  it('prefers its options over the environment', async () => {
    const file = tokenFile('from-option');
    const transport = scriptedFetch(() => token());
    const credential = new WorkloadIdentityCredential({
      tenantId: 'contoso.example',
      clientId: CLIENT,
      tokenFilePath: file.path,
      fetch: transport.fetch,
      env: { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: 'other', AZURE_FEDERATED_TOKEN_FILE: '/nowhere' },
    });
    await credential.getToken(SCOPE);
    expect(transport.requests[0]?.url).toContain('/contoso.example/');
    expect(assertionOf(transport.requests[0]?.body)).toBe('from-option');
  });

  it.each([
    [{}, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE']],
    [{ AZURE_TENANT_ID: TENANT }, ['AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE']],
    [{ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT }, ['AZURE_FEDERATED_TOKEN_FILE']],
    [{ AZURE_CLIENT_ID: CLIENT, AZURE_FEDERATED_TOKEN_FILE: '/t' }, ['AZURE_TENANT_ID']],
  ])('is unavailable with %j, naming what to set', (env, missing) => {
    let error: unknown;
    try {
      new WorkloadIdentityCredential({ env });
    } catch (e) {
      error = e;
    }
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    for (const name of missing) expect((error as Error).message).toContain(name);
    const present = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE'].filter(
      (name) => !missing.includes(name),
    );
    for (const name of present) expect((error as Error).message).not.toContain(name);
  });

  it('is unavailable when the token file is missing, so a chain moves on', async () => {
    const credential = new WorkloadIdentityCredential({
      tenantId: TENANT,
      clientId: CLIENT,
      tokenFilePath: join(tmpdir(), 'wi-missing', 'token'),
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/could not be read \(ENOENT\)/);
  });

  // A variable pointing at the wrong file must fail at once: not fill memory and send it all to Entra (a huge file,
  // a device), nor wait for ever for a writer (a named pipe), holding one of libuv's few threads.
  it.each([
    ['a file over 1 MiB', () => tokenFile('x'.repeat(2 ** 20 + 1)).path],
    ['a folder', () => mkdirSync(join(temporaryFolder('wi-folder'), 'token'), { recursive: true }) as string],
    ...(process.platform === 'win32'
      ? []
      : [['a named pipe', () => namedPipe(join(temporaryFolder('wi-pipe'), 'token'))]]),
  ] as [string, () => string][])(
    'is unavailable, sending nothing, when the token file is %s',
    async (_, path) => {
      const transport = scriptedFetch(() => token());
      const credential = new WorkloadIdentityCredential({
        tenantId: TENANT,
        clientId: CLIENT,
        tokenFilePath: path(),
        fetch: transport.fetch,
      });
      const error = await credential.getToken(SCOPE).catch((e) => e);
      expect(CredentialUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/could not be read \(not a regular file of at most 1 MiB\)/);
      expect(transport.requests).toHaveLength(0);
    },
  );

  it('re-reads the file at once and retries once when Entra finds the token expired (AADSTS700024)', async () => {
    const file = tokenFile('stale-token');
    const transport = scriptedFetch(
      () => {
        file.write('rotated-token'); // kubelet rotated the file after the credential read it
        return expired();
      },
      () => token(),
    );
    const credential = new WorkloadIdentityCredential({
      tenantId: TENANT,
      clientId: CLIENT,
      tokenFilePath: file.path,
      fetch: transport.fetch,
      clock: manualClock(),
      retryOptions: { maxRetries: 0 },
    });
    await credential.getToken(SCOPE);
    expect(transport.requests.map((r) => assertionOf(r.body))).toEqual(['stale-token', 'rotated-token']);
  });

  it('retries only once: a second expired answer is the error', async () => {
    const file = tokenFile('stale-token');
    const transport = scriptedFetch(expired);
    const credential = new WorkloadIdentityCredential({
      tenantId: TENANT,
      clientId: CLIENT,
      tokenFilePath: file.path,
      fetch: transport.fetch,
      retryOptions: { maxRetries: 0 },
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^WorkloadIdentityCredential failed \(HTTP 401\)/);
    expect(transport.requests).toHaveLength(2);
  });

  it('does not retry other refusals', async () => {
    const file = tokenFile('token');
    const transport = scriptedFetch(() =>
      jsonResponse(
        { error: 'invalid_client', error_description: 'AADSTS700213: no match', error_codes: [700213] },
        401,
      ),
    );
    const credential = new WorkloadIdentityCredential({
      tenantId: TENANT,
      clientId: CLIENT,
      tokenFilePath: file.path,
      fetch: transport.fetch,
      retryOptions: { maxRetries: 0 },
    });
    await expect(credential.getToken(SCOPE)).rejects.toThrow(/AADSTS700213/);
    expect(transport.requests).toHaveLength(1);
  });

  it('goes back to the file after five minutes', async () => {
    const file = tokenFile('token-1');
    const clock = manualClock();
    const transport = scriptedFetch(() => token());
    const credential = new WorkloadIdentityCredential({
      tenantId: TENANT,
      clientId: CLIENT,
      tokenFilePath: file.path,
      fetch: transport.fetch,
      clock,
    });
    await credential.getToken('https://a.example/.default');
    file.write('token-2');
    await clock.advance(4 * 60_000);
    await credential.getToken('https://b.example/.default');
    await clock.advance(60_000);
    await credential.getToken('https://c.example/.default');
    expect(transport.requests.map((r) => assertionOf(r.body))).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('checks the proxy variables on the first request when the AKS proxy is enabled', async () => {
    const file = tokenFile('token');
    const transport = scriptedFetch(() => token());
    const env = {
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_FEDERATED_TOKEN_FILE: file.path,
      AZURE_KUBERNETES_SNI_NAME: 'x.ests.aks',
    };
    const proxied = new WorkloadIdentityCredential({ env, enableAzureProxy: true, fetch: transport.fetch });
    const error = await proxied.getToken(SCOPE).catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/AZURE_KUBERNETES_TOKEN_PROXY is not\./);
    expect(transport.requests).toHaveLength(0);
    // Off by default, as in @azure/identity: the proxy variables are then ignored.
    await new WorkloadIdentityCredential({ env, fetch: transport.fetch }).getToken(SCOPE);
    expect(transport.requests).toHaveLength(1);
  });
});

describe('WorkloadIdentityCredential of the portable entry (runtimes without Node)', () => {
  const env = (path: string, extra = {}) => ({
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT,
    AZURE_FEDERATED_TOKEN_FILE: path,
    ...extra,
  });

  it("shares its base with the Node entry's, and both carry the public name", () => {
    expect(Object.getPrototypeOf(WorkloadIdentityCredential)).toBe(WorkloadIdentityCredentialBase);
    expect(Object.getPrototypeOf(PortableWorkloadIdentityCredential)).toBe(WorkloadIdentityCredentialBase);
    expect(PortableWorkloadIdentityCredential.name).toBe('WorkloadIdentityCredential');
  });

  it('says it has no file system to read the token file from, and sends nothing', async () => {
    const transport = scriptedFetch(() => token());
    const credential = new PortableWorkloadIdentityCredential({
      env: env(tokenFile('t').path),
      fetch: transport.fetch,
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /could not be read \(this runtime has no file system; run on Node\.js, Deno or Bun\)/,
    );
    expect(transport.requests).toHaveLength(0);
  });

  it('with the AKS token proxy enabled, still stops at the token file, before anything is sent', async () => {
    const transport = scriptedFetch(() => token());
    const credential = new PortableWorkloadIdentityCredential({
      env: env(tokenFile('t').path, { AZURE_KUBERNETES_TOKEN_PROXY: 'https://10.0.0.1:8443' }),
      enableAzureProxy: true,
      fetch: transport.fetch,
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(error.message).toMatch(/this runtime has no file system/);
    expect(transport.requests).toHaveLength(0);
  });
});
