// What `identity migrate` cannot map, and what to do instead: the few exports of @azure/identity that no
// @identity package has (yet), and @azure/identity's plugin packages. Everything else maps through the export
// table the build derives from our packages, which always wins: once a package exports one of these names, it
// maps and this entry is no longer used.

/**
 * Why something cannot be migrated automatically, and the step that replaces it.
 *
 * @example
 * ```ts
 * const gap: MigrationGap = { reason: 'not built yet', step: 'use AzureCliCredential from @identity/azure-cli' };
 * ```
 */
export interface MigrationGap {
  reason: string;
  step: string;
}

const persistence: MigrationGap = {
  reason:
    '@identity credentials take a token cache (tokenCache option) instead of tokenCachePersistenceOptions; the persistent store comes as @identity/cache-persistence',
  step: 'drop tokenCachePersistenceOptions (tokens are cached in memory by default); for a persistent cache, pass tokenCache: new StoredTokenCache(store) from @identity/core with a store from @identity/cache-persistence',
};
const plugins: MigrationGap = {
  reason: '@identity has no plugin registry: each feature is a package of its own',
  step: 'remove the useIdentityPlugin call: instead of cachePersistencePlugin use a persistent tokenCache (@identity/cache-persistence); vsCodePlugin and nativeBrokerPlugin have no equivalent yet (use AzureCliCredential from @identity/azure-cli)',
};
const vsCode: MigrationGap = {
  reason:
    'VisualStudioCodeCredential is not built yet: it needs the VS Code authentication broker (a native module)',
  step: "use AzureCliCredential from @identity/azure-cli (run 'az login') or AzureDeveloperCliCredential from @identity/azure-developer-cli",
};
const broker: MigrationGap = {
  reason: 'broker sign-in (WAM on Windows, the macOS broker) is not built yet: it needs a native module',
  step: "drop brokerOptions and sign in with InteractiveBrowserCredential from @identity/interactive-browser (the system browser), or with AzureCliCredential from @identity/azure-cli (run 'az login')",
};
const sharedOptions: MigrationGap = {
  reason:
    "these options are part of every credential's options in @identity (additionallyAllowedTenants, disableInstanceDiscovery)",
  step: "use TokenCredentialOptions from @identity/core, or the credential's own options type",
};

/**
 * The exports of `@azure/identity` that no `@identity` package has, by name.
 *
 * @example
 * ```ts
 * UNSUPPORTED_EXPORTS['VisualStudioCodeCredential']?.step; // "use AzureCliCredential from @identity/azure-cli ..."
 * ```
 */
export const UNSUPPORTED_EXPORTS: Readonly<Record<string, MigrationGap>> = {
  TokenCachePersistenceOptions: persistence,
  CredentialPersistenceOptions: persistence,
  useIdentityPlugin: plugins,
  IdentityPlugin: plugins,
  VisualStudioCodeCredential: vsCode,
  VisualStudioCodeCredentialOptions: vsCode,
  BrokerCredential: broker,
  BrokerAuthOptions: broker,
  BrokerOptions: broker,
  BrokerEnabledOptions: broker,
  BrokerDisabledOptions: broker,
  MultiTenantTokenCredentialOptions: sharedOptions,
  AuthorityValidationOptions: sharedOptions,
  logger: {
    reason:
      '@identity logs through its own sink, not an @azure/logger AzureLogger (AZURE_LOG_LEVEL still works)',
    step: "use setLogLevel('info') and setLogSink((level, namespace, message) => ...) from @identity/core",
  },
};

/**
 * `@azure/identity`'s plugin packages, which `identity migrate` reports (in imports and in package.json) and
 * leaves in place: the code that uses them needs a change by hand first.
 *
 * @example
 * ```ts
 * PEER_PLUGIN_PACKAGES['@azure/identity-vscode']?.reason; // 'VisualStudioCodeCredential is not built yet: ...'
 * ```
 */
export const PEER_PLUGIN_PACKAGES: Readonly<Record<string, MigrationGap>> = {
  '@azure/identity-cache-persistence': persistence,
  '@azure/identity-vscode': vsCode,
  '@azure/identity-broker': broker,
};

/**
 * The module `identity migrate` rewrites imports of.
 *
 * @example
 * ```ts
 * if (specifier === PEER_MODULE) console.log('an @azure/identity import');
 * ```
 */
export const PEER_MODULE = '@azure/identity';

/**
 * Why `name` (imported from `@azure/identity`) cannot be mapped, when no `@identity` package exports it.
 *
 * @example
 * ```ts
 * gapOf('logger').step; // "use setLogLevel('info') and setLogSink(...) from @identity/core"
 * ```
 */
export function gapOf(name: string): MigrationGap {
  if (Object.hasOwn(UNSUPPORTED_EXPORTS, name)) return UNSUPPORTED_EXPORTS[name] as MigrationGap;
  return {
    reason: `no @identity package exports ${name}, and @azure/identity 4 has no export of that name either`,
    step: 'check the name (a typo, or an export of a newer @azure/identity); map it by hand',
  };
}
