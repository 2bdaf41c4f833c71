// The token response of a signed-in user, shared by the authorization-code, device-code and refresh-token
// grants: a delegated access token, and as asked an ID token, a refresh token and `client_info`.
import { grantedScope } from './emulator-delegated-scopes.js';
import { clientInfo, idTokenClaims } from './emulator-id-token.js';
import { tokenResponse } from './emulator-token-endpoint.js';
import type {
  ClientAuthentication,
  EmulatorApp,
  EmulatorRequestContext,
  EmulatorResponse,
} from './emulator-types.js';
import type { TenantAccount } from './emulator-users.js';

/**
 * The user claims of a delegated access token: `scp`, `upn`, `unique_name`, `preferred_username`, `name`, `amr`.
 *
 * @example
 * ```ts
 * ctx.mintAccessToken({ ..., idtyp: 'user', extraClaims: userAccessTokenClaims(account, ['User.Read'], ['pwd']) });
 * ```
 */
export function userAccessTokenClaims(
  account: TenantAccount,
  permissions: readonly string[],
  amr: readonly string[],
): Record<string, unknown> {
  const { username, name } = account.user;
  return {
    scp: permissions.join(' '),
    upn: username,
    unique_name: username,
    preferred_username: username,
    name,
    amr: [...amr],
  };
}

/**
 * Everything a user token response is made of.
 *
 * @example
 * ```ts
 * issueUserTokens(ctx, signIdToken, { app, account, resource, permissions, oidc, amr: ['pwd'], authMethod: 'none', clientInfo: true, cae: false });
 * ```
 */
export interface UserTokenRequest {
  app: EmulatorApp;
  /** The user in the tenant the tokens are issued in. */
  account: TenantAccount;
  resource: string;
  permissions: string[];
  /** Granted OIDC scopes: `openid` adds an ID token; they are listed in `scope`. */
  oidc: ReadonlySet<string>;
  amr: readonly string[];
  /** How the client proved itself: `none` for a public client. */
  authMethod: ClientAuthentication['method'] | 'none';
  nonce?: string;
  sessionId?: string;
  /** A refresh token already issued for this response; `expiresIn` for a SPA's fixed lifetime. */
  refreshToken?: { token: string; expiresIn?: number };
  /** `client_info=1` was sent. */
  clientInfo: boolean;
  cae: boolean;
}

/**
 * Builds the token response of a signed-in user the way Entra shapes it: `token_type`, `expires_in`,
 * `ext_expires_in`, `access_token`, `scope`, and as applicable `refresh_token` (with
 * `refresh_token_expires_in` for a SPA), `id_token` and `client_info`.
 *
 * @example
 * ```ts
 * return issueUserTokens(ctx, (claims) => signJwt(header, claims, key.privateKey), request);
 * ```
 */
export function issueUserTokens(
  ctx: EmulatorRequestContext,
  signIdToken: (claims: Record<string, unknown>) => string,
  request: UserTokenRequest,
): EmulatorResponse {
  const { app, account, resource, permissions, oidc } = request;
  ctx.note({ username: account.user.username });
  const scopePermissions =
    permissions.length > 0 ? permissions : [...oidc].filter((s) => s !== 'offline_access');
  const minted = ctx.mintAccessToken({
    tenantId: account.tenantId,
    clientId: app.clientId,
    objectId: account.objectId,
    resource,
    roles: [],
    idtyp: 'user',
    cae: request.cae,
    authMethod: request.authMethod,
    extraClaims: userAccessTokenClaims(account, scopePermissions, request.amr),
  });
  const extra: Record<string, unknown> = { scope: grantedScope(resource, permissions, oidc) };
  if (request.refreshToken) {
    extra.refresh_token = request.refreshToken.token;
    if (request.refreshToken.expiresIn !== undefined)
      extra.refresh_token_expires_in = request.refreshToken.expiresIn;
    // A family member's refresh token, which the family's other clients may redeem (MSAL keeps it as `family_id`).
    if (app.familyId) extra.foci = app.familyId;
  }
  if (oidc.has('openid')) {
    extra.id_token = signIdToken(
      idTokenClaims({
        emulatorUrl: ctx.emulatorUrl,
        clientId: app.clientId,
        account,
        oidc,
        now: ctx.now(),
        ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
        ...(request.sessionId === undefined ? {} : { sessionId: request.sessionId }),
      }),
    );
  }
  if (request.clientInfo) extra.client_info = clientInfo(account);
  return tokenResponse(app, minted, extra);
}
