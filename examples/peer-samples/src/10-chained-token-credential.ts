// A chain of one's own: managed identity in Azure, else the developer's Azure CLI sign-in.
import {
  AzureCliCredential,
  ChainedTokenCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';

export function appCredential(): TokenCredential {
  return new ChainedTokenCredential(
    new ManagedIdentityCredential({ clientId: process.env.AZURE_CLIENT_ID }),
    new AzureCliCredential(),
  );
}
