// The default chain, as one list. Everything else is derived from it: the credential names (and so the
// `exclude…Credential` options), the chain order, the `AZURE_TOKEN_CREDENTIALS` groups, and which members the
// edge build keeps. Adding a member is one entry here, in its place in the order, its factory in
// `default-azure-credential-factories.ts`, and its documented `exclude…Credential` option in
// `default-azure-credential-options.ts` (the typecheck fails without either).
//
// Each member is two steps. `load` imports its package, modules only: when a walk reaches the first member of a
// group, every member of that group starts its import, so their file reads and loads overlap instead of following
// one another (the ESM loader's work, most of what a walk that finds nothing spends), and a deployed app's walk
// never loads the developer tools. Its factory builds the member from that module, and only when the chain reaches
// it: the factories load with the walk, so what loads at start holds none of them. The literal specifiers let
// bundlers split each member into a chunk of its own. A member that
// needs Node.js has its `load` written `__NODE_BUILD__ && (...)`: the build sets `__NODE_BUILD__` to false for the
// edge entry (workerd, Vercel Edge, Deno, browsers), which then holds neither the import nor the package it
// imports, and the chain there reports the member as unable to run.
import type { Environment, TokenCredential, TokenCredentialOptions } from '@identity/core';

declare const __NODE_BUILD__: boolean;

/**
 * What every member factory receives: the chain's options, resolved once when the chain is created (by
 * `resolveSettings`). Written here, beside the members that read it, so that the list imports nothing of the chain's.
 *
 * @example
 * ```ts
 * const create = ({ AzureCliCredential }: typeof import('@identity/azure-cli'), settings: DefaultChainSettings) =>
 *   new AzureCliCredential({ tenantId: settings.tenantId, env: settings.env });
 * ```
 */
export interface DefaultChainSettings {
  /** The options every credential takes (`authorityHost`, `env`, `fetch`, `clock`, ...), `env` resolved. */
  credentialOptions: TokenCredentialOptions & { env: Environment };
  env: Environment;
  tenantId: string | undefined;
  /** The user-assigned managed identity, when one is named; at most one key is set. */
  managedIdentity: { clientId?: string; resourceId?: string; objectId?: string };
  workloadIdentityClientId: string | undefined;
  /**
   * The account SharedTokenCacheCredential picks: `sharedCacheUsername` (its own default is `AZURE_USERNAME`) and
   * `sharedCacheTenantId` (default `AZURE_TENANT_ID`), as Python's chain passes them.
   */
  sharedCache: { username: string | undefined; tenantId: string | undefined };
  processTimeoutInMs: number | undefined;
  /** Managed identity probes IMDS first: on, unless it is the chain's only member. */
  probe: boolean;
}

/**
 * One member of the default chain: what the list holds for it.
 *
 * @example
 * ```ts
 * const member: DefaultChainMember<'AzureCliCredential', typeof import('@identity/azure-cli')> = {
 *   name: 'AzureCliCredential',
 *   group: 'dev',
 *   headStart: true,
 *   load: () => import('@identity/azure-cli'),
 *   create: ({ AzureCliCredential }, { tenantId }) => new AzureCliCredential({ tenantId }),
 * };
 * ```
 */
export interface DefaultChainMember<Name extends string = string, Module = unknown> {
  /** The credential's class name, as messages, `AZURE_TOKEN_CREDENTIALS` and `exclude${name}` spell it. */
  name: Name;
  /**
   * Its `AZURE_TOKEN_CREDENTIALS` group: `prod` for deployed apps, `dev` for the developer's own sign-in; in
   * neither, only `AZURE_TOKEN_CREDENTIALS` naming it selects it.
   */
  group?: 'prod' | 'dev';
  /**
   * Out unless asked for (its `exclude…` option `false`, or `AZURE_TOKEN_CREDENTIALS` naming it): for a member
   * that would prompt the user, as Python's chain does with `InteractiveBrowserCredential`.
   */
  excludedByDefault?: boolean;
  /**
   * It only runs a local tool, so it may start before its turn while an earlier member is slow to answer; the
   * chain still returns the first token in chain order.
   */
  headStart?: boolean;
  /**
   * Imports the member's package, its modules only (nothing is built, nothing is read from the environment); `false`
   * where it cannot run (Node-only, in the edge build). A walk starts it for the whole group when it reaches the
   * group's first member.
   */
  load: false | (() => Promise<Module>);
  /**
   * Builds the member from its loaded package with the chain's settings, when the chain first reaches it. It may
   * throw (an invalid option of the member's own): the chain then reports the member unavailable, saying why. The
   * default chain's members have none here: their factories are `DEFAULT_CHAIN_FACTORIES`, which load with the walk.
   */
  create?(module: Module, settings: DefaultChainSettings): TokenCredential;
}

// Keeps each member's name as a literal type, so the names' union is derived from the list, and each member's
// package type, so its factory is typed by what its `load` imports.
function chain<const Members extends readonly DefaultChainMember[]>(members: Members): Members {
  return members;
}

// One entry of the list, typed as a member of the chain (with the package its `load` imports).
function member<const Name extends string, Module>(
  entry: DefaultChainMember<Name, Module>,
): DefaultChainMember<Name, Module> {
  return entry;
}

/**
 * The members of `DefaultAzureCredential`, in the order the chain tries them.
 *
 * @example
 * ```ts
 * DEFAULT_CHAIN.filter((member) => member.group === 'dev').map((member) => member.name);
 * // ['SharedTokenCacheCredential', 'AzureCliCredential', 'AzurePowerShellCredential', 'AzureDeveloperCliCredential']
 * ```
 */
export const DEFAULT_CHAIN = chain([
  member({ name: 'EnvironmentCredential', group: 'prod', load: () => import('@identity/environment') }),
  member({
    name: 'WorkloadIdentityCredential',
    group: 'prod',
    load: () => import('@identity/workload-identity'),
  }),
  member({
    name: 'ManagedIdentityCredential',
    group: 'prod',
    load: __NODE_BUILD__ && (() => import('@identity/managed-identity')),
  }),
  member({
    // Python's place for it: a developer signed in earlier (`identity login`, or any MSAL-based tool) into the shared
    // token cache. Node-only as the persistent cache is; its package never loads the cache itself (the app registers
    // the persistence plugin), so every bundle of the chain builds with no `external`.
    name: 'SharedTokenCacheCredential',
    group: 'dev',
    load: __NODE_BUILD__ && (() => import('@identity/shared-token-cache')),
  }),
  member({
    // In @azure/identity's chain, not built here: AZURE_TOKEN_CREDENTIALS may still name it (a setting shared with
    // apps on @azure/identity), and then the chain reports it unavailable and says what to use instead.
    name: 'VisualStudioCodeCredential',
    excludedByDefault: true,
    load: () => import('./default-not-built.js'),
  }),
  member({
    name: 'AzureCliCredential',
    group: 'dev',
    headStart: true,
    load: __NODE_BUILD__ && (() => import('@identity/azure-cli')),
  }),
  member({
    name: 'AzurePowerShellCredential',
    group: 'dev',
    headStart: true,
    load: __NODE_BUILD__ && (() => import('@identity/azure-powershell')),
  }),
  member({
    name: 'AzureDeveloperCliCredential',
    group: 'dev',
    headStart: true,
    load: __NODE_BUILD__ && (() => import('@identity/azure-developer-cli')),
  }),
  member({
    name: 'InteractiveBrowserCredential',
    excludedByDefault: true,
    load: __NODE_BUILD__ && (() => import('@identity/interactive-browser')),
  }),
]);
