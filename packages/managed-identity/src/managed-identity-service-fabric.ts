// Service Fabric: a cluster-local HTTPS endpoint whose certificate the cluster issues; it is trusted by the
// thumbprint in IDENTITY_SERVER_THUMBPRINT, checked before the secret is sent. Detected here; the requests are
// made by Node support (managed-identity-service-fabric-node), as the pinned TLS needs Node.
import type { ManagedIdentitySource } from './managed-identity-source.js';
import { endpointUrl, needsNode, readAll } from './managed-identity-source.js';

/**
 * Service Fabric: found from `IDENTITY_ENDPOINT` (checked here to be https), `IDENTITY_HEADER` and
 * `IDENTITY_SERVER_THUMBPRINT`. Identities are assigned in the cluster.
 *
 * @example
 * ```ts
 * serviceFabricSource({ env: { IDENTITY_ENDPOINT, IDENTITY_HEADER, IDENTITY_SERVER_THUMBPRINT }, id });
 * ```
 */
export const serviceFabricSource: ManagedIdentitySource = ({ env, node }) => {
  const [endpoint, secret, thumbprint] =
    readAll(env, 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT') ?? [];
  if (!endpoint || !secret || !thumbprint) return undefined;
  // The thumbprint can only be checked over TLS.
  const url = endpointUrl(endpoint, 'IDENTITY_ENDPOINT', true);
  return {
    source: 'ServiceFabric',
    ids: {},
    load: async () => needsNode(node, 'ServiceFabric').serviceFabricEndpoint(url, secret, thumbprint),
  };
};
