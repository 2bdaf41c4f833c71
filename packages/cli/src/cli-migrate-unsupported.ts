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
    "the persistent token cache is @identity/cache-persistence (the same files), registered with @identity/core's useIdentityPlugin",
  step: 'import it from @identity/core (tokenCachePersistenceOptions keeps working once cachePersistencePlugin of @identity/cache-persistence is registered), or pass tokenCache: persistentTokenCache({ name })',
};
const plugins: MigrationGap = {
  reason: '@identity has no plugin registry: each feature is a package of its own',
  step: 'import useIdentityPlugin from @identity/core and cachePersistencePlugin from @identity/cache-persistence; vsCodePlugin and nativeBrokerPlugin have no equivalent yet (use AzureCliCredential from @identity/azure-cli)',
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
};

/**
 * `@azure/identity`'s plugin packages that have no `@identity` equivalent, which `identity migrate` reports (in
 * imports and in package.json) and leaves in place: the code that uses them needs a change by hand first.
 * (`@azure/identity-cache-persistence` is not one: it maps to `@identity/cache-persistence`, see
 * cli-migrate-renamed-modules.ts.)
 *
 * @example
 * ```ts
 * PEER_PLUGIN_PACKAGES['@azure/identity-vscode']?.reason; // 'VisualStudioCodeCredential is not built yet: ...'
 * ```
 */
export const PEER_PLUGIN_PACKAGES: Readonly<Record<string, MigrationGap>> = {
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
 * gapOf('useIdentityPlugin').step; // 'remove the useIdentityPlugin call: ...'
 * ```
 */
export function gapOf(name: string): MigrationGap {
  if (Object.hasOwn(UNSUPPORTED_EXPORTS, name)) return UNSUPPORTED_EXPORTS[name] as MigrationGap;
  return {
    reason: `no @identity package exports ${name}, and @azure/identity 4 has no export of that name either`,
    step: 'check the name (a typo, or an export of a newer @azure/identity); map it by hand',
  };
}
