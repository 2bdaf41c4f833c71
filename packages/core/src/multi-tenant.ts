// Which tenant a getToken call goes to: the configured one, or the one the call asks for when allowed.
import type { Environment } from './environment.js';
import { readVariable } from './environment.js';
import { CredentialUnavailableError, troubleshooting } from './errors.js';
import { validateTenantId } from './validation.js';

/**
 * Resolves the tenant of one request. A call's `tenantId` wins unless `AZURE_IDENTITY_DISABLE_MULTITENANTAUTH` is
 * set or the credential is bound to ADFS; a tenant other than the configured one must be listed in
 * `additionallyAllowedTenants` (or the list holds `"*"`), else the credential is unavailable for it.
 *
 * @example
 * ```ts
 * resolveTenant('ClientSecretCredential', 'home-tenant', 'other-tenant', ['other-tenant'], env); // 'other-tenant'
 * ```
 */
export function resolveTenant(
  credentialName: string,
  configuredTenant: string | undefined,
  requestedTenant: string | undefined,
  additionallyAllowedTenants: readonly string[],
  env: Environment,
): string | undefined {
  if (!requestedTenant || readVariable(env, 'AZURE_IDENTITY_DISABLE_MULTITENANTAUTH') || configuredTenant === 'adfs') {
    return configuredTenant;
  }
  validateTenantId(credentialName, requestedTenant, 'the requested tenantId');
  if (!configuredTenant || sameTenant(configuredTenant, requestedTenant)) return requestedTenant;
  const allowed =
    additionallyAllowedTenants.includes('*') || additionallyAllowedTenants.some((t) => sameTenant(t, requestedTenant));
  if (!allowed) {
    throw new CredentialUnavailableError(
      `${credentialName}: this credential is not configured to get tokens for tenant "${requestedTenant}". Add it to additionallyAllowedTenants (or add "*" to allow any tenant). ${troubleshooting('multi-tenant')}`,
    );
  }
  return requestedTenant;
}

function sameTenant(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
