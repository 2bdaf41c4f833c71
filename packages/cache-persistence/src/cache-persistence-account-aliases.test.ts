// The public cloud has several host names, and MSAL writers name it differently in a shared cache file: MSAL Node
// (`@azure/identity`) and this library write `login.windows.net`, MSAL Python (the Azure CLI, Python's
// azure-identity) the host it signed in at, `login.microsoftonline.com`. MSAL's readers take every alias of the
// cloud as the same; so must the persistent cache, or a user signed in by those tools is asked to sign in again.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceCodeCredential } from '@identity/device-code';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { PersistentTokenCache } from './cache-persistence-token-cache.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const HOME = `9f4880d8-0a4f-4d5e-8e2f-1c9a6b1e2f3a.${TENANT}`;
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const USERNAME = 'ada@contoso.example';
const SIGNED_IN = testSecret('refresh-token-of-the-azure-cli');
const ROTATED = testSecret('rotated-refresh-token');

// A cache file as MSAL Python writes it after `az login` in the public cloud (its keys and fields).
function writtenByMsalPython(environment: string) {
  const owner = { home_account_id: HOME, environment };
  return {
    Account: {
      [`${HOME}-${environment}-${TENANT}`]: {
        ...owner,
        realm: TENANT,
        local_account_id: HOME.split('.')[0],
        username: USERNAME,
        authority_type: 'MSSTS',
      },
    },
    RefreshToken: {
      [`${HOME}-${environment}-refreshtoken-${CLIENT}--`]: {
        ...owner,
        credential_type: 'RefreshToken',
        client_id: CLIENT,
        secret: SIGNED_IN,
        family_id: '1',
      },
    },
    AccessToken: {},
    IdToken: {},
    AppMetadata: {
      [`appmetadata-${environment}-${CLIENT}`]: { client_id: CLIENT, environment, family_id: '1' },
    },
  };
}

function cacheWith(document: unknown) {
  const directory = join(temporaryFolder('cache-persistence-aliases'), '.IdentityService');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'msal.cache.nocae'), JSON.stringify(document));
  return new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
}

describe('an account MSAL Python wrote under another host name of the cloud', () => {
  it('is listed as an account of the public cloud (login.windows.net), with its refresh token', async () => {
    const cache = cacheWith(writtenByMsalPython('login.microsoftonline.com'));
    expect(await cache.accounts.list()).toEqual([
      expect.objectContaining({
        authority: 'login.windows.net',
        homeAccountId: HOME,
        clientId: CLIENT,
        username: USERNAME,
        refreshToken: SIGNED_IN,
      }),
    ]);
  });

  it("serves a user credential of the public cloud silently, and its rotated token replaces the tool's", async () => {
    const cache = cacheWith(writtenByMsalPython('login.microsoftonline.com'));
    const sent: URLSearchParams[] = [];
    const credential = new DeviceCodeCredential({
      tenantId: TENANT,
      authenticationRecord: {
        authority: 'login.windows.net',
        homeAccountId: HOME,
        clientId: CLIENT,
        tenantId: TENANT,
        username: USERNAME,
      },
      disableAutomaticAuthentication: true,
      tokenCache: cache,
      env: {},
      // Entra's answer to the refresh, over the injected transport: nothing leaves the machine.
      fetch: async (_url, init) => {
        sent.push(new URLSearchParams(String(init?.body)));
        return Response.json({
          token_type: 'Bearer',
          access_token: testSecret('access-token'),
          expires_in: 3599,
          refresh_token: ROTATED,
        });
      },
    });
    expect((await credential.getToken('https://management.azure.com/.default')).token).toBeTruthy();
    expect(sent.map((form) => form.get('refresh_token'))).toEqual([SIGNED_IN]);
    await cache.close();
    const document = JSON.parse(readFileSync(cache.paths.nocae, 'utf8'));
    expect(Object.values(document.RefreshToken)).toEqual([
      expect.objectContaining({ environment: 'login.microsoftonline.com', secret: ROTATED, family_id: '1' }),
    ]);
  });

  it('is never taken for an account of another cloud', async () => {
    const cache = cacheWith(writtenByMsalPython('login.microsoftonline.us'));
    const [account] = await cache.accounts.list();
    expect(account?.authority).toBe('login.microsoftonline.us');
    expect(await cache.accounts.get(`${HOME}|${CLIENT}|login.windows.net`)).toBeUndefined();
  });
});
