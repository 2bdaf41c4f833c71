// Route table: `/:tenant/oauth2/v2.0/token`-style patterns or RegExps, matched per method.
import type { EmulatorRouteHandler } from './emulator-types.js';

/**
 * A registered route.
 *
 * @example
 * ```ts
 * const found = router.find('GET', '/health');
 * if (found && 'route' in found) found.route.name; // 'health'
 * ```
 */
export interface EmulatorRoute {
  method: 'GET' | 'POST';
  name: string;
  handler: EmulatorRouteHandler;
  match(path: string): Record<string, string> | undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles a path pattern into a matcher returning the route parameters. `:name` matches one path segment;
 * a RegExp's named groups become parameters.
 *
 * @example
 * ```ts
 * compilePathPattern('/:tenant/oauth2/v2.0/token')('/abc/oauth2/v2.0/token'); // { tenant: 'abc' }
 * ```
 */
export function compilePathPattern(
  pattern: string | RegExp,
): (path: string) => Record<string, string> | undefined {
  const regex =
    pattern instanceof RegExp
      ? pattern
      : new RegExp(
          `^${pattern
            .split('/')
            .map((segment) =>
              segment.startsWith(':') ? `(?<${segment.slice(1)}>[^/]+)` : escapeRegExp(segment),
            )
            .join('/')}/?$`,
        );
  return (path) => {
    const found = regex.exec(path);
    if (!found) return undefined;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(found.groups ?? {})) {
      if (value === undefined) continue;
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        params[name] = value;
      }
    }
    return params;
  };
}

/**
 * The emulator's routes. The most recently added matching route wins, so an extension can replace a
 * built-in route.
 *
 * @example
 * ```ts
 * const router = new EmulatorRouter();
 * router.add('GET', '/health', 'health', () => ({ json: { ok: true } }));
 * router.find('GET', '/health')?.route.name; // 'health'
 * ```
 */
export class EmulatorRouter {
  readonly #routes: EmulatorRoute[] = [];

  add(method: 'GET' | 'POST', pattern: string | RegExp, name: string, handler: EmulatorRouteHandler): void {
    if (method !== 'GET' && method !== 'POST') throw new TypeError(`Unsupported method '${String(method)}'.`);
    if (typeof name !== 'string' || name.length === 0) throw new TypeError('A route needs a name.');
    if (typeof handler !== 'function') throw new TypeError('A route needs a handler function.');
    this.#routes.unshift({ method, name, handler, match: compilePathPattern(pattern) });
  }

  /** The route for a method and path, or the name of a route that exists for another method. */
  find(
    method: string,
    path: string,
  ): { route: EmulatorRoute; params: Record<string, string> } | { otherMethod: string } | undefined {
    let otherMethod: string | undefined;
    for (const route of this.#routes) {
      const params = route.match(path);
      if (!params) continue;
      if (route.method === method) return { route, params };
      otherMethod ??= route.name;
    }
    return otherMethod === undefined ? undefined : { otherMethod };
  }
}
