/**
 * `@identity/core/internal` on Node.js (the `node` export condition): the same machinery, with requests to Entra
 * tunnelled through the proxy that `proxyOptions` or `HTTPS_PROXY`/`HTTP_PROXY` name. The tunnel is imported only
 * when a proxy is configured. Everything else is the portable entry's, shared with it.
 *
 * @packageDocumentation
 * @internal
 */
export * from './internal.js';
export { EntraClient } from './node-entra-client.js';
export { nodeProxyAwareFetch as proxyAwareFetch } from './node-proxy-fetch.js';
