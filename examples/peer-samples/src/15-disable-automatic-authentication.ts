// The app decides when the user is asked to sign in: getToken never prompts, it throws
// AuthenticationRequiredError, and the app calls authenticate() when the time is right.
import { AuthenticationRequiredError, InteractiveBrowserCredential } from '@azure/identity';

const credential = new InteractiveBrowserCredential({
  clientId: process.env.AZURE_CLIENT_ID,
  tenantId: process.env.AZURE_TENANT_ID,
  disableAutomaticAuthentication: true,
});

export async function tokenWhenAllowed(askUser: () => Promise<boolean>): Promise<string | undefined> {
  const scope = 'https://graph.microsoft.com/Mail.Read';
  try {
    return (await credential.getToken(scope)).token;
  } catch (error) {
    if (!(error instanceof AuthenticationRequiredError)) throw error;
    if (!(await askUser())) return undefined;
    await credential.authenticate(error.scopes, error.getTokenOptions);
    return (await credential.getToken(scope)).token;
  }
}
