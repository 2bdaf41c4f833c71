// @azure/identity's device code sample ("Authenticating a user account with device code flow"), with the import
// changed: the credential shows a code, the user signs in with it on any device, and the token arrives.
// Run: AZURE_TENANT_ID=... AZURE_CLIENT_ID=... node user-flows-device-code.js
import { DeviceCodeCredential, type DeviceCodeCredentialOptions } from '@identity/device-code';

export async function main(
  options: DeviceCodeCredentialOptions = {
    // By default, the tenant is "organizations" and the client the development app (the Azure CLI's).
    tenantId: process.env.AZURE_TENANT_ID,
    clientId: process.env.AZURE_CLIENT_ID,
    // You may also leave this out: by default the message goes to the console.
    userPromptCallback: (deviceCodeInfo) => {
      console.log(deviceCodeInfo.message);
    },
  },
): Promise<string> {
  const credential = new DeviceCodeCredential(options);
  const { token } = await credential.getToken('https://vault.azure.net/.default');
  return token;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  main().catch((error) => {
    console.log('error message: ', error.message);
    process.exit(1);
  });
}
