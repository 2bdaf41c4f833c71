// Refresh tokens: opaque strings bound to a client, a user and the tenant they were issued in. Each use
// returns a new one and, as in Entra, leaves the old one valid; they die of inactivity (90 days), of a SPA's
// fixed 24 hours, of the user's revocation (TokensValidFrom) or with a reused authorization code.
import { randomBytes } from 'node:crypto';
import { parseUserScopes, type UserScopes } from './emulator-delegated-scopes.js';
import { base64UrlEncode } from './emulator-encoding.js';
import { entraErrors } from './emulator-errors.js';
import type { RedirectUriType } from './emulator-redirect-uris.js';
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
 * How long an unused refresh token stays valid: Entra's 90 days of inactivity.
 *
 * @example
 * ```ts
 * emulator.registerApp({ publicClient: true, refreshTokenLifetimeSeconds: DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS / 90 });
 * ```
 */
export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = 90 * 86400;

/**
 * What a refresh token stands for.
 *
 * @example
 * ```ts
 * const grant: RefreshTokenGrant | undefined = refreshTokens.get(token);
 * ```
 */
export interface RefreshTokenGrant {
  clientId: string;
  /** The tenant the tokens it came with were issued in. */
  tenantId: string;
  userKey: string;
  /** The platform of the sign-in (decides how the client authenticates). */
  platform: RedirectUriType;
  /** The resource of the access token it came with: the default when a refresh names no scope. */
  resource: string;
  scopes: UserScopes;
  amr: string[];
  /** The sign-in it descends from. */
  family: string;
  /** Epoch ms. */
  issuedAt: number;
  /** A SPA's fixed expiry, epoch ms. */
  spaExpiresAt?: number;
}

const TOKEN_SHAPE = /^0\.[A-Za-z0-9_-]{64}$/;

/**
 * The refresh tokens the emulator issued, by token.
 *
 * @example
 * ```ts
 * const token = refreshTokens.issue(grant); // '0.AbC...' (opaque)
 * refreshTokens.revokeFamily(grant.family);
 * ```
 */
export class RefreshTokens {
  readonly #tokens = new Map<string, RefreshTokenGrant>();
  readonly #revokedFamilies = new Set<string>();

  issue(grant: RefreshTokenGrant): string {
    const token = `0.${base64UrlEncode(randomBytes(48))}`;
    this.#tokens.set(token, grant);
    return token;
  }

  get(token: string): RefreshTokenGrant | undefined {
    return this.#tokens.get(token);
  }

  isRevoked(grant: RefreshTokenGrant): boolean {
    return this.#revokedFamilies.has(grant.family);
  }

  /** Revokes every refresh token of a sign-in (its authorization code was redeemed twice). */
  revokeFamily(family: string): void {
    this.#revokedFamilies.add(family);
  }
}

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
      throw TOKEN_SHAPE.test(token)
        ? userFlowErrors.refreshTokenInvalid()
        : userFlowErrors.refreshTokenMalformed();
    }
    const app = findUserFlowApp(services.state, authority, ctx.form.get('client_id') as string);
    ctx.note({ clientId: app.clientId });
    if (grant.clientId !== app.clientId) throw userFlowErrors.refreshTokenInvalid();
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
