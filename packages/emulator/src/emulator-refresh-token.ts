// The refresh_token grant: checks a refresh token against everything that ends it (revocation, inactivity, a SPA's
// fixed lifetime, the user leaving the tenant) and redeems it for new tokens, possibly in another tenant.
import { parseUserScopes } from './emulator-delegated-scopes.js';
import { entraErrors } from './emulator-errors.js';
import { DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS, RefreshTokens } from './emulator-refresh-token-store.js';
import type { EmulatorGrantHandler } from './emulator-types.js';
import {
  authenticateUserFlowClient,
  findUserFlowApp,
  userFlowAuthority,
} from './emulator-user-flow-client.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';
import {
  redeemUserGrant,
  SPA_REFRESH_TOKEN_LIFETIME_SECONDS,
  type UserFlowServices,
} from './emulator-user-grant.js';

/**
 * The `refresh_token` grant: `client_id`, `refresh_token`, `scope` (another consented resource is fine),
 * `client_info=1`, and the client's credential for a web sign-in. The authority may be another tenant the
 * user belongs to (member or guest): the tokens are then issued in that tenant.
 *
 * @example
 * ```ts
 * grants.set('refresh_token', createRefreshTokenGrant(services));
 * ```
 */
export function createRefreshTokenGrant(services: UserFlowServices): EmulatorGrantHandler {
  return async (ctx) => {
    const authority = userFlowAuthority(ctx, ctx.params.tenant ?? '');
    for (const name of ['client_id', 'refresh_token']) {
      if (!ctx.form.get(name)) throw entraErrors.missingParameter(name);
    }
    const token = ctx.form.get('refresh_token') as string;
    const grant = services.refreshTokens.get(token);
    if (!grant) {
      throw RefreshTokens.hasTokenShape(token)
        ? userFlowErrors.refreshTokenInvalid()
        : userFlowErrors.refreshTokenMalformed();
    }
    const app = findUserFlowApp(services.state, authority, ctx.form.get('client_id') as string);
    ctx.note({ clientId: app.clientId });
    // Another client's refresh token is refused, unless both are of one family of client ids (FOCI).
    if (grant.clientId !== app.clientId && !(grant.clientFamily && grant.clientFamily === app.familyId))
      throw userFlowErrors.refreshTokenInvalid();
    const authMethod = await authenticateUserFlowClient(ctx, app, grant.platform, authority);

    if (services.refreshTokens.isRevoked(grant)) throw userFlowErrors.grantExpired();
    const user = services.users.byKey(grant.userKey);
    if (!user) throw userFlowErrors.refreshTokenInvalid();
    ctx.note({ username: user.username });
    if (grant.issuedAt < user.tokensValidFrom) {
      throw userFlowErrors.refreshTokenRevoked(grant.issuedAt, user.tokensValidFrom);
    }
    const now = ctx.now();
    if (grant.spaExpiresAt !== undefined && now >= grant.spaExpiresAt) {
      const issuedAt = grant.spaExpiresAt - SPA_REFRESH_TOKEN_LIFETIME_SECONDS * 1000;
      throw userFlowErrors.spaRefreshTokenExpired(issuedAt, SPA_REFRESH_TOKEN_LIFETIME_SECONDS);
    }
    const lifetime = app.refreshTokenLifetimeSeconds ?? DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS;
    if (now - grant.issuedAt >= lifetime * 1000) {
      throw userFlowErrors.refreshTokenInactive(grant.issuedAt, lifetime);
    }

    // An alias keeps the tenant; a tenant id switches to it if the user belongs there.
    const tenantId = authority.tenantId ?? grant.tenantId;
    const account = services.users.accountOf(grant.userKey, tenantId);
    if (!account) throw userFlowErrors.userNotInTenant(user.username, user.tenantId, tenantId, app.clientId);

    const scope = ctx.form.get('scope');
    // The request's OIDC scopes decide the ID token; without a scope, those of the sign-in do.
    const oidc = scope ? parseUserScopes(scope).oidc : grant.scopes.oidc;
    return redeemUserGrant(ctx, services, {
      app,
      account,
      scopes: { oidc: grant.scopes.oidc, resources: new Map([[grant.resource, ['.default']]]) },
      oidc,
      platform: grant.platform,
      amr: grant.amr,
      authMethod,
      family: grant.family,
      refresh: true,
      ...(grant.spaExpiresAt === undefined ? {} : { spaExpiresAt: grant.spaExpiresAt }),
    });
  };
}
