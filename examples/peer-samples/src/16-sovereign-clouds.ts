// The same code in a national cloud: the authority host and the resource's scope change.
import { AzureAuthorityHosts, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';

export const government = new ClientSecretCredential(
  process.env.AZURE_TENANT_ID ?? '',
  process.env.AZURE_CLIENT_ID ?? '',
  process.env.AZURE_CLIENT_SECRET ?? '',
  { authorityHost: AzureAuthorityHosts.AzureGovernment },
);

export const china = new DefaultAzureCredential({ authorityHost: AzureAuthorityHosts.AzureChina });

export async function governmentManagementToken(): Promise<string> {
  return (await government.getToken('https://management.usgovcloudapi.net/.default')).token;
}
