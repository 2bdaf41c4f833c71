// The chain's options, checked and resolved once when the credential is created, into what every member
// factory receives.
import type { Environment } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import { readVariable, troubleshooting, validateClientId, validateTenantId } from '@identity/core/internal';
import type { DefaultChainSettings } from './default-azure-credential-members.js';
import type {
  DefaultAzureCredentialEnvVars,
  DefaultAzureCredentialOptions,
} from './default-azure-credential-options.js';

/** The chain's name in its messages and logs (one string in the bundle, for every module that says it). */
export const NAME = 'DefaultAzureCredential';

/**
 * Checks `requiredEnvVars`: each named variable must be set and not blank.
 *
 * @throws `InvalidArgumentError` naming every missing variable
 * @example
 * ```ts
 * checkRequiredEnvVars(['AZURE_TOKEN_CREDENTIALS'], process.env);
 * ```
 */
export function checkRequiredEnvVars(
  required: DefaultAzureCredentialEnvVars | DefaultAzureCredentialEnvVars[] | undefined,
  env: Environment,
): void {
  const missing = [required ?? []].flat().filter((name) => readVariable(env, name) === undefined);
  if (missing.length === 0) return;
  throw new InvalidArgumentError(
    `${NAME}: requiredEnvVars names variables that are not set or empty: ${missing.join(', ')}. Set them, or leave them out of requiredEnvVars. ${troubleshooting('default-azure-credential')}`,
  );
}

// The one user-assigned managed identity the options name, if any; AZURE_CLIENT_ID by default.
function managedIdentityOf(
  options: DefaultAzureCredentialOptions,
  env: Environment,
): DefaultChainSettings['managedIdentity'] {
  const { managedIdentityClientId, managedIdentityResourceId, managedIdentityObjectId } = options;
  const given = [managedIdentityClientId, managedIdentityResourceId, managedIdentityObjectId].filter(
    (id) => id !== undefined,
  );
  if (given.length > 1) {
    throw new InvalidArgumentError(
      `${NAME}: pass at most one of managedIdentityClientId, managedIdentityResourceId and managedIdentityObjectId. ${troubleshooting('default-azure-credential')}`,
    );
  }
  if (managedIdentityResourceId !== undefined) return { resourceId: managedIdentityResourceId };
  if (managedIdentityObjectId !== undefined) return { objectId: managedIdentityObjectId };
  const clientId = managedIdentityClientId ?? readVariable(env, 'AZURE_CLIENT_ID');
  return clientId === undefined ? {} : { clientId };
}

/**
 * Checks the chain's own options and resolves what the member factories receive. `onlyManagedIdentity` says
 * managed identity is the chain's only member, so it gets its full retry schedule instead of a quick probe.
 *
 * @throws `InvalidArgumentError` for a malformed `tenantId` or `workloadIdentityClientId`, or more than one
 * managed identity id
 * @example
 * ```ts
 * const settings = resolveSettings({ tenantId: 'contoso.onmicrosoft.com' }, process.env, false);
 * ```
 */
export function resolveSettings(
  options: DefaultAzureCredentialOptions,
  env: Environment,
  onlyManagedIdentity: boolean,
): DefaultChainSettings {
  const tenantId = options.tenantId === undefined ? undefined : validateTenantId(NAME, options.tenantId);
  const workloadIdentityClientId =
    options.workloadIdentityClientId === undefined
      ? undefined
      : validateClientId(NAME, options.workloadIdentityClientId, 'workloadIdentityClientId');
  const managedIdentity = managedIdentityOf(options, env);
  const {
    authorityHost,
    additionallyAllowedTenants,
    disableInstanceDiscovery,
    fetch,
    clock,
    retryOptions,
    requestTimeoutInMs,
    tokenCache,
    proxyOptions,
    userAgentOptions,
  } = options;
  return {
    credentialOptions: {
      authorityHost,
      additionallyAllowedTenants,
      disableInstanceDiscovery,
      env,
      fetch,
      clock,
      retryOptions,
      requestTimeoutInMs,
      tokenCache,
      proxyOptions,
      userAgentOptions,
    },
    env,
    tenantId,
    managedIdentity,
    workloadIdentityClientId: workloadIdentityClientId ?? managedIdentity.clientId,
    // As Python's chain: the user name's default (AZURE_USERNAME) is the credential's own.
    sharedCache: {
      username: options.sharedCacheUsername,
      tenantId: options.sharedCacheTenantId ?? readVariable(env, 'AZURE_TENANT_ID'),
    },
    processTimeoutInMs: options.processTimeoutInMs,
    probe: !onlyManagedIdentity,
  };
}
