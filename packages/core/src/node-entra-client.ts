// Node only: the Entra client of the `node` entry, whose requests go through the proxy the configuration names.
import type { ProxyOptions } from './credential-options.js';
import { EntraClientBase } from './entra-client.js';
import type { Environment } from './environment.js';
import type { FetchLike } from './http-transport.js';
import { nodeProxyAwareFetch } from './node-proxy-fetch.js';

/**
 * {@link EntraClientBase} on Node.js: without a `fetch` option, requests go through the proxy that `proxyOptions`
 * or `HTTPS_PROXY`/`HTTP_PROXY` name, `NO_PROXY` honoured (the tunnel is loaded only then). Credential packages get
 * it from `@identity/core/internal` under the `node` condition and never name it.
 *
 * @example
 * ```ts
 * const client = new EntraClient({ credentialName: 'MyCredential', tenantId, clientId, options });
 * ```
 */
export class EntraClient extends EntraClientBase {
  protected proxyAwareFetch(env: Environment, proxyOptions?: ProxyOptions): FetchLike {
    return nodeProxyAwareFetch(env, proxyOptions);
  }
}
