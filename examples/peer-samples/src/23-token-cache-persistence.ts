// @azure/identity-cache-persistence's README: register the plugin once, then any credential that takes
// tokenCachePersistenceOptions keeps its tokens on disk, so a later run skips the device-code sign-in.
import { DeviceCodeCredential, useIdentityPlugin } from '@azure/identity';
import { cachePersistencePlugin } from '@azure/identity-cache-persistence';

useIdentityPlugin(cachePersistencePlugin);

const credential = new DeviceCodeCredential({
  tokenCachePersistenceOptions: {
    enabled: true,
  },
});

// We'll use the Microsoft Graph scope as an example
const scope = 'https://graph.microsoft.com/.default';

export async function printTokenStart(): Promise<void> {
  // Print out part of the access token
  console.log((await credential.getToken(scope)).token.substring(0, 10), '...');
}
