// Every credential's errors read alike: representative failures of each (bad input, a refusal, no answer, a
// timeout, an answer that is not a token, not configured), and each message ends its sentences with one period
// and carries exactly one troubleshooting pointer to a heading of the guide (an aggregate, one per attempt). Real
// credentials, the Entra ID emulator over loopback, developer tools absent from an empty PATH.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AzureCliCredential } from '@identity/azure-cli';
import { AzureDeveloperCliCredential } from '@identity/azure-developer-cli';
import { AzurePipelinesCredential } from '@identity/azure-pipelines';
import { AzurePowerShellCredential } from '@identity/azure-powershell';
import { ClientAssertionCredential } from '@identity/client-assertion';
import { ClientCertificateCredential } from '@identity/client-certificate';
import { ClientSecretCredential } from '@identity/client-secret';
import type { IdentityErrorCode, TokenCredential } from '@identity/core';
import { ChainedTokenCredential, getBearerTokenProvider, isIdentityError, TokenCache } from '@identity/core';
import type { Emulator, EmulatorFault } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { EnvironmentCredential } from '@identity/environment';
import { ManagedIdentityCredential } from '@identity/managed-identity';
import { OnBehalfOfCredential } from '@identity/on-behalf-of';
import { SharedTokenCacheCredential } from '@identity/shared-token-cache';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { UsernamePasswordCredential } from '@identity/username-password';
import { WorkloadIdentityCredential } from '@identity/workload-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefaultAzureCredential } from './default-azure-credential.js';

const SCOPE = 'https://vault.azure.net/.default';
const CLIENT = '11111111-1111-1111-1111-111111111111';

// What a call throws, whether it throws at once or rejects.
async function failureOf(call: () => unknown): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('error messages of every credential', () => {
  let emulator: Emulator;
  // The discard port on loopback: connections are refused at once, and nothing leaves the machine.
  const dead = 'http://127.0.0.1:9';
  let nothing: string;
  const anchors = guideAnchors();
  beforeAll(async () => {
    emulator = await startEmulator();
    nothing = temporaryFolder('no-tools');
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(nothing, { recursive: true, force: true });
  });

  // Options that keep a credential on the emulator (or a dead port) and away from the machine's environment.
  const quick = { retryOptions: { maxRetries: 0 }, env: {} };
  const onEmulator = () => ({ ...quick, authorityHost: emulator.url });
  const app = () => emulator.registerApp({});
  // An app in a tenant of its own, and a fault on its token path only: a fault its request never reached (the
  // client gave up first) cannot be taken by the next case's request.
  const appWithFault = (fault: Omit<EmulatorFault, 'route'>) => {
    const registered = emulator.registerApp({ tenantId: randomUUID() });
    emulator.faults.add({ ...fault, route: `/${registered.tenantId}/` });
    return registered;
  };
  const bareEnv = () => ({ PATH: nothing, HOME: nothing, AZURE_POD_IDENTITY_AUTHORITY_HOST: dead });

  // What fails, the code it must fail with (so each case is the failure it names), and how.
  const failures: [string, IdentityErrorCode, () => unknown][] = [
    [
      'ClientSecretCredential: a tenant id that is a dot segment',
      'INVALID_ARGUMENT',
      () => new ClientSecretCredential('..', CLIENT, 's'),
    ],
    [
      'ClientSecretCredential: an authority host with a password',
      'INVALID_ARGUMENT',
      () =>
        new ClientSecretCredential('t', CLIENT, 's', {
          authorityHost: 'https://u:pw-TEST-SECRET@login.example',
        }),
    ],
    [
      'ClientSecretCredential: a wrong secret',
      'AUTHENTICATION_FAILED',
      () => {
        const { tenantId, clientId } = app();
        return new ClientSecretCredential(tenantId, clientId, testSecret('wrong'), onEmulator()).getToken(
          SCOPE,
        );
      },
    ],
    [
      'ClientSecretCredential: no answer from the authority',
      'AUTHENTICATION_NETWORK_ERROR',
      () => new ClientSecretCredential('t', CLIENT, 's', { ...quick, authorityHost: dead }).getToken(SCOPE),
    ],
    [
      'ClientSecretCredential: a timeout',
      'AUTHENTICATION_REQUEST_TIMEOUT',
      () => {
        const { tenantId, clientId, clientSecret } = appWithFault({ latencyMs: 1000 });
        return new ClientSecretCredential(tenantId, clientId, clientSecret as string, {
          ...onEmulator(),
          requestTimeoutInMs: 50,
        }).getToken(SCOPE);
      },
    ],
    [
      'ClientSecretCredential: an answer that is not a token',
      'INVALID_RESPONSE',
      () => {
        const { tenantId, clientId, clientSecret } = appWithFault({ body: '<html>sign in</html>' });
        return new ClientSecretCredential(tenantId, clientId, clientSecret as string, onEmulator()).getToken(
          SCOPE,
        );
      },
    ],
    [
      'ClientSecretCredential: throttled',
      'AUTHENTICATION_FAILED',
      () => {
        const { tenantId, clientId, clientSecret } = appWithFault({ status: 429 });
        return new ClientSecretCredential(tenantId, clientId, clientSecret as string, onEmulator()).getToken(
          SCOPE,
        );
      },
    ],
    [
      'ClientSecretCredential: a tenant that is not allowed',
      'CREDENTIAL_UNAVAILABLE',
      () => new ClientSecretCredential('t', CLIENT, 's', quick).getToken(SCOPE, { tenantId: 'other' }),
    ],
    [
      'ClientSecretCredential: claims that are not JSON',
      'INVALID_ARGUMENT',
      () =>
        new ClientSecretCredential('t', CLIENT, 's', quick).getToken(SCOPE, {
          claims: 'nope',
          enableCae: true,
        }),
    ],
    [
      'ClientAssertionCredential: getAssertion throws',
      'AUTHENTICATION_FAILED',
      () =>
        new ClientAssertionCredential(
          't',
          CLIENT,
          () => {
            throw new Error('the token file is gone.');
          },
          quick,
        ).getToken(SCOPE),
    ],
    [
      'ClientAssertionCredential: getAssertion returns nothing',
      'INVALID_ARGUMENT',
      () => new ClientAssertionCredential('t', CLIENT, () => '', quick).getToken(SCOPE),
    ],
    [
      'ClientCertificateCredential: no such file',
      'AUTHENTICATION_FAILED',
      () => new ClientCertificateCredential('t', CLIENT, join(nothing, 'missing.pem'), quick).getToken(SCOPE),
    ],
    [
      'UsernamePasswordCredential: a wrong password',
      'AUTHENTICATION_FAILED',
      () => {
        const { tenantId, clientId } = emulator.registerApp({ publicClient: true } as never);
        emulator.registerUser({ tenantId, username: 'ada@contoso.com', password: testSecret('right') });
        return new UsernamePasswordCredential(
          tenantId,
          clientId,
          'ada@contoso.com',
          testSecret('wrong'),
          onEmulator(),
        ).getToken('https://graph.microsoft.com/User.Read');
      },
    ],
    [
      'OnBehalfOfCredential: no client credential',
      'INVALID_ARGUMENT',
      () => new OnBehalfOfCredential({ tenantId: 't', clientId: CLIENT, userAssertionToken: 'x' } as never),
    ],
    [
      'WorkloadIdentityCredential: not configured',
      'CREDENTIAL_UNAVAILABLE',
      () => new WorkloadIdentityCredential({ env: {} }),
    ],
    [
      'WorkloadIdentityCredential: no token file',
      'CREDENTIAL_UNAVAILABLE',
      () =>
        new WorkloadIdentityCredential({
          ...quick,
          tenantId: 't',
          clientId: CLIENT,
          tokenFilePath: join(nothing, 'token'),
        }).getToken(SCOPE),
    ],
    [
      'AzurePipelinesCredential: outside a pipeline',
      'CREDENTIAL_UNAVAILABLE',
      () => new AzurePipelinesCredential('t', CLIENT, 'connection', testSecret('job'), quick).getToken(SCOPE),
    ],
    [
      'AzurePipelinesCredential: a wrong access token',
      'AUTHENTICATION_FAILED',
      () => {
        const pipeline = emulator.registerPipeline({
          systemAccessToken: testSecret('job'),
          serviceConnectionId: 'connection',
        });
        return new AzurePipelinesCredential('t', CLIENT, 'connection', testSecret('other-job'), {
          ...onEmulator(),
          env: { SYSTEM_OIDCREQUESTURI: pipeline.oidcRequestUri },
        }).getToken(SCOPE);
      },
    ],
    [
      'EnvironmentCredential: not configured',
      'CREDENTIAL_UNAVAILABLE',
      () => new EnvironmentCredential({ env: {} }).getToken(SCOPE),
    ],
    [
      'EnvironmentCredential: its credential is unavailable for a tenant',
      'AUTHENTICATION_FAILED',
      () =>
        new EnvironmentCredential({
          env: { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: testSecret('env') },
        }).getToken(SCOPE, { tenantId: 'other' }),
    ],
    [
      'ManagedIdentityCredential: no IMDS',
      'CREDENTIAL_UNAVAILABLE',
      () =>
        new ManagedIdentityCredential({
          ...quick,
          env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: dead },
        }).getToken(SCOPE),
    ],
    [
      'ManagedIdentityCredential: no identity assigned',
      'CREDENTIAL_UNAVAILABLE',
      () =>
        new ManagedIdentityCredential({
          ...quick,
          clientId: CLIENT,
          env: emulator.managedIdentity.environment('IMDS'),
        }).getToken(SCOPE),
    ],
    [
      'ManagedIdentityCredential: App Service fails',
      'AUTHENTICATION_FAILED',
      () => {
        emulator.faults.add({ route: '/msi', status: 500 });
        return new ManagedIdentityCredential({
          ...quick,
          env: emulator.managedIdentity.environment('AppService'),
        }).getToken(SCOPE);
      },
    ],
    [
      'ManagedIdentityCredential: a malformed endpoint',
      'INVALID_ARGUMENT',
      () => new ManagedIdentityCredential({ env: { IDENTITY_ENDPOINT: 'nope', IDENTITY_HEADER: 'h' } }),
    ],
    [
      'SharedTokenCacheCredential: no persistence plugin registered',
      'CREDENTIAL_UNAVAILABLE',
      () => new SharedTokenCacheCredential({ env: bareEnv() }).getToken(SCOPE),
    ],
    [
      'SharedTokenCacheCredential: a cache that cannot list its accounts',
      'CREDENTIAL_UNAVAILABLE',
      () => new SharedTokenCacheCredential({ env: bareEnv(), tokenCache: new TokenCache() }).getToken(SCOPE),
    ],
    [
      'AzureCliCredential: not installed',
      'CREDENTIAL_UNAVAILABLE',
      () => new AzureCliCredential({ env: bareEnv() }).getToken(SCOPE),
    ],
    [
      'AzureCliCredential: an option-like tenant',
      'INVALID_ARGUMENT',
      () => new AzureCliCredential({ tenantId: '--debug' }),
    ],
    [
      'AzureDeveloperCliCredential: not installed',
      'CREDENTIAL_UNAVAILABLE',
      () => new AzureDeveloperCliCredential({ env: bareEnv() }).getToken(SCOPE),
    ],
    [
      'AzurePowerShellCredential: not installed',
      'CREDENTIAL_UNAVAILABLE',
      () => new AzurePowerShellCredential({ env: bareEnv() }).getToken(SCOPE),
    ],
    [
      'DefaultAzureCredential: nothing set up',
      'AGGREGATE_AUTHENTICATION_FAILED',
      () => new DefaultAzureCredential({ env: bareEnv() }).getToken(SCOPE),
    ],
    [
      'DefaultAzureCredential: a member that cannot be created',
      'AGGREGATE_AUTHENTICATION_FAILED',
      () =>
        new DefaultAzureCredential({
          env: { ...bareEnv(), AZURE_TOKEN_CREDENTIALS: 'dev' },
          processTimeoutInMs: -1,
        }).getToken(SCOPE),
    ],
    [
      'ChainedTokenCredential: empty',
      'CREDENTIAL_UNAVAILABLE',
      () => new ChainedTokenCredential().getToken(SCOPE),
    ],
    [
      'ChainedTokenCredential: a credential returning null',
      'AGGREGATE_AUTHENTICATION_FAILED',
      () => new ChainedTokenCredential({ getToken: async () => null } as TokenCredential).getToken(SCOPE),
    ],
    [
      'getBearerTokenProvider: a credential returning null',
      'CREDENTIAL_UNAVAILABLE',
      () => getBearerTokenProvider({ getToken: async () => null } as TokenCredential, SCOPE)(),
    ],
  ];

  it.each(failures)('%s', async (_label, code, call) => {
    const error = await failureOf(call);
    expect(isIdentityError(error) && error.code).toBe(code);
    expect(messageProblems(error.message, anchors)).toEqual([]);
    expect(inspect(error, { showHidden: true, depth: 6 })).not.toContain('TEST-SECRET');
  });
});
