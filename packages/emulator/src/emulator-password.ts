// The resource owner password grant (ROPC, `grant_type=password`): registered users sign in with their
// name and password and get a delegated token. Entra answers a wrong password with AADSTS50126 and a user
// whose policy demands MFA with AADSTS50076, which is why the flow is deprecated.
import { createHash, timingSafeEqual } from 'node:crypto';
import { newGuid } from './emulator-encoding.js';
import { EntraError, entraErrors } from './emulator-errors.js';
import { tokenResponse } from './emulator-token-endpoint.js';
import type { EmulatorGrantHandler, EmulatorState, EmulatorTenant } from './emulator-types.js';

/**
 * What `registerUser` accepts.
 *
 * @example
 * ```ts
 * emulator.registerUser({ username: 'ada@contoso.example', password: 'dev-password', name: 'Ada Lovelace' });
 * ```
 */
export interface UserRegistration {
  /** Default: the emulator's default tenant. An unknown tenant is created. */
  tenantId?: string;
  /** The sign-in name (UPN), matched case-insensitively. */
  username: string;
  password: string;
  /** The user's object id (`oid`, `sub`); default: a new GUID. */
  oid?: string;
  /** The display name (`name` claim); default: the part of the username before `@`. */
  name?: string;
  /** The user's policy demands MFA: the password grant then fails with AADSTS50076. */
  mfaRequired?: boolean;
}

/**
 * What `registerUser` returns.
 *
 * @example
 * ```ts
 * const { tenantId, username, objectId } = emulator.registerUser({ username, password });
 * ```
 */
export interface RegisteredUser {
  tenantId: string;
  username: string;
  objectId: string;
  name: string;
}

interface StoredUser extends RegisteredUser {
  passwordHash: Buffer;
  mfaRequired: boolean;
}

// Scopes every OIDC client may add; they are not resources.
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH = 'https://graph.microsoft.com';

const hash = (text: string) => createHash('sha256').update(text).digest();

/**
 * The resource and permissions of a delegated scope list: `https://graph.microsoft.com/User.Read`, a bare
 * Graph permission (`User.Read`) or a resource's `/.default`. Several resources are AADSTS70011.
 *
 * @example
 * ```ts
 * delegatedScopes('User.Read Mail.Read offline_access'); // { resource: 'https://graph.microsoft.com', permissions: ['User.Read', 'Mail.Read'] }
 * ```
 */
export function delegatedScopes(scope: string): { resource: string; permissions: string[] } {
  const resources = new Set<string>();
  const permissions: string[] = [];
  for (const item of scope.split(/\s+/)) {
    if (!item || OIDC_SCOPES.has(item.toLowerCase())) continue;
    const slash = item.lastIndexOf('/');
    const qualified = item.includes('://') && slash > item.indexOf('://') + 2;
    resources.add(qualified ? item.slice(0, slash) : GRAPH);
    const permission = qualified ? item.slice(slash + 1) : item;
    // `.default` stands for what the user consented to; the emulator grants the usual delegated permission.
    permissions.push(permission === '.default' ? 'user_impersonation' : permission);
  }
  const [resource] = resources;
  if (resources.size !== 1 || !resource || permissions.some((p) => !p)) throw entraErrors.invalidScope(scope);
  return { resource, permissions };
}

const passwordErrors = {
  invalidCredentials: () =>
    new EntraError(
      400,
      'invalid_grant',
      50126,
      'Error validating credentials due to invalid username or password.',
    ),
  unknownUser: (tenantId: string) =>
    new EntraError(
      400,
      'invalid_grant',
      50034,
      `The user account does not exist in the ${tenantId} directory. To sign into this application, the account must be added to the directory.`,
    ),
  mfaRequired: (resource: string) =>
    new EntraError(
      400,
      'invalid_grant',
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource}'.`,
    ),
};

/**
 * The password grant and the user registry behind it.
 *
 * @example
 * ```ts
 * const passwords = createPasswordGrant(state);
 * grants.set('password', passwords.grant);
 * passwords.registerUser({ username: 'ada@contoso.example', password: 'dev-password' });
 * ```
 */
export function createPasswordGrant(state: EmulatorState): {
  grant: EmulatorGrantHandler;
  registerUser(registration: UserRegistration): RegisteredUser;
} {
  const users = new Map<string, StoredUser>();
  const keyOf = (tenantId: string, username: string) => `${tenantId.toLowerCase()}|${username.toLowerCase()}`;

  const registerUser = (registration: UserRegistration): RegisteredUser => {
    const { username, password } = registration ?? {};
    if (typeof username !== 'string' || !username.trim()) throw new TypeError('A user needs a username.');
    if (typeof password !== 'string' || password === '') throw new TypeError('A user needs a password.');
    const tenantId = state.registerTenant(registration.tenantId ?? state.defaultTenantId);
    const user: StoredUser = {
      tenantId,
      username,
      objectId: registration.oid ?? newGuid(),
      name: registration.name ?? username.split('@')[0] ?? username,
      passwordHash: hash(password),
      mfaRequired: registration.mfaRequired ?? false,
    };
    users.set(keyOf(tenantId, username), user);
    return { tenantId, username, objectId: user.objectId, name: user.name };
  };

  const grant: EmulatorGrantHandler = async (ctx, tenant: EmulatorTenant) => {
    for (const name of ['client_id', 'username', 'password', 'scope']) {
      if (!ctx.form.get(name)) throw entraErrors.missingParameter(name);
    }
    // A confidential client proves itself as usual; a public client is only looked up.
    const clientId = ctx.form.get('client_id') as string;
    const client =
      ctx.form.has('client_secret') || ctx.form.has('client_assertion')
        ? await ctx.authenticateClient(tenant)
        : undefined;
    const app = client?.app ?? state.findApp(tenant.tenantId, clientId);
    if (!app) throw entraErrors.appNotFound(clientId, tenant.tenantId);
    ctx.note({ clientId: app.clientId });

    const { resource, permissions } = delegatedScopes(ctx.form.get('scope') as string);
    const user = users.get(keyOf(tenant.tenantId, ctx.form.get('username') as string));
    if (!user) throw passwordErrors.unknownUser(tenant.tenantId);
    if (!timingSafeEqual(user.passwordHash, hash(ctx.form.get('password') as string)))
      throw passwordErrors.invalidCredentials();
    if (user.mfaRequired) throw passwordErrors.mfaRequired(resource);

    const minted = ctx.mintAccessToken({
      tenantId: tenant.tenantId,
      clientId: app.clientId,
      objectId: user.objectId,
      resource,
      roles: [],
      idtyp: 'user',
      authMethod: client?.method ?? 'none',
      extraClaims: {
        scp: permissions.join(' '),
        upn: user.username,
        unique_name: user.username,
        preferred_username: user.username,
        name: user.name,
        amr: ['pwd'],
      },
    });
    return tokenResponse(app, minted, { scope: permissions.map((p) => `${resource}/${p}`).join(' ') });
  };

  return { grant, registerUser };
}
