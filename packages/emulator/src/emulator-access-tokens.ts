// The one access-token minter every route shares, and the verifier tests use to check what it minted.
import { createHash } from 'node:crypto';
import { base64UrlEncode, newGuid } from './emulator-encoding.js';
import { decodeJwt, signJwt, verifyJwtSignature } from './emulator-jwt.js';
import type { SigningKey } from './emulator-keys.js';
import { resourceOfDefaultScope } from './emulator-scope.js';
import { accessTokenVersion, resourceClientId } from './emulator-token-versions.js';
import type { EmulatorState, MintAccessTokenInput, MintedAccessToken } from './emulator-types.js';

/**
 * Default lifetime of an access token, as Entra issues them.
 *
 * @example
 * ```ts
 * emulator.registerApp({ tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS / 60 });
 * ```
 */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;
/**
 * CAE tokens live about a day, because the resource can revoke them early.
 *
 * @example
 * ```ts
 * expect(json.expires_in).toBe(CAE_TOKEN_LIFETIME_SECONDS);
 * ```
 */
export const CAE_TOKEN_LIFETIME_SECONDS = 86399;

// Managed identities have no registration, so their object id is derived: the same input, the same oid.
function stableObjectId(tenantId: string, clientId: string): string {
  const hex = createHash('sha256').update(`${tenantId}/${clientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const AUTH_METHOD_CLASS: Record<NonNullable<MintAccessTokenInput['authMethod']>, string> = {
  secret: '1',
  certificate: '2',
  federated: '2',
  'managed-identity': '2',
  none: '0',
};

/**
 * Mints an RS256 access token signed by the emulator key, with the claims Entra puts in app tokens. The
 * format (v1 or v2) follows the resource, as in Entra (see emulator-token-versions).
 *
 * @example
 * ```ts
 * const minted = mintAccessToken({ key, emulatorUrl, state, now: Date.now() }, {
 *   tenantId, clientId, resource: 'https://storage.azure.com',
 * });
 * ```
 */
export function mintAccessToken(
  context: { key: SigningKey; emulatorUrl: string; state: EmulatorState; now: number },
  input: MintAccessTokenInput,
): MintedAccessToken {
  const resource =
    input.resource ?? (input.scope === undefined ? undefined : resourceOfDefaultScope(input.scope));
  if (!resource) throw new TypeError('mintAccessToken needs a resource or a scope.');
  const tenantId = input.tenantId.toLowerCase();
  const app = context.state.findApp(tenantId, input.clientId);
  const objectId = input.objectId ?? app?.objectId ?? stableObjectId(tenantId, input.clientId.toLowerCase());
  const lifetime =
    input.lifetimeSeconds ??
    app?.tokenLifetimeSeconds ??
    (input.cae ? CAE_TOKEN_LIFETIME_SECONDS : DEFAULT_TOKEN_LIFETIME_SECONDS);
  const iat = Math.floor(context.now / 1000);
  const roles = input.roles ?? app?.roles ?? [];
  const acr = AUTH_METHOD_CLASS[input.authMethod ?? 'none'];
  const v1 = accessTokenVersion(resource, context.state.findApp(tenantId, resourceClientId(resource))) === 1;

  const claims: Record<string, unknown> = {
    aud: resource,
    iss: v1 ? `https://sts.windows.net/${tenantId}/` : `${context.emulatorUrl}/${tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + lifetime,
    aio: base64UrlEncode(createHash('sha256').update(newGuid()).digest()).slice(0, 40),
    ...(v1
      ? {
          appid: input.clientId,
          appidacr: acr,
          // v1 app-only tokens name their identity provider; a member user's token does not.
          ...((input.idtyp ?? 'app') === 'app' ? { idp: `https://sts.windows.net/${tenantId}/` } : {}),
        }
      : { azp: input.clientId, azpacr: acr }),
    idtyp: input.idtyp ?? 'app',
    oid: objectId,
    rh: `0.${base64UrlEncode(createHash('sha256').update(objectId).digest()).slice(0, 20)}.`,
    ...(roles.length > 0 ? { roles } : {}),
    sub: objectId,
    tid: tenantId,
    uti: base64UrlEncode(createHash('sha256').update(newGuid()).digest()).slice(0, 22),
    jti: newGuid(),
    ver: v1 ? '1.0' : '2.0',
    ...(input.cae ? { xms_cc: ['cp1'] } : {}),
    ...input.extraClaims,
  };
  const accessToken = signJwt(
    { typ: 'JWT', alg: 'RS256', kid: context.key.kid },
    claims,
    context.key.privateKey,
  );
  return { accessToken, expiresIn: lifetime, expiresOn: iat + lifetime, resource, claims };
}

/**
 * Verifies a token minted by this emulator: its signature with the emulator key and its expiry. Returns the
 * claims, or throws with the reason.
 *
 * @example
 * ```ts
 * const claims = await verifyAccessToken(key, token, Date.now());
 * claims.aud; // 'https://vault.azure.net'
 * ```
 */
export async function verifyAccessToken(
  key: SigningKey,
  token: string,
  now: number,
): Promise<Record<string, unknown>> {
  const jwt = decodeJwt(token);
  if (jwt.header.alg !== 'RS256' || jwt.header.kid !== key.kid) {
    throw new Error('The token was not signed by this emulator (unexpected alg or kid).');
  }
  if (!verifyJwtSignature(jwt, key.publicKey)) throw new Error('The token signature is not valid.');
  const exp = jwt.payload.exp;
  if (typeof exp !== 'number') throw new Error('The token has no exp claim.');
  if (exp * 1000 <= now) throw new Error(`The token expired at ${new Date(exp * 1000).toISOString()}.`);
  return jwt.payload;
}
