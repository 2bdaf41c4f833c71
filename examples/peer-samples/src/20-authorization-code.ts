// A web app that redeems the authorization code its redirect URI received.
import { AuthorizationCodeCredential } from '@azure/identity';

export function credentialForCode(code: string): AuthorizationCodeCredential {
  return new AuthorizationCodeCredential(
    process.env.AZURE_TENANT_ID ?? '',
    process.env.AZURE_CLIENT_ID ?? '',
    process.env.AZURE_CLIENT_SECRET ?? '',
    code,
    'https://orders.contoso.com/auth/callback',
  );
}
