// A device without a browser: the user signs in elsewhere with the code this prints.
import { DeviceCodeCredential, type DeviceCodeInfo } from '@azure/identity';

export const credential = new DeviceCodeCredential({
  tenantId: process.env.AZURE_TENANT_ID,
  clientId: process.env.AZURE_CLIENT_ID,
  userPromptCallback: (info: DeviceCodeInfo) => {
    console.log(`Go to ${info.verificationUri} and enter ${info.userCode}`);
  },
});

export async function graphToken(): Promise<string> {
  return (await credential.getToken('https://graph.microsoft.com/.default')).token;
}
