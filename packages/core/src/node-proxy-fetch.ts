// Node only: the fetch the `node` entry of `@identity/core/internal` gives requests that may need a proxy. Most
// apps have none, so the CONNECT tunnel (node-proxy.ts) is a chunk of its own, imported by the first request that
// finds a proxy configured: bundlers that split code emit it as a lazy chunk, and one-file bundles inline it.
import type { ProxyOptions } from './credential-options.js';
import type { Environment } from './environment.js';
import { readVariable } from './environment.js';
import type { FetchLike } from './http-transport.js';

// The variables the tunnel reads (NO_PROXY only narrows them).
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * The fetch for requests that may need a proxy, on Node: with `proxyOptions` or a proxy variable set (read at each
 * request), the request goes through `tunnellingFetch` of node-proxy.ts (`NO_PROXY`, loopback, Deno and Bun
 * handled there); otherwise straight to the global fetch, looked up at each request, and the tunnel is never loaded.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ fetch: nodeProxyAwareFetch(process.env, options.proxyOptions) });
 * ```
 */
export function nodeProxyAwareFetch(env: Environment, proxyOptions?: ProxyOptions): FetchLike {
  return async (url, init) =>
    proxyOptions || PROXY_VARIABLES.some((name) => readVariable(env, name))
      ? (await import('./node-proxy.js')).tunnellingFetch(env, proxyOptions)(url, init)
      : globalThis.fetch(url, init);
}
