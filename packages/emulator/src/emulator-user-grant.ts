// What the user flows share: their services (directory, consent, refresh tokens, ID-token signer) and the
// last step of every user grant, turning a signed-in user and a requested scope into the token response.
import type { ConsentStore } from './emulator-consent.js';
import { GRAPH_RESOURCE, parseUserScopes, type UserScopes } from './emulator-delegated-scopes.js';
import type { RedirectUriType } from './emulator-redirect-uris.js';
import type { RefreshTokens } from './emulator-refresh-token-store.js';
import { requestsCae } from './emulator-token-endpoint.js';
import type {
  ClientAuthentication,
  EmulatorApp,
  EmulatorRequestContext,
  EmulatorResponse,
  EmulatorState,
} from './emulator-types.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';
import { issueUserTokens } from './emulator-user-tokens.js';
import type { TenantAccount, UserDirectory } from './emulator-users.js';

/**
 * The services every user flow uses.
 *
 * @example
 * ```ts
 * const services: UserFlowServices = { state, users, consent: new ConsentStore(), refreshTokens: new RefreshTokens(), signIdToken };
 * ```
 */
export interface UserFlowServices {
  state: EmulatorState;
  users: UserDirectory;
  consent: ConsentStore;
  refreshTokens: RefreshTokens;
  /** Signs ID-token claims with the emulator's key. */
  signIdToken(claims: Record<string, unknown>): string;
}

/**
 * A signed-in user's grant being redeemed: by an authorization code, a device code or a refresh token.
 *
 * @example
 * ```ts
 * redeemUserGrant(ctx, services, { app, account, scopes, oidc: scopes.oidc, platform: 'public', amr: ['pwd'], authMethod: 'none', family, refresh: true });
 * ```
 */
export interface UserGrantRedemption {
  app: EmulatorApp;
  /** The user in the tenant the tokens are issued in. */
  account: TenantAccount;
  /** What the sign-in asked for: the resource used when the token request names none. */
  scopes: UserScopes;
  /** OIDC scopes granted: `openid` adds an ID token. */
  oidc: ReadonlySet<string>;
  platform: RedirectUriType;
  amr: readonly string[];
  authMethod: ClientAuthentication['method'] | 'none';
  /** The sign-in a refresh token descends from (revoked together). */
  family: string;
  /** Issue a (new) refresh token. */
  refresh: boolean;
  nonce?: string;
  sessionId?: string;
  /** A SPA's refresh tokens share one fixed expiry (epoch ms); default: 24 hours from now. */
  spaExpiresAt?: number;
}

/**
 * SPA refresh tokens live a fixed 24 hours, however often they are used (Entra: AADSTS700084 after).
 *
 * @example
 * ```ts
 * new Date(now + SPA_REFRESH_TOKEN_LIFETIME_SECONDS * 1000);
 * ```
 */
export const SPA_REFRESH_TOKEN_LIFETIME_SECONDS = 86400;

/**
 * Issues the token response of a user grant. The token is for the first resource of the request's `scope`
 * (else of the sign-in's scopes, else Microsoft Graph for an OpenID-only sign-in); its permissions must be
 * consented (AADSTS65001): `/.default` means every consented permission of the resource.
 *
 * @example
 * ```ts
 * return redeemUserGrant(ctx, services, redemption);
 * ```
 */
export function redeemUserGrant(
  ctx: EmulatorRequestContext,
  services: UserFlowServices,
  redemption: UserGrantRedemption,
): EmulatorResponse {
  const { app, account } = redemption;
  const scope = ctx.form.get('scope');
  const requested = scope ? parseUserScopes(scope).resources : new Map<string, string[]>();
  // A sign-in may ask consent for several resources; a token is for one (Entra's AADSTS28000), never the first.
  if (requested.size > 1) throw userFlowErrors.scopeMultipleResources(scope as string);
  const [resource, asked] = [...(requested.size > 0 ? requested : redemption.scopes.resources)][0] ?? [
    GRAPH_RESOURCE,
    [],
  ];
  const permissions =
    asked.length === 0 ? [] : services.consent.permissions(account.user.key, app, resource, asked);
  if (permissions === undefined) throw userFlowErrors.consentRequired(app.clientId, app.displayName);

  let refreshToken: { token: string; expiresIn?: number } | undefined;
  if (redemption.refresh) {
    const now = ctx.now();
    const spaExpiresAt =
      redemption.platform === 'spa'
        ? (redemption.spaExpiresAt ?? now + SPA_REFRESH_TOKEN_LIFETIME_SECONDS * 1000)
        : undefined;
    const token = services.refreshTokens.issue({
      clientId: app.clientId,
      tenantId: account.tenantId,
      userKey: account.user.key,
      platform: redemption.platform,
      resource,
      scopes: redemption.scopes,
      amr: [...redemption.amr],
      family: redemption.family,
      ...(app.familyId === undefined ? {} : { clientFamily: app.familyId }),
      issuedAt: now,
      ...(spaExpiresAt === undefined ? {} : { spaExpiresAt }),
    });
    refreshToken =
      spaExpiresAt === undefined ? { token } : { token, expiresIn: Math.floor((spaExpiresAt - now) / 1000) };
  }
  return issueUserTokens(ctx, services.signIdToken, {
    app,
    account,
    resource,
    permissions,
    oidc: redemption.oidc,
    amr: redemption.amr,
    authMethod: redemption.authMethod,
    clientInfo: ctx.form.get('client_info') === '1',
    cae: requestsCae(ctx.form.get('claims')),
    ...(redemption.nonce === undefined ? {} : { nonce: redemption.nonce }),
    ...(redemption.sessionId === undefined ? {} : { sessionId: redemption.sessionId }),
    ...(refreshToken === undefined ? {} : { refreshToken }),
  });
}
