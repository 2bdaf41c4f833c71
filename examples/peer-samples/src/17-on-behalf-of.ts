// A web API that calls Microsoft Graph as the user who called it: the incoming token is exchanged.
import { OnBehalfOfCredential } from '@azure/identity';

export function graphCredentialFor(userAssertionToken: string): OnBehalfOfCredential {
  return new OnBehalfOfCredential({
    tenantId: process.env.AZURE_TENANT_ID ?? '',
    clientId: process.env.AZURE_CLIENT_ID ?? '',
    clientSecret: process.env.AZURE_CLIENT_SECRET ?? '',
    userAssertionToken,
  });
}

export function graphCredentialWithCertificate(userAssertionToken: string): OnBehalfOfCredential {
  return new OnBehalfOfCredential({
    tenantId: process.env.AZURE_TENANT_ID ?? '',
    clientId: process.env.AZURE_CLIENT_ID ?? '',
    certificatePath: '/etc/certs/api.pem',
    userAssertionToken,
  });
}
