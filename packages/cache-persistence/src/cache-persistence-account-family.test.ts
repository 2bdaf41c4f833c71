// What the listing tells SharedTokenCacheCredential about an account besides its refresh token: whether the token is
// a family one (FOCI: MSAL writes `family_id: "1"` on it, and the family's other clients may redeem it), and every
// tenant the account signed in to (MSAL keeps an `Account` entity per tenant: its home one, and those it is a guest
// of).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { PersistentTokenCache } from './cache-persistence-token-cache.js';

const HOME_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GUEST_TENANT = '3c1d2a9e-5b7f-4e8a-9d6c-0f1e2d3c4b5a';
const HOME = `9f4880d8-0a4f-4d5e-8e2f-1c9a6b1e2f3a.${HOME_TENANT}`;
const VISUAL_STUDIO = '872cd9fa-d31f-45e0-9eab-6e460a02d1f1';
const OTHER_APP = '5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
const ENVIRONMENT = 'login.microsoftonline.com';
const FAMILY_TOKEN = testSecret('family-refresh-token');
const OTHER_APP_TOKEN = testSecret('refresh-token-of-another-app');
const OWN_TOKEN = testSecret('own-refresh-token');

function cacheWith(document: unknown) {
  const directory = join(temporaryFolder('cache-persistence-family'), '.IdentityService');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'msal.cache.nocae'), JSON.stringify(document));
  return new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
}

// An account signed in at its home tenant and as a guest of another, with a family refresh token of one client and
// an ordinary one of another, as MSAL writers leave them.
function signedInTwice() {
  const owner = { home_account_id: HOME, environment: ENVIRONMENT };
  const account = (realm: string) => ({
    ...owner,
    realm,
    username: 'ada@contoso.example',
    authority_type: 'MSSTS',
  });
  const refreshToken = (client: string, secret: string, extra: object = {}) => ({
    ...owner,
    credential_type: 'RefreshToken',
    client_id: client,
    secret,
    ...extra,
  });
  return {
    Account: {
      [`${HOME}-${ENVIRONMENT}-${HOME_TENANT}`]: account(HOME_TENANT),
      [`${HOME}-${ENVIRONMENT}-${GUEST_TENANT}`]: account(GUEST_TENANT),
    },
    RefreshToken: {
      [`${HOME}-${ENVIRONMENT}-refreshtoken-1--`]: refreshToken(VISUAL_STUDIO, FAMILY_TOKEN, {
        family_id: '1',
      }),
      [`${HOME}-${ENVIRONMENT}-refreshtoken-${OTHER_APP}--`]: refreshToken(OTHER_APP, OTHER_APP_TOKEN),
    },
    AccessToken: {},
    IdToken: {},
    AppMetadata: {},
  };
}

describe('accounts.list() of an account MSAL writers signed in', () => {
  it("names a family refresh token's family, and no family for an ordinary one", async () => {
    const listed = await cacheWith(signedInTwice()).accounts.list();
    expect(listed.map(({ clientId, familyId }) => ({ clientId, familyId }))).toEqual([
      { clientId: VISUAL_STUDIO, familyId: '1' },
      { clientId: OTHER_APP, familyId: undefined },
    ]);
  });

  it('names every tenant the account signed in to, its home one and those it is a guest of', async () => {
    const listed = await cacheWith(signedInTwice()).accounts.list();
    for (const account of listed) {
      expect(account).toMatchObject({ tenantId: HOME_TENANT, realms: [HOME_TENANT, GUEST_TENANT] });
    }
  });
});

describe('the refresh token a client of the family is given', () => {
  const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
  const keyOf = (client: string) => `${HOME}|${client}|login.windows.net`;

  it("is the family's when the client has none of its own", async () => {
    const cache = cacheWith(signedInTwice());
    expect(await cache.accounts.get(keyOf(CLIENT))).toMatchObject({
      clientId: CLIENT,
      homeAccountId: HOME,
      familyId: '1',
      refreshToken: FAMILY_TOKEN,
    });
  });

  it('is the next family one once Entra called the first dead (it is dead for every client of the family)', async () => {
    const document = signedInTwice();
    const powershell = '1950a258-227b-4e31-a9cf-717495945fc2';
    const second = testSecret('second-family-refresh-token');
    Object.assign(document.RefreshToken, {
      [`${HOME}-${ENVIRONMENT}-refreshtoken-${powershell}--`]: {
        home_account_id: HOME,
        environment: ENVIRONMENT,
        credential_type: 'RefreshToken',
        client_id: powershell,
        secret: second,
        family_id: '1',
      },
    });
    const cache = cacheWith(document);
    await cache.accounts.forgetRefreshToken(keyOf(CLIENT), OTHER_APP_TOKEN);
    expect((await cache.accounts.get(keyOf(CLIENT)))?.refreshToken).toBe(FAMILY_TOKEN);
    await cache.accounts.forgetRefreshToken(keyOf(CLIENT), FAMILY_TOKEN);
    expect((await cache.accounts.get(keyOf(CLIENT)))?.refreshToken).toBe(second);
    // Another app's ordinary refresh token is never the client's to forget.
    expect((await cache.accounts.list()).map((account) => account.clientId)).toEqual([OTHER_APP, powershell]);
  });

  it('is its own when it has one, and never the ordinary refresh token of another client', async () => {
    const document = signedInTwice();
    delete (document.RefreshToken as Record<string, unknown>)[`${HOME}-${ENVIRONMENT}-refreshtoken-1--`];
    expect(await cacheWith(document).accounts.get(keyOf(CLIENT))).toBeUndefined();
    Object.assign(document.RefreshToken, {
      mine: {
        home_account_id: HOME,
        environment: ENVIRONMENT,
        credential_type: 'RefreshToken',
        client_id: CLIENT,
        secret: OWN_TOKEN,
      },
    });
    expect((await cacheWith(document).accounts.get(keyOf(CLIENT)))?.refreshToken).toBe(OWN_TOKEN);
  });
});
