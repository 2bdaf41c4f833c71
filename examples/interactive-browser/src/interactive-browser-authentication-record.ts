// Signs the user in once and keeps who signed in: authenticate() returns the account's AuthenticationRecord, which
// is saved (it holds no secret) and given back to the next credential, as @azure/identity's samples do. With
// disableAutomaticAuthentication, getToken never opens a browser on its own: it throws AuthenticationRequiredError,
// and the app decides when to call authenticate().
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import {
  AuthenticationRequiredError,
  deserializeAuthenticationRecord,
  InteractiveBrowserCredential,
  serializeAuthenticationRecord,
} from '@identity/interactive-browser';

const RECORD_FILE = 'authentication-record.json';
const SCOPE = 'https://graph.microsoft.com/User.Read';

async function main(): Promise<void> {
  const authenticationRecord = existsSync(RECORD_FILE)
    ? deserializeAuthenticationRecord(await readFile(RECORD_FILE, 'utf8'))
    : undefined;
  const credential = new InteractiveBrowserCredential({
    clientId: process.env.AZURE_CLIENT_ID,
    tenantId: process.env.AZURE_TENANT_ID,
    authenticationRecord,
    disableAutomaticAuthentication: true,
  });

  try {
    await credential.getToken(SCOPE);
  } catch (error) {
    if (!AuthenticationRequiredError.isInstance(error)) throw error;
    // The user signs in now, when the app asks, for the scopes the failed call needed.
    const record = await credential.authenticate(error.scopes, error.getTokenOptions);
    await writeFile(RECORD_FILE, serializeAuthenticationRecord(record), { mode: 0o600 });
    console.log(`Signed in as ${record.username}`);
  }
  const token = await credential.getToken(SCOPE);
  console.log('Token expires at', new Date(token.expiresOnTimestamp).toISOString());
}

main().catch((error: unknown) => {
  console.error('The sample failed:', error);
  process.exitCode = 1;
});
