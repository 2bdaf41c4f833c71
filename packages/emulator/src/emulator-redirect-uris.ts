// Redirect URIs the way Entra registers and matches them: https anywhere, http only on loopback; an exact
// match, except that loopback URIs match on any port (RFC 8252 §7.3, Entra's "localhost exceptions").
import type { EmulatorApp } from './emulator-types.js';

/**
 * The platform a redirect URI is registered under, which decides how its codes are redeemed: `public`
 * (mobile and desktop: no credential), `web` (with the client's credential) or `spa` (cross-origin only).
 *
 * @example
 * ```ts
 * const type: RedirectUriType = matchRedirectUri(app, 'http://localhost:5173/') ?? 'web';
 * ```
 */
export type RedirectUriType = 'public' | 'web' | 'spa';

// Entra does not support the IPv6 loopback ([::1]) in redirect URIs.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * Checks a redirect URI at registration: an absolute `https` URI, or `http` on a loopback host, without a
 * fragment. Returns it unchanged or throws a TypeError naming the field.
 *
 * @example
 * ```ts
 * validateRedirectUri('http://localhost:3000/callback', 'redirectUris'); // ok
 * validateRedirectUri('http://example.com/callback', 'redirectUris'); // throws: http only on loopback
 * ```
 */
export function validateRedirectUri(uri: unknown, field: string): string {
  if (typeof uri !== 'string' || !URL.canParse(uri)) {
    throw new TypeError(`${field} must hold absolute URIs, not ${JSON.stringify(uri)}.`);
  }
  const url = new URL(uri);
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
  if (!allowed) {
    throw new TypeError(
      `${field}: '${uri}' must use https (http is allowed only for localhost and 127.0.0.1).`,
    );
  }
  if (url.hash !== '') throw new TypeError(`${field}: '${uri}' must not contain a fragment.`);
  return uri;
}

function sameRedirect(registered: URL, requested: URL): boolean {
  const loopback = isLoopback(registered) && isLoopback(requested);
  return (
    registered.protocol === requested.protocol &&
    registered.hostname.toLowerCase() === requested.hostname.toLowerCase() &&
    (loopback || registered.port === requested.port) &&
    registered.pathname === requested.pathname &&
    registered.search === requested.search
  );
}

/**
 * The platform of the app's redirect URI that a requested one matches, or undefined (AADSTS50011). Paths are
 * case-sensitive; `http://localhost:1234` and `http://localhost:1234/` are the same URI.
 *
 * @example
 * ```ts
 * matchRedirectUri(publicApp, 'http://localhost:50123/'); // 'public' when http://localhost is registered
 * ```
 */
export function matchRedirectUri(
  app: Pick<EmulatorApp, 'publicClient' | 'redirectUris' | 'spaRedirectUris'>,
  requested: string,
): RedirectUriType | undefined {
  if (!URL.canParse(requested)) return undefined;
  const url = new URL(requested);
  if (url.hash !== '') return undefined;
  if (app.spaRedirectUris.some((uri) => sameRedirect(new URL(uri), url))) return 'spa';
  if (app.redirectUris.some((uri) => sameRedirect(new URL(uri), url)))
    return app.publicClient ? 'public' : 'web';
  return undefined;
}

/**
 * The origins of an app's SPA redirect URIs, which browsers may call the token endpoint from.
 *
 * @example
 * ```ts
 * spaOrigins(app); // ['http://localhost:5173']
 * ```
 */
export function spaOrigins(app: Pick<EmulatorApp, 'spaRedirectUris'>): string[] {
  return app.spaRedirectUris.map((uri) => new URL(uri).origin);
}
