// Managed identity: the resource's system-assigned identity, or a user-assigned one named by client id,
// resource id or object id.
import { ManagedIdentityCredential } from '@azure/identity';

export const systemAssigned = new ManagedIdentityCredential();

export const byClientIdArgument = new ManagedIdentityCredential('00000000-0000-0000-0000-000000000001');

export const byClientId = new ManagedIdentityCredential({ clientId: '00000000-0000-0000-0000-000000000001' });

export const byResourceId = new ManagedIdentityCredential({
  resourceId:
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/orders/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-worker',
});

export const byObjectId = new ManagedIdentityCredential({ objectId: '00000000-0000-0000-0000-000000000002' });

export async function expiresOn(): Promise<Date> {
  const token = await byClientId.getToken('https://management.azure.com/.default');
  return new Date(token.expiresOnTimestamp);
}
