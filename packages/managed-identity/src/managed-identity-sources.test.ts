import { CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { managedIdentityNodeSupport } from './managed-identity-credential.node.js';
import type { ManagedIdentityId } from './managed-identity-id.js';
import type { HttpEndpoint, HttpEndpointParts, ManagedIdentityEndpoint } from './managed-identity-source.js';
import { detectSource } from './managed-identity-sources.js';

const SYSTEM: ManagedIdentityId = { kind: 'system' };
const CLIENT: ManagedIdentityId = { kind: 'clientId', value: '11111111-1111-1111-1111-111111111111' };
const OBJECT: ManagedIdentityId = { kind: 'objectId', value: '22222222-2222-2222-2222-222222222222' };
const RESOURCE: ManagedIdentityId = {
  kind: 'resourceId',
  value: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/w',
};

const ENVIRONMENTS = {
  TokenExchange: {
    AZURE_TENANT_ID: 't',
    AZURE_CLIENT_ID: CLIENT.value,
    AZURE_FEDERATED_TOKEN_FILE: '/var/run/token',
  },
  ServiceFabric: {
    IDENTITY_ENDPOINT: 'https://localhost:2377/metadata/identity/oauth2/token',
    IDENTITY_HEADER: 'h',
    IDENTITY_SERVER_THUMBPRINT: 'AB12',
  },
  AppService: { IDENTITY_ENDPOINT: 'http://127.0.0.1:41741/msi/token', IDENTITY_HEADER: 'h' },
  AzureML: { MSI_ENDPOINT: 'http://127.0.0.1:46808/MSI/auth', MSI_SECRET: 's' },
  CloudShell: { MSI_ENDPOINT: 'http://localhost:50342/oauth2/token' },
  AzureArc: {
    IDENTITY_ENDPOINT: 'http://localhost:40342/metadata/identity/oauth2/token',
    IMDS_ENDPOINT: 'http://localhost:40342',
  },
  IMDS: {},
} as const;

// Detection as the `node` entry's credential does it, with the files that exist given here.
const detect = (env: Record<string, string>, id: ManagedIdentityId = SYSTEM, files: string[] = []) =>
  detectSource({
    env,
    id,
    node: { ...managedIdentityNodeSupport, fileExists: (path: string) => files.includes(path) },
  });

// Azure Arc and Service Fabric are detected here and load their requests through Node support.
const httpParts = async (endpoint: ManagedIdentityEndpoint): Promise<HttpEndpointParts> =>
  'load' in endpoint ? endpoint.load() : (endpoint as HttpEndpoint);

describe('detection order', () => {
  it.each(Object.entries(ENVIRONMENTS))('%s is detected from its variables', (source, env) => {
    expect(detect(env).source).toBe(source);
  });

  it.each([
    [
      'token exchange before everything',
      { ...ENVIRONMENTS.TokenExchange, ...ENVIRONMENTS.ServiceFabric },
      'TokenExchange',
    ],
    [
      'Service Fabric before App Service (the thumbprint decides)',
      ENVIRONMENTS.ServiceFabric,
      'ServiceFabric',
    ],
    ['App Service before Azure ML', { ...ENVIRONMENTS.AppService, ...ENVIRONMENTS.AzureML }, 'AppService'],
    ['Azure ML before Cloud Shell (the secret decides)', ENVIRONMENTS.AzureML, 'AzureML'],
    ['Cloud Shell before Azure Arc', { ...ENVIRONMENTS.CloudShell, ...ENVIRONMENTS.AzureArc }, 'CloudShell'],
    [
      'App Service before Azure Arc (IDENTITY_HEADER decides)',
      { ...ENVIRONMENTS.AzureArc, IDENTITY_HEADER: 'h' },
      'AppService',
    ],
    ['IMDS when only IMDS_ENDPOINT is set', { IMDS_ENDPOINT: 'http://127.0.0.1:9' }, 'IMDS'],
    [
      'IMDS when token exchange lacks a client id',
      { AZURE_TENANT_ID: 't', AZURE_FEDERATED_TOKEN_FILE: '/f' },
      'IMDS',
    ],
    [
      'IMDS when variables are blank',
      { IDENTITY_ENDPOINT: ' ', IDENTITY_HEADER: '', MSI_ENDPOINT: '' },
      'IMDS',
    ],
  ])('%s', (_, env, source) => {
    expect(detect(env as Record<string, string>).source).toBe(source);
  });

  it('finds Azure Arc from its installed agent, with the agent default endpoint', async () => {
    const endpoint = detect({}, SYSTEM, ['/opt/azcmagent/bin/himds']);
    expect(endpoint.source).toBe('AzureArc');
    expect((await httpParts(endpoint)).buildRequest('https://vault.azure.net', SYSTEM).url).toMatch(
      /^http:\/\/127\.0\.0\.1:40342\/metadata\/identity\/oauth2\/token\?api-version=2020-06-01&/,
    );
  });

  it('treats variables the runtime refuses to read (Deno without --allow-env) as unset: IMDS', () => {
    const refusing = new Proxy(
      {},
      {
        get() {
          throw new Error('NotCapable: Requires env access');
        },
      },
    );
    expect(detect(refusing, SYSTEM).source).toBe('IMDS');
  });

  it('token exchange uses the clientId option over AZURE_CLIENT_ID', () => {
    expect(detect({ AZURE_TENANT_ID: 't', AZURE_FEDERATED_TOKEN_FILE: '/f' }, CLIENT).source).toBe(
      'TokenExchange',
    );
  });
});

describe('identity kinds each source serves', () => {
  // Which of system / clientId / objectId / resourceId each source accepts.
  const table: [keyof typeof ENVIRONMENTS, boolean, boolean, boolean][] = [
    ['TokenExchange', true, false, false],
    ['ServiceFabric', false, false, false],
    ['AppService', true, true, true],
    ['AzureML', true, false, false],
    ['CloudShell', false, false, false],
    ['AzureArc', true, true, true],
    ['IMDS', true, true, true],
  ];
  it.each(table)('%s: clientId %s, objectId %s, resourceId %s', (source, client, object, resource) => {
    const env = ENVIRONMENTS[source];
    expect(detect(env, SYSTEM).source).toBe(source);
    for (const [id, accepted] of [
      [CLIENT, client],
      [OBJECT, object],
      [RESOURCE, resource],
    ] as const) {
      if (accepted) expect(detect(env, id).source).toBe(source);
      else {
        const error = (() => {
          try {
            detect(env, id);
          } catch (e) {
            return e;
          }
        })();
        expect(CredentialUnavailableError.isInstance(error)).toBe(true);
        expect((error as Error).message).toContain(source);
        expect((error as Error).message).toContain(id.value);
      }
    }
  });

  it('says what to pass instead: the kinds the source serves, or no id where it has only its own', () => {
    expect(() => detect(ENVIRONMENTS.CloudShell, CLIENT)).toThrow(/only its own identity, so pass no id\./);
    expect(() => detect(ENVIRONMENTS.ServiceFabric, CLIENT)).toThrow(
      /only its own identity, so pass no id\./,
    );
    expect(() => detect(ENVIRONMENTS.AzureML, OBJECT)).toThrow(/pass clientId, or no id\./);
    expect(() => detect(ENVIRONMENTS.TokenExchange, OBJECT)).toThrow(/pass clientId, or no id\./);
  });
});

describe('endpoint variables are validated', () => {
  it.each([
    ['IDENTITY_ENDPOINT', { ...ENVIRONMENTS.AppService, IDENTITY_ENDPOINT: 'not a url' }],
    ['IDENTITY_ENDPOINT', { ...ENVIRONMENTS.AppService, IDENTITY_ENDPOINT: 'file:///etc/passwd' }],
    ['IDENTITY_ENDPOINT', { ...ENVIRONMENTS.AppService, IDENTITY_ENDPOINT: 'http://user:pw@127.0.0.1/msi' }],
    ['MSI_ENDPOINT', { MSI_ENDPOINT: 'ftp://127.0.0.1/x' }],
    ['IMDS_ENDPOINT', { ...ENVIRONMENTS.AzureArc, IMDS_ENDPOINT: '::' }],
    ['AZURE_POD_IDENTITY_AUTHORITY_HOST', { AZURE_POD_IDENTITY_AUTHORITY_HOST: 'javascript:alert(1)' }],
    [
      'IDENTITY_ENDPOINT',
      { ...ENVIRONMENTS.ServiceFabric, IDENTITY_ENDPOINT: 'http://localhost:2377/token' },
    ],
  ])('a malformed %s is an InvalidArgumentError that names it', (name, env) => {
    const error = (() => {
      try {
        detect(env as Record<string, string>);
      } catch (e) {
        return e;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(name);
  });

  it.each([
    ['not a url', 'IDENTITY_ENDPOINT must be an http(s) URL.'],
    ['file:///etc/passwd', 'IDENTITY_ENDPOINT must be an http(s) URL.'],
    [
      'http://admin:Pw-TEST-SECRET@127.0.0.1/msi',
      'IDENTITY_ENDPOINT must not contain a user name or password.',
    ],
  ])('says what is wrong with IDENTITY_ENDPOINT "%s", never repeating it', (value, problem) => {
    const env = { ...ENVIRONMENTS.AppService, IDENTITY_ENDPOINT: value };
    expect(() => detect(env)).toThrow(`ManagedIdentityCredential: ${problem} Troubleshooting:`);
    expect(() => detect(env)).not.toThrow(/TEST-SECRET|passwd/);
  });

  it('Service Fabric takes https only, and says so', () => {
    const env = { ...ENVIRONMENTS.ServiceFabric, IDENTITY_ENDPOINT: 'http://localhost:2377/token' };
    expect(() => detect(env)).toThrow('IDENTITY_ENDPOINT must be an https URL.');
  });
});

describe('requests, exact to the wire', () => {
  const resource = 'https://vault.azure.net';
  const build = async (source: keyof typeof ENVIRONMENTS, id: ManagedIdentityId = SYSTEM, extra = {}) => {
    const endpoint = await httpParts(detect({ ...ENVIRONMENTS[source], ...extra }));
    const request = endpoint.buildRequest(resource, id);
    return { ...request, query: Object.fromEntries(new URL(request.url).searchParams) };
  };

  it('IMDS: GET with Metadata: true, 2018-02-01, msi_res_id; AZURE_POD_IDENTITY_AUTHORITY_HOST moves the host', async () => {
    const request = await build('IMDS', RESOURCE, {
      AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:8080',
    });
    expect(request.url.startsWith('http://127.0.0.1:8080/metadata/identity/oauth2/token?')).toBe(true);
    expect(request).toMatchObject({ method: 'GET', headers: { Metadata: 'true' } });
    expect(request.query).toEqual({ 'api-version': '2018-02-01', resource, msi_res_id: RESOURCE.value });
    expect(
      (await build('IMDS')).url.startsWith('http://169.254.169.254/metadata/identity/oauth2/token?'),
    ).toBe(true);
  });

  it('App Service: X-IDENTITY-HEADER, 2019-08-01, mi_res_id / object_id / client_id', async () => {
    expect(await build('AppService', RESOURCE)).toMatchObject({
      headers: { 'X-IDENTITY-HEADER': 'h' },
      query: { 'api-version': '2019-08-01', resource, mi_res_id: RESOURCE.value },
    });
    expect((await build('AppService', OBJECT)).query.object_id).toBe(OBJECT.value);
    expect((await build('AppService', CLIENT)).query.client_id).toBe(CLIENT.value);
  });

  it('Service Fabric: secret header, 2019-07-01-preview', async () => {
    expect(await build('ServiceFabric')).toMatchObject({
      headers: { secret: 'h' },
      query: { 'api-version': '2019-07-01-preview', resource },
    });
  });

  it('Azure ML: secret + Metadata, 2017-09-01, clientid (DEFAULT_IDENTITY_CLIENT_ID for the system identity)', async () => {
    expect(await build('AzureML', CLIENT)).toMatchObject({
      headers: { secret: 's', Metadata: 'true' },
      query: { 'api-version': '2017-09-01', resource, clientid: CLIENT.value },
    });
    expect((await build('AzureML', SYSTEM, { DEFAULT_IDENTITY_CLIENT_ID: 'own' })).query.clientid).toBe(
      'own',
    );
    expect((await build('AzureML')).query.clientid).toBeUndefined();
  });

  it('Cloud Shell: POST form resource with Metadata: true', async () => {
    const request = await build('CloudShell');
    expect(request).toMatchObject({
      method: 'POST',
      headers: { Metadata: 'true' },
      body: `resource=${encodeURIComponent(resource)}`,
    });
  });

  it('Azure Arc: 2020-06-01, Metadata: true, localhost turned into 127.0.0.1', async () => {
    const request = await build('AzureArc', CLIENT);
    expect(request.url.startsWith('http://127.0.0.1:40342/')).toBe(true);
    expect(request).toMatchObject({
      headers: { Metadata: 'true' },
      query: { 'api-version': '2020-06-01', client_id: CLIENT.value },
    });
  });
});
