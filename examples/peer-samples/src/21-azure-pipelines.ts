// An Azure Pipelines job authenticating through its service connection (workload identity federation).
import { AzurePipelinesCredential } from '@azure/identity';

export const credential = new AzurePipelinesCredential(
  process.env.AZURESUBSCRIPTION_TENANT_ID ?? '',
  process.env.AZURESUBSCRIPTION_CLIENT_ID ?? '',
  process.env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID ?? '',
  process.env.SYSTEM_ACCESSTOKEN ?? '',
);
