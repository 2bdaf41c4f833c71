// Service Fabric: a cluster-local HTTPS endpoint whose certificate the cluster issues; it is trusted by the
// thumbprint in IDENTITY_SERVER_THUMBPRINT, checked before the secret is sent.
import { loadNodeSupport } from './managed-identity-node-loader.js';
import type { ManagedIdentitySource } from './managed-identity-source.js';
import { endpointUrl, readAll, tokenGet } from './managed-identity-source.js';

/**
 * Service Fabric (2019-07-01-preview): GET `IDENTITY_ENDPOINT` (https) with `secret: IDENTITY_HEADER`, over
 * TLS pinned to `IDENTITY_SERVER_THUMBPRINT` (SHA-1 or SHA-256, hex). Identities are assigned in the cluster.
 *
 * @example
 * ```ts
 * serviceFabricSource({ env: { IDENTITY_ENDPOINT, IDENTITY_HEADER, IDENTITY_SERVER_THUMBPRINT }, id, fileExists: () => false });
 * ```
 */
export const serviceFabricSource: ManagedIdentitySource = ({ env }) => {
  const [endpoint, secret, thumbprint] =
    readAll(env, 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT') ?? [];
  if (!endpoint || !secret || !thumbprint) return undefined;
  // The thumbprint can only be checked over TLS.
  const url = endpointUrl(endpoint, 'IDENTITY_ENDPOINT', true);
  return {
    source: 'ServiceFabric',
    ids: {},
    refusal: 'Service Fabric identities are assigned in the cluster: https://aka.ms/servicefabricmi.',
    buildRequest: (resource, id) => tokenGet(url, '2019-07-01-preview', resource, id, {}, { secret }),
    transport: async () => (await loadNodeSupport('ServiceFabric')).pinnedFetch(thumbprint),
  };
};
