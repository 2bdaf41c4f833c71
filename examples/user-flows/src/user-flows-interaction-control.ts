// @azure/identity's "Control user interaction" sample, with DeviceCodeCredential and the import changed: the app
// asks the user to sign in when it chooses (authenticate()), and getToken never prompts on its own: when a new
// sign-in is needed, it throws AuthenticationRequiredError, and the app decides when to ask.
import {
  AuthenticationRequiredError,
  DeviceCodeCredential,
  type DeviceCodeCredentialOptions,
} from '@identity/device-code';

export async function main(
  options: DeviceCodeCredentialOptions = {
    tenantId: process.env.AZURE_TENANT_ID,
    clientId: process.env.AZURE_CLIENT_ID,
  },
  // Where the app would call its service; here, the token it would send.
  useToken: (token: string) => Promise<void> = async () => {},
): Promise<string[]> {
  const credential = new DeviceCodeCredential({ ...options, disableAutomaticAuthentication: true });
  await credential.authenticate('https://vault.azure.net/.default');
  const used: string[] = [];
  for (const scope of ['https://vault.azure.net/.default', 'https://storage.azure.com/.default']) {
    try {
      const { token } = await credential.getToken(scope);
      await useToken(token);
      used.push(scope);
    } catch (e) {
      if (!AuthenticationRequiredError.isInstance(e)) throw e;
      // Some application logic first, then the sign-in, at the app's choosing.
      await credential.authenticate(e.scopes);
      await useToken((await credential.getToken(scope)).token);
      used.push(scope);
    }
  }
  return used;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  main().catch((error) => {
    console.log('error message: ', error.message);
    process.exit(1);
  });
}
