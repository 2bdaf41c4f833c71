// Delegated consent: which permissions of which resources a user let an app use. The sign-in page asks for
// what is missing; refresh tokens reach any resource already consented, as Entra's refresh tokens do.
import { parseUserScopes } from './emulator-delegated-scopes.js';
import type { ConsentGrant, EmulatorApp } from './emulator-types.js';

/**
 * The consent a user gave each app, keyed by the user's directory key and the app's client id.
 *
 * @example
 * ```ts
 * const consent = new ConsentStore();
 * consent.grant(user.key, clientId, new Map([['https://graph.microsoft.com', ['User.Read']]]));
 * consent.permissions(user.key, app, 'https://graph.microsoft.com', ['.default']); // ['User.Read']
 * ```
 */
export class ConsentStore {
  readonly #granted = new Map<string, Map<string, Set<string>>>();

  #of(userKey: string, clientId: string): Map<string, Set<string>> {
    const key = `${userKey}|${clientId.toLowerCase()}`;
    let byResource = this.#granted.get(key);
    if (!byResource) {
      byResource = new Map();
      this.#granted.set(key, byResource);
    }
    return byResource;
  }

  /** Records consent; `.default` stands for `user_impersonation` when nothing else was consented. */
  grant(userKey: string, clientId: string, resources: ReadonlyMap<string, string[]>): void {
    const byResource = this.#of(userKey, clientId);
    for (const [resource, permissions] of resources) {
      const granted = byResource.get(resource) ?? new Set<string>();
      for (const permission of permissions) {
        if (permission !== '.default') granted.add(permission);
        else if (granted.size === 0) granted.add('user_impersonation');
      }
      byResource.set(resource, granted);
    }
  }

  /** The requested permissions not yet consented (none for an admin-consented app), per resource. */
  missing(
    userKey: string,
    app: EmulatorApp,
    resources: ReadonlyMap<string, string[]>,
  ): Map<string, string[]> {
    const missing = new Map<string, string[]>();
    if (app.adminConsent) return missing;
    for (const [resource, permissions] of resources) {
      if (this.permissions(userKey, app, resource, permissions) === undefined) {
        missing.set(resource, permissions);
      }
    }
    return missing;
  }

  /**
   * The permissions a token for `resource` may carry, or undefined when the user has not consented:
   * `.default` means every consented permission of the resource (at least one); explicit permissions must
   * all be consented.
   */
  permissions(
    userKey: string,
    app: EmulatorApp,
    resource: string,
    requested: readonly string[],
  ): string[] | undefined {
    const granted = this.#of(userKey, app.clientId).get(resource) ?? new Set<string>();
    if (requested.includes('.default')) {
      if (granted.size > 0) return [...granted];
      return app.adminConsent ? ['user_impersonation'] : undefined;
    }
    if (app.adminConsent || requested.every((permission) => granted.has(permission))) return [...requested];
    return undefined;
  }
}

/**
 * The resources and permissions of a `ConsentGrant`'s scopes.
 *
 * @example
 * ```ts
 * consentedResources({ username, clientId, scopes: 'User.Read' }); // Map { 'https://graph.microsoft.com' => ['User.Read'] }
 * ```
 */
export function consentedResources(grant: ConsentGrant): Map<string, string[]> {
  const scopes = Array.isArray(grant.scopes) ? grant.scopes.join(' ') : grant.scopes;
  if (typeof scopes !== 'string' || scopes.trim() === '') throw new TypeError('grantConsent needs scopes.');
  return parseUserScopes(scopes).resources;
}
