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
  if (
    !requestedTenant ||
    readVariable(env, 'AZURE_IDENTITY_DISABLE_MULTITENANTAUTH') ||
    configuredTenant === 'adfs'
  ) {
    return configuredTenant;
  }
  validateTenantId(credentialName, requestedTenant, 'the requested tenantId');
  // Tenant ids compare case-insensitively; "*" allows any tenant.
  const allowed = [configuredTenant ?? requestedTenant, ...additionallyAllowedTenants].map((t) =>
    t.toLowerCase(),
  );
  if (!allowed.includes(requestedTenant.toLowerCase()) && !allowed.includes('*')) {
    throw new CredentialUnavailableError(
      `${credentialName}: add tenant "${requestedTenant}" (or "*") to additionallyAllowedTenants to use it. ${troubleshooting('multi-tenant')}`,
    );
  }
  return requestedTenant;
}
