// The device authorization grant: POST `/{tenant}/oauth2/v2.0/devicecode` hands out a device code and a
// user code; the user types the code at `/devicelogin` and signs in there (or declines); meanwhile the
// device polls the token endpoint and hears authorization_pending until the answer is in.
import { randomBytes } from 'node:crypto';
import { parseUserScopes, type UserScopes } from './emulator-delegated-scopes.js';
import { base64UrlEncode } from './emulator-encoding.js';
import { type EntraError, entraErrors } from './emulator-errors.js';
import type { SignedIn, SignIn } from './emulator-sign-in.js';
import { signInPages } from './emulator-sign-in-page.js';
import type { EmulatorApp, EmulatorGrantHandler, EmulatorRouteHandler } from './emulator-types.js';
import {
  authenticateUserFlowClient,
  findUserFlowApp,
  platformWithoutRedirect,
  type UserFlowAuthority,
  userFlowAuthority,
} from './emulator-user-flow-client.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';
import { redeemUserGrant, type UserFlowServices } from './emulator-user-grant.js';

/**
 * The grant type of device-code polling.
 *
 * @example
 * ```ts
 * emulator.faults.add({ route: 'token', grantType: DEVICE_CODE_GRANT_TYPE, error: 'slow_down', times: 2 });
 * ```
 */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * The short grant type MSAL (JS, Java, Python) polls with, which Entra takes as {@link DEVICE_CODE_GRANT_TYPE}.
 *
 * @example
 * ```ts
 * grants.set(MSAL_DEVICE_CODE_GRANT_TYPE, deviceCodes.grant);
 * ```
 */
export const MSAL_DEVICE_CODE_GRANT_TYPE = 'device_code';

/**
 * Entra's device-code timings: the user has 15 minutes, the device polls every 5 seconds.
 *
 * @example
 * ```ts
 * await startEmulator({ deviceCodeLifetimeSeconds: DEVICE_CODE_DEFAULTS.lifetimeSeconds / 15 });
 * ```
 */
export const DEVICE_CODE_DEFAULTS = Object.freeze({ lifetimeSeconds: 900, intervalSeconds: 5 });

interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  authority: UserFlowAuthority;
  app: EmulatorApp;
  scopes: UserScopes;
  /** Epoch ms. */
  expiresAt: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  signedIn?: SignedIn;
  family: string;
}

// No I, O, 0 or 1: a code read off a screen should not be mistyped.
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const normalizeUserCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

function newUserCode(): string {
  return [...randomBytes(9)].map((byte) => USER_CODE_ALPHABET[byte & 31]).join('');
}

/**
 * The routes, grant and test API of the device-code flow.
 *
 * @example
 * ```ts
 * const deviceCodes = createDeviceCodeFlow(services, signIn, DEVICE_CODE_DEFAULTS);
 * grants.set(DEVICE_CODE_GRANT_TYPE, deviceCodes.grant);
 * ```
 */
export interface DeviceCodeFlow {
  /** POST `/{tenant}/oauth2/v2.0/devicecode`. */
  deviceCodeRoute: EmulatorRouteHandler;
  /** GET and POST `/devicelogin`: the page where the user types the code. */
  verificationRoute: EmulatorRouteHandler;
  grant: EmulatorGrantHandler;
  approve(userCode: string, username: string, now: number): void;
  decline(userCode: string): void;
}

/**
 * Creates the device-code flow.
 *
 * @example
 * ```ts
 * const flow = createDeviceCodeFlow(services, signIn, { lifetimeSeconds: 900, intervalSeconds: 5 });
 * ```
 */
export function createDeviceCodeFlow(
  services: UserFlowServices,
  signIn: SignIn,
  timing: { lifetimeSeconds: number; intervalSeconds: number },
): DeviceCodeFlow {
  const byDeviceCode = new Map<string, DeviceAuthorization>();
  const byUserCode = new Map<string, DeviceAuthorization>();

  const deviceCodeRoute: EmulatorRouteHandler = (ctx) => {
    const authority = userFlowAuthority(ctx, ctx.params.tenant ?? '');
    for (const name of ['client_id', 'scope']) {
      if (!ctx.form.get(name)) throw entraErrors.missingParameter(name);
    }
    const app = findUserFlowApp(services.state, authority, ctx.form.get('client_id') as string);
    ctx.note({ clientId: app.clientId });
    const scopes = parseUserScopes(ctx.form.get('scope') as string);
    const now = ctx.now();
    for (const [code, entry] of byDeviceCode) {
      if (entry.expiresAt + 86_400_000 < now) {
        byDeviceCode.delete(code);
        byUserCode.delete(entry.userCode);
      }
    }
    let userCode = newUserCode();
    while (byUserCode.has(userCode)) userCode = newUserCode();
    const entry: DeviceAuthorization = {
      deviceCode: base64UrlEncode(randomBytes(48)),
      userCode,
      authority,
      app,
      scopes,
      expiresAt: now + timing.lifetimeSeconds * 1000,
      status: 'pending',
      family: base64UrlEncode(randomBytes(16)),
    };
    byDeviceCode.set(entry.deviceCode, entry);
    byUserCode.set(userCode, entry);
    const verificationUri = `${ctx.emulatorUrl}/devicelogin`;
    return {
      json: {
        user_code: userCode,
        device_code: entry.deviceCode,
        verification_uri: verificationUri,
        expires_in: timing.lifetimeSeconds,
        interval: timing.intervalSeconds,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
      },
    };
  };

  // A user code the user may still act on, or the error the page shows.
  const pendingEntry = (userCode: string, now: number): DeviceAuthorization | EntraError => {
    const entry = byUserCode.get(normalizeUserCode(userCode));
    if (!entry) return userFlowErrors.userCodeInvalid();
    if (now >= entry.expiresAt) return userFlowErrors.userCodeExpired();
    if (entry.status !== 'pending') return userFlowErrors.deviceFlowCompleted();
    return entry;
  };

  const verificationRoute: EmulatorRouteHandler = (ctx) => {
    if (ctx.method === 'GET') return signInPages.userCode({});
    const typed = ctx.form.get('user_code') ?? '';
    const entry = pendingEntry(typed, ctx.now());
    if (!('deviceCode' in entry)) return signInPages.userCode({ error: entry.message, userCode: typed });
    ctx.note({ clientId: entry.app.clientId });
    return signIn.start(ctx, {
      kind: 'device',
      authority: entry.authority,
      app: entry.app,
      scopes: entry.scopes,
      complete: (at, signedIn) => {
        if (at.now() >= entry.expiresAt)
          return signInPages.userCode({ error: userFlowErrors.userCodeExpired().message });
        entry.status = 'approved';
        entry.signedIn = signedIn;
        return signInPages.message(
          `${entry.app.displayName}`,
          `You have signed in to the ${entry.app.displayName} application on your device. You may now close this window.`,
        );
      },
      decline: () => {
        entry.status = 'declined';
        return signInPages.message(
          `${entry.app.displayName}`,
          `You have declined to sign in to the ${entry.app.displayName} application on your device. You may now close this window.`,
        );
      },
    });
  };

  const grant: EmulatorGrantHandler = async (ctx) => {
    const authority = userFlowAuthority(ctx, ctx.params.tenant ?? '');
    for (const name of ['client_id', 'device_code']) {
      if (!ctx.form.get(name)) throw entraErrors.missingParameter(name);
    }
    const entry = byDeviceCode.get(ctx.form.get('device_code') as string);
    const app = findUserFlowApp(services.state, authority, ctx.form.get('client_id') as string);
    ctx.note({ clientId: app.clientId });
    if (!entry || entry.app.clientId !== app.clientId) throw userFlowErrors.badVerificationCode();
    if (entry.authority.segment !== authority.segment) throw userFlowErrors.grantOtherTenant();
    const authMethod = await authenticateUserFlowClient(ctx, app, platformWithoutRedirect(app), authority);
    if (entry.status === 'redeemed') throw userFlowErrors.deviceCodeRedeemed();
    if (ctx.now() >= entry.expiresAt) throw userFlowErrors.deviceCodeExpired();
    if (entry.status === 'declined') throw userFlowErrors.authorizationDeclined();
    if (entry.status === 'pending' || !entry.signedIn) throw userFlowErrors.authorizationPending();
    entry.status = 'redeemed';
    const { account, amr, sessionId } = entry.signedIn;
    return redeemUserGrant(ctx, services, {
      app,
      account,
      scopes: entry.scopes,
      oidc: entry.scopes.oidc,
      platform: platformWithoutRedirect(app),
      amr,
      authMethod,
      family: entry.family,
      refresh: entry.scopes.oidc.has('offline_access'),
      ...(sessionId ? { sessionId } : {}),
    });
  };

  const approve = (userCode: string, username: string, now: number) => {
    const entry = pendingEntry(userCode, now);
    if (!('deviceCode' in entry))
      throw new TypeError(`Cannot approve user code '${userCode}': ${entry.message}`);
    const { tenantId } = entry.authority;
    const account =
      tenantId === undefined ? services.users.home(username) : services.users.inTenant(tenantId, username);
    if (!account) throw new TypeError(`No user '${username}' can sign in at /${entry.authority.segment}.`);
    services.consent.grant(account.user.key, entry.app.clientId, entry.scopes.resources);
    entry.status = 'approved';
    entry.signedIn = { account, amr: account.user.mfaRequired ? ['pwd', 'mfa'] : ['pwd'], sessionId: '' };
  };

  const decline = (userCode: string) => {
    const entry = byUserCode.get(normalizeUserCode(userCode));
    if (entry?.status !== 'pending')
      throw new TypeError(`No pending device code has the user code '${userCode}'.`);
    entry.status = 'declined';
  };

  return { deviceCodeRoute, verificationRoute, grant, approve, decline };
}
