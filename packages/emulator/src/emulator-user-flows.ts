// Installs what signs a person in: the authorize endpoint and sign-in pages, the device-code endpoint and
// verification page, the authorization_code, device_code and refresh_token grants, and their test API.
import { AuthorizationCodes, createAuthorizationCodeGrant } from './emulator-authorization-code.js';
import { createAuthorizeRoute } from './emulator-authorize.js';
import { ConsentStore, consentedResources } from './emulator-consent.js';
import {
  createDeviceCodeFlow,
  DEVICE_CODE_DEFAULTS,
  DEVICE_CODE_GRANT_TYPE,
  MSAL_DEVICE_CODE_GRANT_TYPE,
} from './emulator-device-code.js';
import { createRefreshTokenGrant } from './emulator-refresh-token.js';
import { RefreshTokens } from './emulator-refresh-token-store.js';
import { createSignIn } from './emulator-sign-in.js';
import type {
  ConsentGrant,
  EmulatorGrantHandler,
  EmulatorRouteHandler,
  EmulatorState,
} from './emulator-types.js';
import type { UserFlowServices } from './emulator-user-grant.js';
import type { UserDirectory } from './emulator-users.js';

/**
 * What installing the user flows needs.
 *
 * @example
 * ```ts
 * installUserFlows({ addRoute, grants, state, users, signIdToken, now });
 * ```
 */
export interface UserFlowsSetup {
  addRoute(method: 'GET' | 'POST', pattern: string, name: string, handler: EmulatorRouteHandler): void;
  grants: Map<string, EmulatorGrantHandler>;
  state: EmulatorState;
  users: UserDirectory;
  signIdToken(claims: Record<string, unknown>): string;
  now(): number;
  deviceCodeLifetimeSeconds?: number;
  deviceCodeIntervalSeconds?: number;
}

/**
 * The grant types the user flows add; they accept the `common` and `organizations` authorities.
 *
 * @example
 * ```ts
 * USER_FLOW_GRANT_TYPES.has('refresh_token'); // true
 * ```
 */
export const USER_FLOW_GRANT_TYPES: ReadonlySet<string> = new Set([
  'authorization_code',
  'refresh_token',
  DEVICE_CODE_GRANT_TYPE,
  MSAL_DEVICE_CODE_GRANT_TYPE,
]);

function positiveSeconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`${name} must be a positive number of seconds.`);
  return Math.floor(value);
}

/**
 * Adds the routes and grants that sign a person in, and returns the API tests drive them with.
 *
 * @example
 * ```ts
 * const userFlows = installUserFlows(setup);
 * userFlows.revokeRefreshTokens('ada@contoso.example');
 * ```
 */
export function installUserFlows(setup: UserFlowsSetup): {
  revokeRefreshTokens(username: string, tenantId?: string): void;
  grantConsent(grant: ConsentGrant): void;
  approveDeviceCode(userCode: string, username: string): void;
  declineDeviceCode(userCode: string): void;
} {
  const timing = {
    lifetimeSeconds: positiveSeconds(
      setup.deviceCodeLifetimeSeconds,
      DEVICE_CODE_DEFAULTS.lifetimeSeconds,
      'deviceCodeLifetimeSeconds',
    ),
    intervalSeconds: positiveSeconds(
      setup.deviceCodeIntervalSeconds,
      DEVICE_CODE_DEFAULTS.intervalSeconds,
      'deviceCodeIntervalSeconds',
    ),
  };
  const services: UserFlowServices = {
    state: setup.state,
    users: setup.users,
    consent: new ConsentStore(),
    refreshTokens: new RefreshTokens(),
    signIdToken: setup.signIdToken,
  };
  const signIn = createSignIn(services);
  const codes = new AuthorizationCodes();
  const authorize = createAuthorizeRoute(services, signIn, codes);
  const deviceCodes = createDeviceCodeFlow(services, signIn, timing);

  setup.addRoute('GET', '/:tenant/oauth2/v2.0/authorize', 'authorize', authorize);
  setup.addRoute('POST', '/:tenant/oauth2/v2.0/authorize', 'authorize', authorize);
  setup.addRoute('POST', '/:tenant/login', 'sign-in', signIn.loginRoute);
  setup.addRoute('POST', '/:tenant/oauth2/v2.0/devicecode', 'devicecode', deviceCodes.deviceCodeRoute);
  setup.addRoute('GET', '/devicelogin', 'device-login', deviceCodes.verificationRoute);
  setup.addRoute('POST', '/devicelogin', 'device-login', deviceCodes.verificationRoute);
  setup.grants.set('authorization_code', createAuthorizationCodeGrant(services, codes));
  setup.grants.set('refresh_token', createRefreshTokenGrant(services));
  setup.grants.set(DEVICE_CODE_GRANT_TYPE, deviceCodes.grant);
  setup.grants.set(MSAL_DEVICE_CODE_GRANT_TYPE, deviceCodes.grant);

  return {
    revokeRefreshTokens: (username, tenantId) => setup.users.revoke(username, tenantId),
    grantConsent: (grant) => {
      const account = setup.users.inTenant(grant.tenantId ?? setup.state.defaultTenantId, grant.username);
      if (!account) throw new TypeError(`No user '${grant.username}' is registered in that tenant.`);
      services.consent.grant(account.user.key, grant.clientId, consentedResources(grant));
    },
    approveDeviceCode: (userCode, username) => deviceCodes.approve(userCode, username, setup.now()),
    declineDeviceCode: (userCode) => deviceCodes.decline(userCode),
  };
}
