// DefaultAzureCredential tuned: a user-assigned managed identity in Azure, a tenant for the developer tools,
// a shorter wait for them, and the variables the app insists on.
import { DefaultAzureCredential, type DefaultAzureCredentialOptions } from '@azure/identity';

const options: DefaultAzureCredentialOptions = {
  managedIdentityClientId: process.env.AZURE_CLIENT_ID,
  tenantId: process.env.AZURE_TENANT_ID,
  processTimeoutInMs: 15_000,
  requiredEnvVars: ['AZURE_TOKEN_CREDENTIALS'],
};

export const credential = new DefaultAzureCredential(options);
