// A small export table shaped like the real one (core, the default chain, a few credential packages, each
// re-exporting the shared names), so the migration's rules can be specified without depending on what every
// package exports today.
import type { ExportTable } from '../src/cli-migrate-exports.js';

const SHARED = [
  'AccessToken',
  'AuthenticationError',
  'CredentialUnavailableError',
  'GetTokenOptions',
  'TokenCredential',
];

/** The table the unit tests migrate with. */
export const EXAMPLE_TABLE: ExportTable = {
  packages: {
    '@identity/azure-cli': [...SHARED, 'AzureCliCredential', 'AzureCliCredentialOptions'],
    '@identity/client-secret': [...SHARED, 'AzureAuthorityHosts', 'ClientSecretCredential'],
    '@identity/core': [
      ...SHARED,
      'AzureAuthorityHosts',
      'ChainedTokenCredential',
      'GetBearerTokenProviderOptions',
      'getBearerTokenProvider',
    ],
    '@identity/default': [...SHARED, 'DefaultAzureCredential', 'DefaultAzureCredentialOptions'],
    '@identity/managed-identity': [...SHARED, 'ManagedIdentityCredential'],
  },
};

/** The same, once `@identity/default` also exports `getBearerTokenProvider`. */
export const TABLE_WITH_DEFAULT_PROVIDER: ExportTable = {
  packages: {
    ...EXAMPLE_TABLE.packages,
    '@identity/default': [...(EXAMPLE_TABLE.packages['@identity/default'] ?? []), 'getBearerTokenProvider'],
  },
};

/** The same, with `@identity/cache-persistence` and core's plugin registry (`useIdentityPlugin`). */
export const TABLE_WITH_PERSISTENCE: ExportTable = {
  packages: {
    ...EXAMPLE_TABLE.packages,
    '@identity/cache-persistence': ['cachePersistencePlugin', 'persistentTokenCache', 'PersistentTokenCache'],
    '@identity/core': [
      ...(EXAMPLE_TABLE.packages['@identity/core'] ?? []),
      'TokenCachePersistenceOptions',
      'useIdentityPlugin',
    ],
  },
};
