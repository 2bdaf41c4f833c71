// Remembering who signed in: authenticate() once, keep the record, and sign in silently as that account later.
import { readFile, writeFile } from 'node:fs/promises';
import {
  type AuthenticationRecord,
  DeviceCodeCredential,
  deserializeAuthenticationRecord,
  serializeAuthenticationRecord,
} from '@azure/identity';

const recordPath = '.auth-record.json';
const scope = 'https://graph.microsoft.com/.default';

export async function firstSignIn(): Promise<AuthenticationRecord> {
  const credential = new DeviceCodeCredential({ tenantId: process.env.AZURE_TENANT_ID });
  const record = await credential.authenticate(scope);
  if (!record) throw new Error('no account signed in');
  await writeFile(recordPath, serializeAuthenticationRecord(record), { mode: 0o600 });
  return record;
}

export async function laterSignIn(): Promise<DeviceCodeCredential> {
  const authenticationRecord = deserializeAuthenticationRecord(await readFile(recordPath, 'utf8'));
  console.log(`signing in as ${authenticationRecord.username} (${authenticationRecord.tenantId})`);
  return new DeviceCodeCredential({ tenantId: authenticationRecord.tenantId, authenticationRecord });
}
