// What a user of @azure/identity's DefaultAzureCredential relies on at run time, beside the type-level usage file
// (test/azure-identity-usage), which `pnpm typecheck` compiles.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@identity/core';
import { jsonResponse, scriptedFetch } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import * as fromDefault from './index.js';
import { ChainedTokenCredential, DefaultAzureCredential } from './index.js';

const SCOPE = 'https://vault.azure.net/.default';
// @azure/identity as the bench installs it, when it has (the repository's .bench-scratch).
const peerDefaultChain = join(
  dirname(fileURLToPath(import.meta.url)),
  ...['..', '..', '..', '.bench-scratch', 'peer', 'node_modules', '@azure', 'identity'],
  ...['dist', 'esm', 'credentials', 'defaultAzureCredential.js'],
);
// What @azure/identity 4.14's DefaultAzureCredential accepts in AZURE_TOKEN_CREDENTIALS (case-insensitive).
const PEER_TOKEN_CREDENTIALS = [
  'dev',
  'prod',
  'EnvironmentCredential',
  'WorkloadIdentityCredential',
  'ManagedIdentityCredential',
  'VisualStudioCodeCredential',
  'AzureCliCredential',
  'AzurePowerShellCredential',
  'AzureDeveloperCliCredential',
];
const SERVICE_PRINCIPAL = {
  AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  AZURE_CLIENT_SECRET: 'client-secret-TEST-SECRET-parity',
  AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential',
};

describe('DefaultAzureCredential, as @azure/identity users know it', () => {
  it('is a ChainedTokenCredential, instanceof included', () => {
    const credential = new DefaultAzureCredential({ env: {} });
    expect(credential).toBeInstanceOf(ChainedTokenCredential);
    expect(credential).toBeInstanceOf(core.ChainedTokenCredential);
  });

  it('still remembers the member that worked, as the chain it is', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      jsonResponse({ access_token: 'token', expires_in: 3599, token_type: 'Bearer' }),
    );
    const credential = new DefaultAzureCredential({ env: SERVICE_PRINCIPAL, fetch });
    await credential.getToken(SCOPE);
    expect(credential.selectedCredential).toBeDefined();
    expect(credential.selectedCredentialName).toBe('EnvironmentCredential');
    expect(requests).toHaveLength(1);
  });

  it("passes userAgentOptions to its members: the app's prefix reaches the token request", async () => {
    const { fetch, requests } = scriptedFetch(() =>
      jsonResponse({ access_token: 'token', expires_in: 3599, token_type: 'Bearer' }),
    );
    const credential = new DefaultAzureCredential({
      env: SERVICE_PRINCIPAL,
      fetch,
      userAgentOptions: { userAgentPrefix: 'contoso-billing/2.1' },
    });
    await credential.getToken(SCOPE);
    expect(requests[0]?.headers['user-agent']).toMatch(/^contoso-billing\/2\.1 identity\.js\/\S+$/);
  });
});

describe('@identity/default exports what is imported beside DefaultAzureCredential', () => {
  // Each export beside the very one @identity/core exports (one class, so instanceof and isInstance agree).
  it.each([
    ['getBearerTokenProvider', fromDefault.getBearerTokenProvider, core.getBearerTokenProvider],
    ['ChainedTokenCredential', fromDefault.ChainedTokenCredential, core.ChainedTokenCredential],
    ['AzureAuthorityHosts', fromDefault.AzureAuthorityHosts, core.AzureAuthorityHosts],
    ['logger', fromDefault.logger, core.logger],
    [
      'AggregateAuthenticationError',
      fromDefault.AggregateAuthenticationError,
      core.AggregateAuthenticationError,
    ],
    ['AuthenticationError', fromDefault.AuthenticationError, core.AuthenticationError],
    [
      'AuthenticationRequiredError',
      fromDefault.AuthenticationRequiredError,
      core.AuthenticationRequiredError,
    ],
    ['CredentialUnavailableError', fromDefault.CredentialUnavailableError, core.CredentialUnavailableError],
    ['AuthenticationErrorName', fromDefault.AuthenticationErrorName, 'AuthenticationError'],
    [
      'CredentialUnavailableErrorName',
      fromDefault.CredentialUnavailableErrorName,
      'CredentialUnavailableError',
    ],
    [
      'AggregateAuthenticationErrorName',
      fromDefault.AggregateAuthenticationErrorName,
      'AggregateAuthenticationError',
    ],
  ])('%s', (_name, exported, expected) => {
    expect(exported).toBeDefined();
    expect(exported).toBe(expected);
  });
});

describe('AZURE_TOKEN_CREDENTIALS, set for an app on @azure/identity', () => {
  it.each(PEER_TOKEN_CREDENTIALS)('accepts %s when the credential is created', (value) => {
    expect(() => new DefaultAzureCredential({ env: { AZURE_TOKEN_CREDENTIALS: value } })).not.toThrow();
    expect(
      () => new DefaultAzureCredential({ env: { AZURE_TOKEN_CREDENTIALS: ` ${value.toUpperCase()} ` } }),
    ).not.toThrow();
  });

  it('reports a member not built here as unavailable, saying what to use, when a token is asked for', async () => {
    const credential = new DefaultAzureCredential({
      env: { AZURE_TOKEN_CREDENTIALS: 'VisualStudioCodeCredential' },
    });
    expect(credential.members.map((member) => member.name)).toEqual(['VisualStudioCodeCredential']);
    const error = await credential.getToken(SCOPE).catch((e: unknown) => e);
    expect(core.AggregateAuthenticationError.isInstance(error)).toBe(true);
    const [attempt] = (error as core.AggregateAuthenticationError).errors;
    expect(core.CredentialUnavailableError.isInstance(attempt)).toBe(true);
    expect(attempt?.message).toMatch(
      /^VisualStudioCodeCredential is not available in @identity yet: .*az login/,
    );
  });

  it('still refuses a value @azure/identity refuses too, when the credential is created', () => {
    expect(
      () => new DefaultAzureCredential({ env: { AZURE_TOKEN_CREDENTIALS: 'BrokerCredential' } }),
    ).toThrow(core.InvalidArgumentError);
  });

  it.skipIf(!existsSync(peerDefaultChain))('lists what the installed @azure/identity accepts', () => {
    const source = readFileSync(peerDefaultChain, 'utf8');
    const names = /validCredentialNames = "([^"]+)"/.exec(source)?.[1]?.split(', ');
    expect(names).toBeDefined();
    expect(['dev', 'prod', ...(names ?? [])].sort()).toEqual([...PEER_TOKEN_CREDENTIALS].sort());
    expect(source).toContain('case "dev":');
    expect(source).toContain('case "prod":');
  });
});
