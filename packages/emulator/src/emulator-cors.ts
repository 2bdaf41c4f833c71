// Cross-origin access to the endpoints a browser app calls (token, device code, OpenID metadata, keys,
// instance discovery). Entra answers every origin and refuses non-SPA redemptions in the body
// (AADSTS9002326); the emulator also limits the origins, because it runs on the developer's machine.
import type { IncomingHttpHeaders } from 'node:http';
import { spaOrigins } from './emulator-redirect-uris.js';
import type { EmulatorResponse, EmulatorState } from './emulator-types.js';
import { userFlowErrors } from './emulator-user-flow-errors.js';

/**
 * The routes that answer cross-origin requests.
 *
 * @example
 * ```ts
 * CORS_ROUTES.has('token'); // true
 * ```
 */
export const CORS_ROUTES: ReadonlySet<string> = new Set([
  'token',
  'devicecode',
  'openid-configuration',
  'openid-configuration-v1',
  'keys',
  'keys-v1',
  'instance-discovery',
]);

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * The CORS policy of an emulator.
 *
 * @example
 * ```ts
 * const cors = createCorsPolicy(state, options.corsOrigins);
 * if (method === 'OPTIONS') return cors.preflight(route, headers);
 * const added = cors.headers(route, headers); // throws AADSTS90023 (403) for an origin not allowed
 * ```
 */
export interface CorsPolicy {
  /** The answer to an `OPTIONS` preflight (204 with the grants, or 403); undefined for other routes. */
  preflight(route: string, headers: IncomingHttpHeaders): EmulatorResponse | undefined;
  /**
   * The headers to add to the answer (success or error) of a request to a CORS route carrying `Origin`;
   * throws the 403 EntraError when the origin is not allowed.
   */
  headers(route: string, headers: IncomingHttpHeaders): Record<string, string>;
}

/**
 * Creates the policy. `origins` replaces the default (loopback origins on any port); `'*'` allows any
 * origin. Origins of registered SPA redirect URIs are always allowed.
 *
 * @example
 * ```ts
 * createCorsPolicy(state, ['http://localhost:3000']);
 * ```
 */
export function createCorsPolicy(state: EmulatorState, origins: readonly string[] | undefined): CorsPolicy {
  if (origins !== undefined && (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string'))) {
    throw new TypeError('corsOrigins must be an array of origins such as "http://localhost:3000", or "*".');
  }
  const configured = origins?.map((origin) =>
    origin === '*' ? origin : origin.replace(/\/+$/, '').toLowerCase(),
  );
  const allowed = (origin: string): boolean => {
    const lower = origin.toLowerCase();
    if (
      configured === undefined
        ? LOOPBACK_ORIGIN.test(lower)
        : configured.includes('*') || configured.includes(lower)
    ) {
      return true;
    }
    for (const tenant of state.tenants.values()) {
      for (const app of tenant.apps.values()) if (spaOrigins(app).includes(lower)) return true;
    }
    return false;
  };
  const grants = (origin: string) => ({
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'client-request-id, x-ms-request-id',
    vary: 'Origin',
  });
  return {
    preflight: (route, headers) => {
      if (!CORS_ROUTES.has(route)) return undefined;
      const origin = headers.origin;
      if (origin === undefined || !allowed(origin)) {
        return { status: 403, headers: { vary: 'Origin' }, body: '' };
      }
      return {
        status: 204,
        headers: {
          ...grants(origin),
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': String(headers['access-control-request-headers'] ?? 'content-type'),
          'access-control-max-age': '86400',
        },
        body: '',
      };
    },
    headers: (route, headers) => {
      const origin = headers.origin;
      if (!CORS_ROUTES.has(route) || origin === undefined) return {};
      if (!allowed(origin)) throw userFlowErrors.originNotAllowed(origin);
      return grants(origin);
    },
  };
}
