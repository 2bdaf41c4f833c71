// Signs the user in through the system browser, then gets a Storage token: @azure/identity's interactive browser
// sample, with only the import changed. The app registration needs `http://localhost` as a "Mobile and desktop
// applications" redirect URI; without AZURE_CLIENT_ID, Microsoft's development application is used.
import {
  InteractiveBrowserCredential,
  type InteractiveBrowserCredentialNodeOptions,
} from '@identity/interactive-browser';

async function main(): Promise<void> {
  const credential = new InteractiveBrowserCredential({
    clientId: process.env.AZURE_CLIENT_ID,
    tenantId: process.env.AZURE_TENANT_ID,
    browserCustomizationOptions: {
      successMessage: 'Signed in. You can close this tab and go back to the terminal.',
    },
  } as InteractiveBrowserCredentialNodeOptions);

  const token = await credential.getToken('https://storage.azure.com/.default');
  console.log('Signed in; the token expires at', new Date(token.expiresOnTimestamp).toISOString());
}

main().catch((error: unknown) => {
  console.error('The sample failed:', error);
  process.exitCode = 1;
});
