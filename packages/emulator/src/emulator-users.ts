// The directory of users who sign in: members of their home tenant, guests of others, their passwords and
// the instant before which their refresh tokens and sessions no longer count (Entra's TokensValidFrom).
import { createHash, timingSafeEqual } from 'node:crypto';
import { newGuid } from './emulator-encoding.js';
import type { EmulatorState, RegisteredUser, UserRegistration } from './emulator-types.js';

/**
 * A user as the directory keeps it.
 *
 * @example
 * ```ts
 * const user: EmulatorUser | undefined = users.byKey(account.user.key);
 * ```
 */
export interface EmulatorUser extends RegisteredUser {
  /** `{homeTenantId}|{lower-case username}`: the user's identity across tenants. */
  key: string;
  mfaRequired: boolean;
  guestTenants: string[];
  /** Epoch ms; refresh tokens and sessions from before it are revoked (Entra's TokensValidFrom). */
  tokensValidFrom: number;
}

/**
 * A user as seen in one tenant: a member of it (their home tenant) or a guest with an object of its own.
 *
 * @example
 * ```ts
 * const account = users.inTenant(tenantId, 'ada@contoso.example');
 * account?.objectId; // the `oid` of tokens issued in that tenant
 * ```
 */
export interface TenantAccount {
  user: EmulatorUser;
  tenantId: string;
  objectId: string;
  guest: boolean;
}

/**
 * The user directory every sign-in route shares.
 *
 * @example
 * ```ts
 * const users = createUserDirectory(state, Date.now);
 * users.register({ username: 'ada@contoso.example', password: 'pw' });
 * users.checkPassword(users.home('ada@contoso.example')!.user, 'pw'); // true
 * ```
 */
export interface UserDirectory {
  register(registration: UserRegistration): RegisteredUser;
  /** The user's account in a tenant: a member with that username, else a guest; undefined if neither. */
  inTenant(tenantId: string, username: string): TenantAccount | undefined;
  /** The home account of a username in any tenant (for `common` and `organizations`). */
  home(username: string): TenantAccount | undefined;
  /** The account of a known user (by key) in a tenant, if the user is a member or guest there. */
  accountOf(userKey: string, tenantId: string): TenantAccount | undefined;
  byKey(userKey: string): EmulatorUser | undefined;
  checkPassword(user: EmulatorUser, password: string): boolean;
  /**
   * Revokes every refresh token and session of a user issued before now (a home-tenant lookup when no tenant
   * is given). Throws for an unknown user.
   */
  revoke(username: string, tenantId?: string): void;
}

const hash = (text: string) => createHash('sha256').update(text).digest();

// A guest has an object of its own in the host tenant; derive it so it is stable across calls.
function guestObjectId(userKey: string, tenantId: string): string {
  const hex = createHash('sha256').update(`guest|${userKey}|${tenantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Creates the user directory over the emulator's tenants.
 *
 * @example
 * ```ts
 * const users = createUserDirectory(state, () => clock.now);
 * ```
 */
export function createUserDirectory(state: EmulatorState, now: () => number): UserDirectory {
  const users = new Map<string, EmulatorUser & { passwordHash: Buffer }>();
  const keyOf = (tenantId: string, username: string) => `${tenantId.toLowerCase()}|${username.toLowerCase()}`;
  const member = (user: EmulatorUser): TenantAccount => ({
    user,
    tenantId: user.tenantId,
    objectId: user.objectId,
    guest: false,
  });
  const guest = (user: EmulatorUser, tenantId: string): TenantAccount => ({
    user,
    tenantId,
    objectId: guestObjectId(user.key, tenantId),
    guest: true,
  });

  const register = (registration: UserRegistration): RegisteredUser => {
    const { username, password } = registration ?? {};
    if (typeof username !== 'string' || !username.trim()) throw new TypeError('A user needs a username.');
    if (typeof password !== 'string' || password === '') throw new TypeError('A user needs a password.');
    const tenantId = state.registerTenant(registration.tenantId ?? state.defaultTenantId);
    const guestTenants = (registration.guestTenants ?? []).map((tenant) => state.registerTenant(tenant));
    const key = keyOf(tenantId, username);
    const user = {
      key,
      tenantId,
      username,
      objectId: registration.oid ?? newGuid(),
      name: registration.name ?? username.split('@')[0] ?? username,
      mfaRequired: registration.mfaRequired ?? false,
      guestTenants: guestTenants.filter((tenant) => tenant !== tenantId),
      tokensValidFrom: 0,
      passwordHash: hash(password),
    };
    users.set(key, user);
    return { tenantId, username, objectId: user.objectId, name: user.name };
  };

  const inTenant = (tenantId: string, username: string): TenantAccount | undefined => {
    const tenant = tenantId.toLowerCase();
    const found = users.get(keyOf(tenant, username));
    if (found) return member(found);
    const lower = username.toLowerCase();
    for (const user of users.values()) {
      if (user.username.toLowerCase() === lower && user.guestTenants.includes(tenant))
        return guest(user, tenant);
    }
    return undefined;
  };

  const home = (username: string): TenantAccount | undefined => {
    const lower = username.toLowerCase();
    for (const user of users.values()) if (user.username.toLowerCase() === lower) return member(user);
    return undefined;
  };

  return {
    register,
    inTenant,
    home,
    accountOf: (userKey, tenantId) => {
      const user = users.get(userKey);
      if (!user) return undefined;
      const tenant = tenantId.toLowerCase();
      if (user.tenantId === tenant) return member(user);
      return user.guestTenants.includes(tenant) ? guest(user, tenant) : undefined;
    },
    byKey: (userKey) => users.get(userKey),
    checkPassword: (user, password) => {
      const stored = users.get(user.key);
      return stored !== undefined && timingSafeEqual(stored.passwordHash, hash(password));
    },
    revoke: (username, tenantId) => {
      const user = tenantId === undefined ? home(username)?.user : users.get(keyOf(tenantId, username));
      if (!user)
        throw new TypeError(`No user '${username}' is registered${tenantId ? ` in ${tenantId}` : ''}.`);
      user.tokensValidFrom = now();
    },
  };
}
