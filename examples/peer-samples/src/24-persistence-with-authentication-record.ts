// Signed in once, silent on every later run: the token cache persisted by the plugin (a named, unencrypted cache for
// a machine without a keyring) and the AuthenticationRecord saved beside it say which account to use.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import {
  type AuthenticationRecord,
  deserializeAuthenticationRecord,
  InteractiveBrowserCredential,
  serializeAuthenticationRecord,
  type TokenCachePersistenceOptions,
  useIdentityPlugin,
} from '@azure/identity';
import { cachePersistencePlugin } from '@azure/identity-cache-persistence';

useIdentityPlugin(cachePersistencePlugin);

const recordPath = './auth-record.json';
const scope = 'https://graph.microsoft.com/.default';
const tokenCachePersistenceOptions: TokenCachePersistenceOptions = {
  enabled: true,
  name: 'my-desktop-tool',
  unsafeAllowUnencryptedStorage: true,
};

async function savedRecord(): Promise<AuthenticationRecord | undefined> {
  if (!existsSync(recordPath)) return undefined;
  return deserializeAuthenticationRecord(await readFile(recordPath, 'utf8'));
}

export async function getCredential(): Promise<InteractiveBrowserCredential> {
  const authenticationRecord = await savedRecord();
  const credential = new InteractiveBrowserCredential({
    clientId: process.env.AZURE_CLIENT_ID,
    tenantId: process.env.AZURE_TENANT_ID,
    redirectUri: 'http://localhost:8400',
    tokenCachePersistenceOptions,
    authenticationRecord,
  });
  if (!authenticationRecord) {
    // The first run: the user signs in once, and the record is kept for the next runs.
    const record = await credential.authenticate(scope);
    if (record) await writeFile(recordPath, serializeAuthenticationRecord(record), { mode: 0o600 });
  }
  return credential;
}

export async function graphToken(): Promise<string> {
  const credential = await getCredential();
  return (await credential.getToken(scope)).token;
}
