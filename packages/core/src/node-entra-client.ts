// Node only: the Entra client of the `node` entry, whose requests go through the proxy the configuration names.
import { EntraClient as PortableEntraClient } from './entra-client.js';
import { nodeProxyAwareFetch } from './node-proxy-fetch.js';

/**
 * {@link PortableEntraClient | EntraClient} on Node.js: without a `fetch` option, requests go through the proxy
 * that `proxyOptions` or `HTTPS_PROXY`/`HTTP_PROXY` name, `NO_PROXY` honoured (the tunnel is loaded only then).
 * Credential packages get it from `@identity/core/internal` under the `node` condition and never name it.
 *
 * @example
 * ```ts
 * const client = new EntraClient({ credentialName: 'MyCredential', tenantId, clientId, options });
 * ```
 */
export class EntraClient extends PortableEntraClient {
  // A getter, not a field: a class without static initialisers is dropped from bundles that do not use it.
  protected static override get proxyAwareFetch(): typeof nodeProxyAwareFetch {
    return nodeProxyAwareFetch;
  }
}
