// The README's first example: one credential that works on a laptop (az login) and in Azure (managed identity),
// handed to an Azure SDK client.
import { DefaultAzureCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';

const vaultUrl = `https://${process.env.KEY_VAULT_NAME ?? 'contoso-vault'}.vault.azure.net`;

export async function readConnectionString(): Promise<string | undefined> {
  const client = new SecretClient(vaultUrl, new DefaultAzureCredential());
  const secret = await client.getSecret('orders-db-connection');
  return secret.value;
}
