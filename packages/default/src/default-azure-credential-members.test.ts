import { CredentialUnavailableError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN_FACTORIES } from './default-azure-credential-factories.js';
import { DEFAULT_CHAIN } from './default-azure-credential-members.js';
import { resolveSettings } from './default-azure-credential-settings.js';

describe('the default chain', () => {
  it("tries environment, workload identity, managed identity, the shared token cache (Python's place), the developer tools, then the browser sign-in, in @azure/identity's order", () => {
    expect(DEFAULT_CHAIN.map((member) => member.name)).toEqual([
      'EnvironmentCredential',
      'WorkloadIdentityCredential',
      'ManagedIdentityCredential',
      'SharedTokenCacheCredential',
      'VisualStudioCodeCredential',
      'AzureCliCredential',
      'AzurePowerShellCredential',
      'AzureDeveloperCliCredential',
      'InteractiveBrowserCredential',
    ]);
  });

  it('leaves out only VisualStudioCodeCredential (not built here) and the browser sign-in unless asked for', () => {
    expect(DEFAULT_CHAIN.filter((member) => member.excludedByDefault).map((m) => m.name)).toEqual([
      'VisualStudioCodeCredential',
      'InteractiveBrowserCredential',
    ]);
  });

  it('puts the deployed-app credentials in the prod group and the developer tools in dev', () => {
    const group = (name: string) =>
      DEFAULT_CHAIN.filter((member) => member.group === name).map((m) => m.name);
    expect(group('prod')).toEqual([
      'EnvironmentCredential',
      'WorkloadIdentityCredential',
      'ManagedIdentityCredential',
    ]);
    expect(group('dev')).toEqual([
      'SharedTokenCacheCredential',
      'AzureCliCredential',
      'AzurePowerShellCredential',
      'AzureDeveloperCliCredential',
    ]);
  });

  it('has SharedTokenCacheCredential in by default, as Python (exclude_shared_token_cache_credential is false)', () => {
    const shared = DEFAULT_CHAIN.find((member) => member.name === 'SharedTokenCacheCredential');
    expect(shared).toMatchObject({ group: 'dev' });
    expect(shared?.excludedByDefault).toBeUndefined();
  });

  it('gives only the developer tools (local processes) a head start', () => {
    expect(DEFAULT_CHAIN.filter((member) => member.headStart).map((member) => member.name)).toEqual([
      'AzureCliCredential',
      'AzurePowerShellCredential',
      'AzureDeveloperCliCredential',
    ]);
  });

  // Enough for every member to be created (none of them is asked for a token here).
  const env = { AZURE_CLIENT_ID: 'app', AZURE_FEDERATED_TOKEN_FILE: '/var/run/token' };
  const settings = resolveSettings({ tenantId: 'contoso.onmicrosoft.com' }, env, false);
  const built = DEFAULT_CHAIN.map((member, index) => ({ member, index })).filter(
    ({ member }) => member.name !== 'VisualStudioCodeCredential',
  );

  it.each(built.map(({ member, index }) => [member.name, member, index] as const))(
    'builds %s from its package on Node, with the factory at its index',
    async (name, member, index) => {
      if (!member.load) throw new Error(`${name} has no import in the Node build`);
      const create = DEFAULT_CHAIN_FACTORIES[index] as (module: unknown, given: typeof settings) => object;
      const credential = create(await member.load(), settings);
      expect(credential.constructor.name).toBe(name);
    },
  );

  it('has VisualStudioCodeCredential, which is not built here, only when asked for, and then unavailable', async () => {
    const index = DEFAULT_CHAIN.findIndex((member) => member.name === 'VisualStudioCodeCredential');
    const vsCode = DEFAULT_CHAIN[index];
    expect(vsCode?.excludedByDefault).toBe(true);
    expect(vsCode?.group).toBeUndefined();
    if (!vsCode?.load) throw new Error('VisualStudioCodeCredential has no import');
    const module = await vsCode.load();
    let failure: unknown;
    try {
      (DEFAULT_CHAIN_FACTORIES[index] as (module: unknown, given: typeof settings) => object)(
        module,
        settings,
      );
    } catch (error) {
      failure = error;
    }
    expect(CredentialUnavailableError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(
      /^VisualStudioCodeCredential is not available in @identity yet: .* \(az login\) .*AZURE_TOKEN_CREDENTIALS=AzureCliCredential.* Troubleshooting: \S+#default-azure-credential$/,
    );
  });
});
