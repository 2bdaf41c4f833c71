// Scope rules of the client-credentials grant: exactly one resource, asked for with `/.default`.
import { entraErrors } from './emulator-errors.js';

const DEFAULT_SUFFIX = '/.default';
// OIDC scopes some libraries add to every request; Entra ignores them for app-only tokens.
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * Turns a `/.default` scope into its resource (`https://storage.azure.com/.default` →
 * `https://storage.azure.com`).
 *
 * @example
 * ```ts
 * resourceOfDefaultScope('api://my-api/.default'); // 'api://my-api'
 * ```
 */
export function resourceOfDefaultScope(scope: string): string {
  return scope.endsWith(DEFAULT_SUFFIX) ? scope.slice(0, -DEFAULT_SUFFIX.length) : scope;
}

/**
 * Validates the `scope` of a client-credentials request the way Entra does and returns the one resource
 * it names. Throws AADSTS1002012 for a scope without `/.default` and AADSTS70011 for several resources
 * or an empty one.
 *
 * @example
 * ```ts
 * clientCredentialsResource('https://vault.azure.net/.default'); // 'https://vault.azure.net'
 * ```
 */
export function clientCredentialsResource(scope: string): string {
  const scopes = scope.split(/\s+/).filter((s) => s.length > 0 && !OIDC_SCOPES.has(s));
  if (scopes.length === 0) throw entraErrors.invalidScope(scope);
  const withoutDefault = scopes.find((s) => !s.endsWith(DEFAULT_SUFFIX));
  if (withoutDefault !== undefined) throw entraErrors.scopeWithoutDefault(withoutDefault);
  const resources = new Set(scopes.map(resourceOfDefaultScope));
  const [resource] = resources;
  if (resources.size !== 1 || !resource) throw entraErrors.invalidScope(scope);
  return resource;
}
