// Delegated scope lists as users consent to them: OpenID Connect scopes plus permissions of one or more
// resources (`https://graph.microsoft.com/User.Read`, a bare Graph permission, `api://app/Perm`, `/.default`).
import { entraErrors } from './emulator-errors.js';

/**
 * The OpenID Connect scopes: not resources; they ask for an ID token (`openid`), profile claims, the email
 * claim and a refresh token (`offline_access`).
 *
 * @example
 * ```ts
 * OIDC_SCOPES.has('offline_access'); // true
 * ```
 */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * Microsoft Graph, the resource of bare permissions such as `User.Read`.
 *
 * @example
 * ```ts
 * parseUserScopes('User.Read').resources.has(GRAPH_RESOURCE); // true
 * ```
 */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/**
 * A parsed scope list: the OIDC scopes asked for and the permissions asked of each resource, in order.
 *
 * @example
 * ```ts
 * const { oidc, resources }: UserScopes = parseUserScopes('openid offline_access api://orders/Orders.Read');
 * ```
 */
export interface UserScopes {
  /** Lower-case OIDC scopes present (`openid`, `profile`, `email`, `offline_access`). */
  oidc: Set<string>;
  /** Resource → permissions; `.default` is kept as is (it means "what was consented"). */
  resources: Map<string, string[]>;
}

/**
 * Parses a space-separated scope list the way the authorize, device-code and token endpoints read it. Several
 * resources are allowed here; a permission-less item (`api://app/`) is AADSTS70011.
 *
 * @example
 * ```ts
 * parseUserScopes('openid User.Read https://vault.azure.net/.default').resources;
 * // Map { 'https://graph.microsoft.com' => ['User.Read'], 'https://vault.azure.net' => ['.default'] }
 * ```
 */
export function parseUserScopes(scope: string): UserScopes {
  const oidc = new Set<string>();
  const resources = new Map<string, string[]>();
  for (const item of scope.split(/\s+/)) {
    if (!item) continue;
    if (OIDC_SCOPES.has(item.toLowerCase())) {
      oidc.add(item.toLowerCase());
      continue;
    }
    const slash = item.lastIndexOf('/');
    const qualified = item.includes('://') && slash > item.indexOf('://') + 2;
    const resource = qualified ? item.slice(0, slash) : GRAPH_RESOURCE;
    const permission = qualified ? item.slice(slash + 1) : item;
    if (!permission) throw entraErrors.invalidScope(scope);
    const permissions = resources.get(resource) ?? [];
    if (!permissions.includes(permission)) permissions.push(permission);
    resources.set(resource, permissions);
  }
  return { oidc, resources };
}

/**
 * The `scope` value of a token response: the granted permissions as `resource/permission`, then the OIDC
 * scopes Entra lists (`openid`, `profile`, `email`; never `offline_access`).
 *
 * @example
 * ```ts
 * grantedScope('https://graph.microsoft.com', ['User.Read'], new Set(['openid', 'offline_access']));
 * // 'https://graph.microsoft.com/User.Read openid'
 * ```
 */
export function grantedScope(resource: string, permissions: string[], oidc: ReadonlySet<string>): string {
  const listed = ['openid', 'profile', 'email'].filter((name) => oidc.has(name));
  const granted = permissions.filter((p) => !OIDC_SCOPES.has(p)).map((p) => `${resource}/${p}`);
  return [...granted, ...listed].join(' ');
}
