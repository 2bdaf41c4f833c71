// Node only (Node support of the `node` entry): Service Fabric's requests (2019-07-01-preview), sent over TLS pinned to the
// cluster's certificate thumbprint.
import { pinnedFetch } from './managed-identity-service-fabric-fetch.js';
import type { HttpEndpointParts } from './managed-identity-source.js';
import { tokenGet } from './managed-identity-source.js';

/**
 * The Service Fabric endpoint at `url` (https): GET with `secret: <IDENTITY_HEADER>`, through a fetch that
 * checks the server certificate against `thumbprint` (SHA-1 or SHA-256, hex) before anything is sent.
 *
 * @example
 * ```ts
 * const endpoint = serviceFabricEndpoint(new URL(process.env.IDENTITY_ENDPOINT), secret, thumbprint);
 * ```
 */
export function serviceFabricEndpoint(url: URL, secret: string, thumbprint: string): HttpEndpointParts {
  return {
    buildRequest: (resource, id) => tokenGet(url, '2019-07-01-preview', resource, id, {}, { secret }, secret),
    fetch: pinnedFetch(thumbprint),
  };
}
