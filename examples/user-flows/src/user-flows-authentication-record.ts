// @azure/identity's authentication record samples ("Persist the authentication record", then "Silent
// authentication with authentication record"), with DeviceCodeCredential and the import changed: sign in once,
// keep the record (it names the account, holds no secret), and build a later credential from it.
//
// Until @identity/cache-persistence lands, the account's tokens live in memory: a credential built from the record
// signs in silently when it shares the token cache of the one that signed in (here, in one process). Without them,
// it asks the user again.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenCache } from '@identity/core';
import {
  type AuthenticationRecord,
  DeviceCodeCredential,
  type DeviceCodeCredentialOptions,
  deserializeAuthenticationRecord,
  serializeAuthenticationRecord,
} from '@identity/device-code';

const SCOPE = 'https://graph.microsoft.com/.default';

export async function main(
  options: DeviceCodeCredentialOptions = {
    tenantId: process.env.AZURE_TENANT_ID,
    clientId: process.env.AZURE_CLIENT_ID,
  },
  recordPath = join(process.cwd(), 'authentication-record.json'),
): Promise<{ record: AuthenticationRecord; token: string }> {
  const tokenCache = new TokenCache();

  // Persist the authentication record.
  const credential = new DeviceCodeCredential({ ...options, tokenCache });
  const authRecord: AuthenticationRecord = await credential.authenticate(SCOPE);
  writeFileSync(recordPath, serializeAuthenticationRecord(authRecord));

  // Silent authentication with the authentication record.
  const fileContent = readFileSync(recordPath, { encoding: 'utf-8' });
  const record = deserializeAuthenticationRecord(fileContent);
  const silent = new DeviceCodeCredential({ ...options, tokenCache, authenticationRecord: record });
  const { token } = await silent.getToken(SCOPE);
  return { record, token };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  main().then(
    ({ record }) => console.log(`signed in as ${record.username}`),
    (error) => {
      console.log('error message: ', error.message);
      process.exit(1);
    },
  );
}
