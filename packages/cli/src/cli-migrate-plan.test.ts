import { describe, expect, it } from 'vitest';
import { EXAMPLE_TABLE, TABLE_WITH_DEFAULT_PROVIDER } from '../test/cli-migrate-table.js';
import type { PlanSite } from './cli-migrate-plan.js';
import { planFile } from './cli-migrate-plan.js';

const plan = (sites: PlanSite[], table = EXAMPLE_TABLE) =>
  planFile(sites, table).map((site) => ({ ...site, packages: Object.fromEntries(site.packages) }));

describe('planFile: where each name of a file comes from', () => {
  it('sends a name only one package exports to that package', () => {
    expect(plan([{ names: ['DefaultAzureCredential', 'ChainedTokenCredential'] }])[0]?.packages).toEqual({
      DefaultAzureCredential: '@identity/default',
      ChainedTokenCredential: '@identity/core',
    });
  });

  it('sends shared names (errors, token types) to @identity/core when nothing else decides', () => {
    expect(plan([{ names: ['AccessToken', 'CredentialUnavailableError'] }])[0]?.packages).toEqual({
      AccessToken: '@identity/core',
      CredentialUnavailableError: '@identity/core',
    });
  });

  it('sends shared names to the credential package the import brings anyway (one import, not two)', () => {
    expect(
      plan([{ names: ['ClientSecretCredential', 'CredentialUnavailableError', 'AzureAuthorityHosts'] }])[0]
        ?.packages,
    ).toEqual({
      ClientSecretCredential: '@identity/client-secret',
      CredentialUnavailableError: '@identity/client-secret',
      AzureAuthorityHosts: '@identity/client-secret',
    });
  });

  it('looks at the whole file: a type-only import goes to a package another import of the file needs', () => {
    const [types, values] = plan([
      { names: ['TokenCredential', 'AccessToken'] },
      { names: ['ManagedIdentityCredential'] },
    ]);
    expect(types?.packages).toEqual({
      TokenCredential: '@identity/managed-identity',
      AccessToken: '@identity/managed-identity',
    });
    expect(values?.packages).toEqual({ ManagedIdentityCredential: '@identity/managed-identity' });
  });

  it('within an import, prefers a package that import needs over one another import needs', () => {
    const [first, second] = plan([
      { names: ['ChainedTokenCredential'] },
      { names: ['AzureCliCredential', 'CredentialUnavailableError'] },
    ]);
    expect(first?.packages).toEqual({ ChainedTokenCredential: '@identity/core' });
    expect(second?.packages).toEqual({
      AzureCliCredential: '@identity/azure-cli',
      CredentialUnavailableError: '@identity/azure-cli',
    });
  });

  it('splits DefaultAzureCredential and getBearerTokenProvider while only core exports the provider', () => {
    expect(plan([{ names: ['DefaultAzureCredential', 'getBearerTokenProvider'] }])[0]?.packages).toEqual({
      DefaultAzureCredential: '@identity/default',
      getBearerTokenProvider: '@identity/core',
    });
  });

  it('takes both from @identity/default once it exports both', () => {
    const [site] = plan(
      [{ names: ['DefaultAzureCredential', 'getBearerTokenProvider'] }],
      TABLE_WITH_DEFAULT_PROVIDER,
    );
    expect(site?.packages).toEqual({
      DefaultAzureCredential: '@identity/default',
      getBearerTokenProvider: '@identity/default',
    });
  });

  it('keeps a namespace on one package when one package exports every member it uses', () => {
    expect(plan([{ names: ['DefaultAzureCredential', 'AccessToken'], together: true }])[0]?.single).toBe(
      '@identity/default',
    );
    expect(
      plan([{ names: ['DefaultAzureCredential', 'getBearerTokenProvider'], together: true }])[0]?.single,
    ).toBe(undefined);
  });

  it('lists the names no package exports', () => {
    const [site] = plan([
      { names: ['DefaultAzureCredential', 'useIdentityPlugin', 'VisualStudioCodeCredential'] },
    ]);
    expect(site?.unmapped).toEqual(['useIdentityPlugin', 'VisualStudioCodeCredential']);
    expect(site?.packages).toEqual({ DefaultAzureCredential: '@identity/default' });
  });

  it('when no package is needed yet, picks the one that covers most of the shared names', () => {
    const table = {
      packages: {
        '@identity/a': ['Shared', 'OnlyInAB'],
        '@identity/b': ['Shared', 'OnlyInAB', 'OnlyInBC'],
        '@identity/c': ['OnlyInBC'],
      },
    };
    const [site] = plan([{ names: ['Shared', 'OnlyInAB', 'OnlyInBC'] }], table);
    expect(site?.packages).toEqual({
      Shared: '@identity/b',
      OnlyInAB: '@identity/b',
      OnlyInBC: '@identity/b',
    });
  });
});
