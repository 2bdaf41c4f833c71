// A multi-tenant service: one app registration, tokens for the tenants of its customers.
import { ClientSecretCredential, type GetTokenOptions } from '@azure/identity';

const credential = new ClientSecretCredential(
  process.env.AZURE_TENANT_ID ?? '',
  process.env.AZURE_CLIENT_ID ?? '',
  process.env.AZURE_CLIENT_SECRET ?? '',
  { additionallyAllowedTenants: ['*'] },
);

export async function tokenForCustomer(customerTenantId: string): Promise<string> {
  const options: GetTokenOptions = { tenantId: customerTenantId };
  return (await credential.getToken('https://management.azure.com/.default', options)).token;
}
