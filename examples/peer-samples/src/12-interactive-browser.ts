// A desktop tool that signs the user in with the system browser (a loopback redirect URI).
import { InteractiveBrowserCredential } from '@azure/identity';

export const credential = new InteractiveBrowserCredential({
  tenantId: process.env.AZURE_TENANT_ID,
  clientId: process.env.AZURE_CLIENT_ID,
  redirectUri: 'http://localhost:8400',
  loginHint: 'alex@contoso.com',
});

export async function signIn(): Promise<string> {
  const token = await credential.getToken('https://graph.microsoft.com/User.Read');
  return token.token;
}
