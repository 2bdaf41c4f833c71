// The fetch for requests that may need a proxy: those to Entra and to other services on the network. Kept out of
// HttpClient so that a credential whose endpoints are all on the host (managed identity) carries none of it.
// This is the portable half; Node's, which tunnels through HTTPS_PROXY, is the `node` entry's (node-proxy.ts).
import type { ProxyOptions } from './credential-options.js';
import type { Environment } from './environment.js';
import { CredentialUnavailableError, troubleshooting } from './errors.js';
import type { FetchLike } from './http-transport.js';

/**
 * Node proper (not Bun or Deno, whose fetch honours proxy variables on its own).
 *
 * @example
 * ```ts
 * if (isNodeRuntime()) console.log('Node.js', process.versions.node);
 * ```
 */
export function isNodeRuntime(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; Bun?: unknown; Deno?: unknown };
  return Boolean(g.process?.versions?.node) && !g.Bun && !g.Deno;
}

/**
 * A fetch that honours proxies where the runtime can: this portable one is the runtime's own fetch, which on
 * Deno and Bun honours `HTTPS_PROXY`/`NO_PROXY` and in browsers the system's settings. An explicit
 * `proxyOptions` cannot be honoured here, so a request with one fails with a `CredentialUnavailableError` that
 * says so. On Node, `@identity/core/internal` resolves to its `node` entry, whose `proxyAwareFetch` tunnels.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ fetch: proxyAwareFetch(env) });
 * ```
 */
export function proxyAwareFetch(_env: Environment, proxyOptions?: ProxyOptions): FetchLike {
  return (url, init) =>
    proxyOptions
      ? Promise.reject(
          new CredentialUnavailableError(
            `proxyOptions works on Node.js only; elsewhere set the proxy the runtime's fetch uses (HTTPS_PROXY on Deno and Bun). ${troubleshooting('proxy')}`,
          ),
        )
      : // Looked up per call, so a fetch installed later (a test guard, an APM hook) is honoured.
        globalThis.fetch(url, init);
}
