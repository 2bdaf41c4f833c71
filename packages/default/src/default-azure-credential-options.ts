import type { TokenCredentialOptions } from '@identity/core';
import type { DEFAULT_CHAIN } from './default-azure-credential-members.js';

/**
 * The credentials of the default chain by their class names (the names of `DEFAULT_CHAIN_ORDER`).
 *
 * @example
 * ```ts
 * const name: DefaultChainCredentialName = 'AzureCliCredential';
 * ```
 */
export type DefaultChainCredentialName = (typeof DEFAULT_CHAIN)[number]['name'];

/**
 * The variables `requiredEnvVars` may name (the ones `@azure/identity` accepts).
 *
 * @example
 * ```ts
 * const required: DefaultAzureCredentialEnvVars[] = ['AZURE_TOKEN_CREDENTIALS'];
 * ```
 */
export type DefaultAzureCredentialEnvVars =
  | 'AZURE_TOKEN_CREDENTIALS'
  | 'AZURE_CLIENT_ID'
  | 'AZURE_TENANT_ID'
  | 'AZURE_CLIENT_SECRET'
  | 'AZURE_CLIENT_CERTIFICATE_PATH'
  | 'AZURE_CLIENT_CERTIFICATE_PASSWORD'
  | 'AZURE_ADDITIONALLY_ALLOWED_TENANTS'
  | 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN'
  | 'AZURE_FEDERATED_TOKEN_FILE';

/**
 * Options of {@link DefaultAzureCredential}: `@azure/identity`'s, plus Python's per-member `exclude…Credential`
 * flags (one for each member of the chain: the typecheck fails for a member without its flag) and the chain's
 * own `retrySources`. The shared credential options (`authorityHost`, `env`, `fetch`,
 * `clock`, `retryOptions`, ...) are passed to every member that takes them.
 *
 * @example
 * ```ts
 * const options: DefaultAzureCredentialOptions = {
 *   tenantId: 'contoso.onmicrosoft.com',
 *   excludeAzurePowerShellCredential: true,
 *   processTimeoutInMs: 20_000,
 * };
 * ```
 */
export interface DefaultAzureCredentialOptions extends TokenCredentialOptions {
  /** The tenant for the workload identity and the developer tools. Default: each one's own. */
  tenantId?: string;
  /** The client id of a user-assigned managed identity. Default: `AZURE_CLIENT_ID`. */
  managedIdentityClientId?: string;
  /** The Azure resource id of a user-assigned managed identity (instead of a client id). */
  managedIdentityResourceId?: string;
  /** The object (principal) id of a user-assigned managed identity (instead of a client id). */
  managedIdentityObjectId?: string;
  /** The client id for workload identity. Default: `managedIdentityClientId`, then `AZURE_CLIENT_ID`. */
  workloadIdentityClientId?: string;
  /**
   * The user name of the account SharedTokenCacheCredential uses when the shared token cache holds several (Python's
   * `shared_cache_username`). Default: `AZURE_USERNAME`.
   */
  sharedCacheUsername?: string;
  /**
   * The tenant of the account SharedTokenCacheCredential uses, and the one it asks for tokens in (Python's
   * `shared_cache_tenant_id`). Default: `AZURE_TENANT_ID`.
   */
  sharedCacheTenantId?: string;
  /** How long each developer tool (az, pwsh, azd) may run. Default: theirs (30 s). */
  processTimeoutInMs?: number;
  /** Variables that must be set (not empty), checked when the credential is created. */
  requiredEnvVars?: DefaultAzureCredentialEnvVars | DefaultAzureCredentialEnvVars[];
  /**
   * Walk the whole chain on every call. Default `false`: the credential that returned a token is remembered
   * and asked directly from then on.
   */
  retrySources?: boolean;
  /** Leave `EnvironmentCredential` out. Overrides `AZURE_TOKEN_CREDENTIALS` either way. */
  excludeEnvironmentCredential?: boolean;
  /** Leave `WorkloadIdentityCredential` out. Overrides `AZURE_TOKEN_CREDENTIALS` either way. */
  excludeWorkloadIdentityCredential?: boolean;
  /** Leave `ManagedIdentityCredential` out. Overrides `AZURE_TOKEN_CREDENTIALS` either way. */
  excludeManagedIdentityCredential?: boolean;
  /**
   * Leave `SharedTokenCacheCredential` out (default `false`, as Python's `exclude_shared_token_cache_credential`).
   * It reads the shared token cache only when the app registered `useIdentityPlugin(cachePersistencePlugin)` (or
   * passed a persistent `tokenCache`); without one it reports itself unavailable, saying what to add. In the `dev`
   * group. Overrides `AZURE_TOKEN_CREDENTIALS` either way.
   */
  excludeSharedTokenCacheCredential?: boolean;
  /**
   * `VisualStudioCodeCredential` is not built here: it is out unless `AZURE_TOKEN_CREDENTIALS` names it (or this is
   * `false`), and then reports itself unavailable, saying what to use instead.
   */
  excludeVisualStudioCodeCredential?: boolean;
  /** Leave `AzureCliCredential` out. Overrides `AZURE_TOKEN_CREDENTIALS` either way. */
  excludeAzureCliCredential?: boolean;
  /** Leave `AzurePowerShellCredential` out. Overrides `AZURE_TOKEN_CREDENTIALS` either way. */
  excludeAzurePowerShellCredential?: boolean;
  /** Leave `AzureDeveloperCliCredential` out. Overrides `AZURE_TOKEN_CREDENTIALS` either way. */
  excludeAzureDeveloperCliCredential?: boolean;
  /**
   * Leave `InteractiveBrowserCredential` out: the default, as in Python's chain. `false` adds it as the last member,
   * which opens the system browser for the user to sign in (with the `tenantId` option, Microsoft's development
   * app); `AZURE_TOKEN_CREDENTIALS=InteractiveBrowserCredential` selects it alone.
   */
  excludeInteractiveBrowserCredential?: boolean;
}

/**
 * The options with a user-assigned managed identity named by client id, as `@azure/identity` types them.
 *
 * @example
 * ```ts
 * const options: DefaultAzureCredentialClientIdOptions = { managedIdentityClientId: '00000000-0000-0000-0000-000000000000' };
 * ```
 */
export interface DefaultAzureCredentialClientIdOptions extends DefaultAzureCredentialOptions {
  managedIdentityClientId?: string;
}

/**
 * The options with a user-assigned managed identity named by resource id, as `@azure/identity` types them.
 *
 * @example
 * ```ts
 * const options: DefaultAzureCredentialResourceIdOptions = { managedIdentityResourceId: '/subscriptions/…/userAssignedIdentities/worker' };
 * ```
 */
export interface DefaultAzureCredentialResourceIdOptions extends DefaultAzureCredentialOptions {
  managedIdentityResourceId: string;
}
