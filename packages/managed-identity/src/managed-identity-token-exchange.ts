// AKS workload identity: the pod's projected service-account token is exchanged for an Entra token. The work
// is WorkloadIdentityCredential's; this source only detects it and hands over.
import type { TokenCredential } from '@identity/core';
import { readVariable } from '@identity/core/internal';
import { importAtRunTime } from './managed-identity-node-loader.js';
import type { ManagedIdentitySource } from './managed-identity-source.js';
import { readAll } from './managed-identity-source.js';

type WorkloadIdentityCredentialClass = new (options: object) => TokenCredential;

/**
 * Token exchange: `AZURE_TENANT_ID`, `AZURE_FEDERATED_TOKEN_FILE` and a client id (the `clientId` option or
 * `AZURE_CLIENT_ID`) are set, so the identity is federated with the pod's service account. Served by
 * `WorkloadIdentityCredential` from `@identity/workload-identity`, loaded when first used.
 *
 * @example
 * ```ts
 * tokenExchangeSource({ env: { AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE }, id, fileExists: () => false });
 * ```
 */
export const tokenExchangeSource: ManagedIdentitySource = ({ env, id }) => {
  const [tenantId, tokenFilePath] = readAll(env, 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE') ?? [];
  const clientId = id.kind === 'clientId' ? id.value : readVariable(env, 'AZURE_CLIENT_ID');
  if (!tenantId || !tokenFilePath || !clientId) return undefined;
  return {
    source: 'TokenExchange',
    ids: { clientId: 'client_id' },
    delegate: async (options) => {
      // Only AKS pods load it, so other bundles do not carry it.
      const { WorkloadIdentityCredential } = await importAtRunTime<{
        WorkloadIdentityCredential: WorkloadIdentityCredentialClass;
      }>('@identity/workload-identity', 'TokenExchange');
      return new WorkloadIdentityCredential({ ...options, tenantId, clientId, tokenFilePath });
    },
  };
};
