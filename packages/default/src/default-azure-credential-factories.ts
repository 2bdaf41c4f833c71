// How each member of the default chain is built from its package with the chain's settings. Only a walk (or a
// member asked directly) needs these, once the member's package has loaded, so they load with the walk instead of
// at start (see default-azure-credential-walk.ts).
import type { TokenCredential } from '@identity/core';
import type {
  DEFAULT_CHAIN,
  DefaultChainMember,
  DefaultChainSettings,
} from './default-azure-credential-members.js';

// What a member's `load` imports.
type Loaded<Member> = Member extends DefaultChainMember<string, infer Module> ? Module : never;

/**
 * One factory per member of the default chain, in chain order, each typed by what that member's `load` imports (so
 * a factory out of its place fails the typecheck).
 *
 * @example
 * ```ts
 * const factory: DefaultChainFactories[5] = ({ AzureCliCredential }, { tenantId }) => new AzureCliCredential({ tenantId });
 * ```
 */
export type DefaultChainFactories = FactoriesOf<typeof DEFAULT_CHAIN>;

// A factory for each member of a list, at its index (a mapped type over a type parameter keeps a tuple a tuple).
type FactoriesOf<Chain extends readonly unknown[]> = {
  readonly [Index in keyof Chain]: (
    module: Loaded<Chain[Index]>,
    settings: DefaultChainSettings,
  ) => TokenCredential;
};

// What the members that take the chain's tenant get: the developer tools (az, pwsh, azd), with their process
// timeout, and the browser sign-in (which runs no process: the timeout is no option of its own, and ignored).
const tenantOptions = ({ credentialOptions, tenantId, processTimeoutInMs }: DefaultChainSettings) => ({
  ...credentialOptions,
  tenantId,
  processTimeoutInMs,
});

/**
 * Builds each member of `DEFAULT_CHAIN` (at the same index) from its loaded package, when the chain first reaches it.
 * A factory may throw (an invalid option of the member's own): the chain then reports the member unavailable, saying
 * why. An array, not an object by name: the names are in the list already, and every byte here is in each bundle.
 *
 * @example
 * ```ts
 * const cli = DEFAULT_CHAIN_FACTORIES[5](await import('@identity/azure-cli'), settings);
 * ```
 */
export const DEFAULT_CHAIN_FACTORIES: DefaultChainFactories = [
  ({ EnvironmentCredential }, { credentialOptions }) => new EnvironmentCredential(credentialOptions),
  ({ WorkloadIdentityCredential }, { credentialOptions, tenantId, workloadIdentityClientId }) =>
    new WorkloadIdentityCredential({ ...credentialOptions, tenantId, clientId: workloadIdentityClientId }),
  ({ ManagedIdentityCredential }, { credentialOptions, managedIdentity, probe }) =>
    new ManagedIdentityCredential({ ...credentialOptions, ...managedIdentity, probe }),
  ({ SharedTokenCacheCredential }, { credentialOptions, sharedCache }) =>
    new SharedTokenCacheCredential({ ...credentialOptions, ...sharedCache }),
  ({ visualStudioCodeCredential }) => visualStudioCodeCredential(),
  ({ AzureCliCredential }, settings) => new AzureCliCredential(tenantOptions(settings)),
  ({ AzurePowerShellCredential }, settings) => new AzurePowerShellCredential(tenantOptions(settings)),
  ({ AzureDeveloperCliCredential }, settings) => new AzureDeveloperCliCredential(tenantOptions(settings)),
  ({ InteractiveBrowserCredential }, settings) => new InteractiveBrowserCredential(tenantOptions(settings)),
];
