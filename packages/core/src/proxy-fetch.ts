// The fetch for requests that may need a proxy: those to Entra and to other services on the network. Kept out of
// HttpClient so that a credential whose endpoints are all on the host (managed identity) carries none of it.
import type { Environment } from './environment.js';
import type { FetchLike } from './http-transport.js';
import type { ProxyOptions } from './node-proxy.js';

/** Node proper (not Bun or Deno, whose fetch honours proxy variables on its own). */
export function isNodeRuntime(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Bun?: unknown; Deno?: unknown };
  return Boolean(g.process?.versions?.node) && !g.Bun && !g.Deno;
}

/**
 * A fetch that honours proxies: on Node, when `proxyOptions` or a proxy variable (`HTTPS_PROXY`, `HTTP_PROXY`,
 * either case) is set at the time of a request, that request goes through undici's proxy agent unless
 * `NO_PROXY` lists its host (loopback and the IMDS address always go direct); otherwise the global `fetch`, which
 * Deno, Bun and browsers already point at their own proxy settings.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ fetch: proxyAwareFetch(process.env) });
 * ```
 */
export function proxyAwareFetch(env: Environment, proxyOptions?: ProxyOptions): FetchLike {
  return async (url, init) => {
    let viaProxy: FetchLike | undefined;
    if (
      isNodeRuntime() &&
      (proxyOptions || Object.keys(env).some((name) => /^https?_proxy$/i.test(name) && env[name]))
    ) {
      // A variable specifier: bundlers keep this import for run time instead of pulling proxy code into every
      // bundle.
      const specifier = '@identity/core/node-proxy';
      const nodeProxy: typeof import('./node-proxy.js') = await import(
        /* webpackIgnore: true */ /* @vite-ignore */ specifier
      );
      viaProxy = await nodeProxy.fetchForUrl(new URL(url), env, proxyOptions);
    }
    // The global fetch is looked up per call, so a fetch installed later (a test guard, an APM hook) is honoured.
    return viaProxy ? viaProxy(url, init) : globalThis.fetch(url, init);
  };
}
