// AKS workload identity: the pod's projected service-account token is exchanged for an Entra token. The work
// is WorkloadIdentityCredential's; this source only detects it and hands over.
import { readVariable } from '@identity/core/internal';
import type { ManagedIdentitySource } from './managed-identity-source.js';
import { needsNode, readAll } from './managed-identity-source.js';

/**
 * Token exchange: `AZURE_TENANT_ID`, `AZURE_FEDERATED_TOKEN_FILE` and a client id (the `clientId` option or
 * `AZURE_CLIENT_ID`) are set, so the identity is federated with the pod's service account. Served by
 * `WorkloadIdentityCredential` from `@identity/workload-identity`, which Node support loads when first used (the
 * token file needs Node.js).
 *
 * @example
 * ```ts
 * tokenExchangeSource({ env: { AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE }, id });
 * ```
 */
export const tokenExchangeSource: ManagedIdentitySource = ({ env, id, node }) => {
  const [tenantId, tokenFilePath] = readAll(env, 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE') ?? [];
  const clientId = id.kind === 'clientId' ? id.value : readVariable(env, 'AZURE_CLIENT_ID');
  if (!tenantId || !tokenFilePath || !clientId) return undefined;
  return {
    source: 'TokenExchange',
    ids: { clientId: 'client_id' },
    delegate: async (options) =>
      needsNode(node, 'TokenExchange').workloadIdentity({ ...options, tenantId, clientId, tokenFilePath }),
  };
};
