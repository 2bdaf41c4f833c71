// Who may ask for a user's tokens, and where: the authority (`common`, `organizations` or a tenant), the
// app behind a client id there (multi-tenant apps reach every tenant), and how the client proves itself
// for the platform its code or refresh token was issued to (public, web or single-page application).
import { entraErrors } from './emulator-errors.js';
import type { RedirectUriType } from './emulator-redirect-uris.js';
import type {
  ClientAuthentication,
  EmulatorApp,
  EmulatorRequestContext,
  EmulatorState,
} from './emulator-types.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';

const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

/**
 * The `{tenant}` segment of a user flow: an alias (the user's home tenant decides) or a registered tenant.
 *
 * @example
 * ```ts
 * const authority: UserFlowAuthority = userFlowAuthority(ctx, ctx.params.tenant ?? '');
 * authority.tenantId ?? 'the user decides';
 * ```
 */
export interface UserFlowAuthority {
  /** Lower-case segment as sent: a tenant id or `common` / `organizations` / `consumers`. */
  segment: string;
  /** The registered tenant; undefined for an alias. */
  tenantId?: string;
}

/**
 * Resolves the `{tenant}` segment of a user flow; an unknown tenant is AADSTS90002.
 *
 * @example
 * ```ts
 * userFlowAuthority(ctx, 'organizations'); // { segment: 'organizations' }
 * ```
 */
export function userFlowAuthority(ctx: EmulatorRequestContext, segment: string): UserFlowAuthority {
  const lower = segment.toLowerCase();
  if (TENANT_ALIASES.has(lower)) return { segment: lower };
  const tenant = ctx.resolveTenant(segment);
  return { segment: tenant.tenantId, tenantId: tenant.tenantId };
}

/**
 * The app a client id names at an authority: registered in that tenant, or a multi-tenant app registered
 * anywhere. Throws AADSTS700016 (unknown), AADSTS50194 (single-tenant app at an alias) or AADSTS9002332
 * (`consumers`: the emulator has no personal accounts).
 *
 * @example
 * ```ts
 * const app = findUserFlowApp(ctx.state, authority, ctx.form.get('client_id')!);
 * ```
 */
export function findUserFlowApp(
  state: EmulatorState,
  authority: UserFlowAuthority,
  clientId: string,
): EmulatorApp {
  const id = clientId.toLowerCase();
  const local =
    authority.tenantId === undefined ? undefined : state.tenants.get(authority.tenantId)?.apps.get(id);
  if (local) return local;
  let found: EmulatorApp | undefined;
  for (const tenant of state.tenants.values()) {
    const app = tenant.apps.get(id);
    if (app && (found === undefined || app.multiTenant)) found = app;
  }
  if (!found || (authority.tenantId !== undefined && !found.multiTenant)) {
    throw entraErrors.appNotFound(clientId, authority.segment);
  }
  if (authority.segment === 'consumers')
    throw userFlowErrors.consumersNotSupported(found.clientId, found.displayName);
  if (!found.multiTenant)
    throw userFlowErrors.notMultiTenant(found.clientId, found.displayName, authority.segment);
  return found;
}

function presentsCredential(ctx: EmulatorRequestContext): boolean {
  const basic = /^basic /i.test(String(ctx.headers.authorization ?? ''));
  return ctx.form.has('client_secret') || ctx.form.has('client_assertion') || basic;
}

/**
 * Checks the client of a user-token request for the platform its grant was issued to. Web: the client's
 * secret or assertion (AADSTS7000218 without). Public and SPA: no credential (AADSTS700025 with one). SPA
 * grants are redeemed cross-origin only (AADSTS9002327); others never cross-origin (AADSTS9002326).
 *
 * @example
 * ```ts
 * const method = await authenticateUserFlowClient(ctx, app, 'public', authority); // 'none'
 * ```
 */
export async function authenticateUserFlowClient(
  ctx: EmulatorRequestContext,
  app: EmulatorApp,
  type: RedirectUriType,
  authority: UserFlowAuthority,
): Promise<ClientAuthentication['method'] | 'none'> {
  const origin = ctx.headers.origin;
  if (type === 'spa' && origin === undefined) throw userFlowErrors.spaRequiresCrossOrigin();
  if (type !== 'spa' && origin !== undefined) throw userFlowErrors.crossOriginNotSpa(origin);
  if (type !== 'web') {
    if (presentsCredential(ctx)) throw userFlowErrors.publicClientWithCredential();
    return 'none';
  }
  // The app may live in another tenant (multi-tenant); assertions are addressed to this authority.
  const tenant = { tenantId: authority.segment, apps: new Map([[app.clientId, app]]) };
  return (await ctx.authenticateClient(tenant)).method;
}

/**
 * The platform of user tokens issued without a redirect URI (device code): public for an app that allows
 * public client flows, else web (the client must authenticate).
 *
 * @example
 * ```ts
 * await authenticateUserFlowClient(ctx, app, platformWithoutRedirect(app), authority);
 * ```
 */
export function platformWithoutRedirect(app: EmulatorApp): RedirectUriType {
  return app.publicClient ? 'public' : 'web';
}
