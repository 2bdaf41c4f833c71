// Federated OIDC issuers hosted by the emulator, standing in for a Kubernetes cluster, GitHub Actions and so on.
import { newGuid } from './emulator-encoding.js';
import { signJwt } from './emulator-jwt.js';
import { createSigningKey, type EmulatorJwks } from './emulator-keys.js';
import { TOKEN_EXCHANGE_AUDIENCE } from './emulator-state.js';
import type { EmulatorIssuer, EmulatorResponse, EmulatorRouteHandler } from './emulator-types.js';

const ISSUER_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Where hosted issuers live under the emulator URL.
 *
 * @example
 * ```ts
 * `${emulator.url}${ISSUER_PATH_PREFIX}/aks` === emulator.createIssuer('aks').issuer; // true
 * ```
 */
export const ISSUER_PATH_PREFIX = '/issuers';

/**
 * Creates a federated issuer at `{baseUrl}/issuers/{name}` with its own RSA key (generated in the background).
 *
 * @example
 * ```ts
 * const issuer = createHostedIssuer('aks', emulator.url, Date.now);
 * const token = await issuer.mint({ subject: 'system:serviceaccount:default:app' });
 * ```
 */
export function createHostedIssuer(name: string, baseUrl: string, now: () => number): EmulatorIssuer {
  if (!ISSUER_NAME.test(name)) {
    throw new TypeError(`Invalid issuer name '${name}': use letters, digits, '.', '_' and '-'.`);
  }
  const issuer = `${baseUrl}${ISSUER_PATH_PREFIX}/${name}`;
  const key = createSigningKey();
  // Keep an unobserved rejection from crashing the process; mint and jwks rethrow it.
  key.catch(() => undefined);
  return {
    issuer,
    async mint(claims) {
      if (!claims || typeof claims.subject !== 'string' || claims.subject.length === 0) {
        throw new TypeError('mint needs a subject.');
      }
      const signingKey = await key;
      const iat = Math.floor(now() / 1000);
      const payload: Record<string, unknown> = {
        iss: issuer,
        sub: claims.subject,
        aud: claims.audience ?? TOKEN_EXCHANGE_AUDIENCE,
        iat,
        nbf: iat,
        exp: iat + (claims.expiresInSeconds ?? 3600),
        jti: newGuid(),
        ...claims.extra,
      };
      return signJwt({ alg: 'RS256', typ: 'JWT', kid: signingKey.kid }, payload, signingKey.privateKey);
    },
    async jwks(): Promise<EmulatorJwks> {
      return { keys: [(await key).jwk] };
    },
  };
}

function findIssuer(issuers: Map<string, EmulatorIssuer>, baseUrl: string, name: string | undefined) {
  return name === undefined ? undefined : issuers.get(`${baseUrl}${ISSUER_PATH_PREFIX}/${name}`);
}

const notFound: EmulatorResponse = {
  status: 404,
  json: { error: 'not_found', error_description: 'No such issuer.' },
};

/**
 * The route serving a hosted issuer's OpenID configuration, which points at its JWKS.
 *
 * @example
 * ```ts
 * emulator.addRoute('GET', '/issuers/:name/.well-known/openid-configuration', 'issuer-openid-configuration', issuerConfigurationRoute);
 * ```
 */
export const issuerConfigurationRoute: EmulatorRouteHandler = (ctx) => {
  const hosted = findIssuer(ctx.state.issuers, ctx.emulatorUrl, ctx.params.name);
  if (!hosted) return notFound;
  return {
    json: {
      issuer: hosted.issuer,
      jwks_uri: `${hosted.issuer}/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    },
  };
};

/**
 * The route serving a hosted issuer's JWKS.
 *
 * @example
 * ```ts
 * emulator.addRoute('GET', '/issuers/:name/jwks', 'issuer-keys', issuerKeysRoute);
 * ```
 */
export const issuerKeysRoute: EmulatorRouteHandler = async (ctx) => {
  const hosted = findIssuer(ctx.state.issuers, ctx.emulatorUrl, ctx.params.name);
  if (!hosted) return notFound;
  return { json: await hosted.jwks() };
};
