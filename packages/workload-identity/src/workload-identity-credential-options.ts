import type { TokenCredentialOptions } from '@identity/core';

/**
 * Options of {@link WorkloadIdentityCredential}, as `@azure/identity` names them. Each id falls back to its
 * environment variable (read from `env`, default `process.env`), as the AKS workload identity webhook sets them.
 *
 * @example
 * ```ts
 * const options: WorkloadIdentityCredentialOptions = { clientId: '…', tokenFilePath: '/var/run/secrets/azure/tokens/azure-identity-token' };
 * ```
 */
export interface WorkloadIdentityCredentialOptions extends TokenCredentialOptions {
  /** The app's tenant. Default: `AZURE_TENANT_ID`. */
  tenantId?: string;
  /** The app's (or user-assigned managed identity's) client id. Default: `AZURE_CLIENT_ID`. */
  clientId?: string;
  /** The projected service account token file. Default: `AZURE_FEDERATED_TOKEN_FILE`. */
  tokenFilePath?: string;
  /**
   * Send token requests through the AKS identity-binding token proxy named by `AZURE_KUBERNETES_TOKEN_PROXY`
   * (with `AZURE_KUBERNETES_SNI_NAME` and `AZURE_KUBERNETES_CA_FILE` or `AZURE_KUBERNETES_CA_DATA`). Node only.
   */
  enableAzureProxy?: boolean;
}
