// The developer tools' sign-ins: Azure CLI, Azure Developer CLI, Azure PowerShell.
import { AzureCliCredential, AzureDeveloperCliCredential, AzurePowerShellCredential } from '@azure/identity';

export const azureCli = new AzureCliCredential({
  tenantId: process.env.AZURE_TENANT_ID,
  processTimeoutInMs: 10_000,
});
export const azureDeveloperCli = new AzureDeveloperCliCredential();
export const azurePowerShell = new AzurePowerShellCredential({ tenantId: process.env.AZURE_TENANT_ID });
