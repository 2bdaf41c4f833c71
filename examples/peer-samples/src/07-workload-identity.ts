// AKS workload identity: the webhook injects AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE;
// the options override them.
import { WorkloadIdentityCredential } from '@azure/identity';

export const fromWebhook = new WorkloadIdentityCredential();

export const explicit = new WorkloadIdentityCredential({
  tenantId: process.env.AZURE_TENANT_ID,
  clientId: process.env.ORDERS_CLIENT_ID,
  tokenFilePath: '/var/run/secrets/azure/tokens/azure-identity-token',
});
