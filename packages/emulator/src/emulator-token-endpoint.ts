// POST /{tenant}/oauth2/v2.0/token: dispatches on grant_type; client_credentials is built in.
import { entraErrors } from './emulator-errors.js';
import { clientCredentialsResource } from './emulator-scope.js';
import type {
  EmulatorApp,
  EmulatorGrantHandler,
  EmulatorResponse,
  EmulatorRouteHandler,
  MintedAccessToken,
} from './emulator-types.js';

/**
 * The path pattern of the v2 token endpoint.
 *
 * @example
 * ```ts
 * emulator.addRoute('POST', TOKEN_PATH, 'token', createTokenRoute(grants));
 * ```
 */
export const TOKEN_PATH = '/:tenant/oauth2/v2.0/token';

/**
 * Whether a `claims` request asks for a CAE token (client capability `cp1`). Throws AADSTS90100 for a
 * value that is not a JSON object.
 *
 * @example
 * ```ts
 * requestsCae('{"access_token":{"xms_cc":{"values":["cp1"]}}}'); // true
 * ```
 */
export function requestsCae(claims: string | null): boolean {
  if (claims === null || claims.trim() === '') return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    throw entraErrors.invalidClaims();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw entraErrors.invalidClaims();
  const xmsCc = (parsed as { access_token?: { xms_cc?: { values?: unknown } } }).access_token?.xms_cc?.values;
  // Python sends "CP1", JavaScript "cp1"; Entra treats capabilities case-insensitively.
  return (
    Array.isArray(xmsCc) && xmsCc.some((value) => typeof value === 'string' && value.toLowerCase() === 'cp1')
  );
}

/**
 * Builds a successful token response the way Entra shapes it, honouring the app's `expiresInAsString` and
 * `refreshInSeconds`.
 *
 * @example
 * ```ts
 * return tokenResponse(app, ctx.mintAccessToken({ tenantId, clientId, resource }));
 * ```
 */
export function tokenResponse(
  app: Pick<EmulatorApp, 'expiresInAsString' | 'refreshInSeconds'> | undefined,
  minted: MintedAccessToken,
  extra: Record<string, unknown> = {},
): EmulatorResponse {
  const asString = app?.expiresInAsString ?? false;
  const seconds = (value: number) => (asString ? String(value) : value);
  const json: Record<string, unknown> = {
    token_type: 'Bearer',
    expires_in: seconds(minted.expiresIn),
    ext_expires_in: seconds(minted.expiresIn),
    ...(app?.refreshInSeconds === undefined ? {} : { refresh_in: seconds(app.refreshInSeconds) }),
    access_token: minted.accessToken,
    ...extra,
  };
  return { status: 200, headers: { 'cache-control': 'no-store', pragma: 'no-cache' }, json };
}

/**
 * The `client_credentials` grant: authenticate the app, validate the `/.default` scope, mint an app token.
 *
 * @example
 * ```ts
 * grants.set('client_credentials', clientCredentialsGrant);
 * ```
 */
export const clientCredentialsGrant: EmulatorGrantHandler = async (ctx, tenant) => {
  const scope = ctx.form.get('scope');
  if (!scope) throw entraErrors.missingParameter('scope');
  const { app, method } = await ctx.authenticateClient(tenant);
  const resource = clientCredentialsResource(scope);
  const cae = requestsCae(ctx.form.get('claims'));
  const minted = ctx.mintAccessToken({
    tenantId: tenant.tenantId,
    clientId: app.clientId,
    objectId: app.objectId,
    resource,
    cae,
    authMethod: method,
  });
  return tokenResponse(app, minted);
};

const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

/**
 * Creates the token route over a grant registry, so later grants (OBO, device code, refresh token...) plug
 * in with `emulator.addGrant` without touching this file. The grants named in `aliasGrants` (the user
 * flows) also answer at `common`, `organizations` and `consumers`: they receive a tenant whose `tenantId` is
 * the alias and which has no apps.
 *
 * @example
 * ```ts
 * const grants = new Map([['client_credentials', clientCredentialsGrant]]);
 * emulator.addRoute('POST', TOKEN_PATH, 'token', createTokenRoute(grants));
 * ```
 */
export function createTokenRoute(
  grants: ReadonlyMap<string, EmulatorGrantHandler>,
  aliasGrants: ReadonlySet<string> = new Set(),
): EmulatorRouteHandler {
  return async (ctx) => {
    const segment = ctx.params.tenant ?? '';
    const alias = TENANT_ALIASES.has(segment.toLowerCase()) ? segment.toLowerCase() : undefined;
    const tenant = alias === undefined ? ctx.resolveTenant(segment) : undefined;
    ctx.note({ tenantId: tenant?.tenantId ?? alias });
    const grantType = ctx.form.get('grant_type');
    if (!grantType) throw entraErrors.missingParameter('grant_type');
    ctx.note({ grantType });
    const grant = grants.get(grantType);
    if (!grant) throw entraErrors.unsupportedGrant(grantType);
    if (tenant) return grant(ctx, tenant);
    if (!aliasGrants.has(grantType)) throw entraErrors.tenantRequired(segment);
    return grant(ctx, { tenantId: alias as string, apps: new Map() });
  };
}
