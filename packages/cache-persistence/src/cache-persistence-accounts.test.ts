// The accounts of the persistent cache as a whole: listing them (SharedTokenCacheCredential, `identity accounts`),
// forgetting one (`identity logout`) and the default account `identity login` names beside the cache.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserAccount } from '@identity/core';
import { AuthenticationRequiredError, setLogLevel, setLogSink } from '@identity/core';
import { accountKey } from '@identity/core/internal';
import { DeviceCodeCredential } from '@identity/device-code';
import { type Emulator, startEmulator } from '@identity/emulator';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterEach, describe, expect, it } from 'vitest';
import { putAccount, removeAccount } from './cache-persistence-account-store.js';
import { parseCacheDocument } from './cache-persistence-msal-format.js';
import { PersistentTokenCache } from './cache-persistence-token-cache.js';

const ENV = 'login.windows.net';
const GRAPH = 'https://graph.microsoft.com/User.Read';

const folder = () => join(temporaryFolder('cache-persistence-accounts'), '.IdentityService');
const plainCache = (directory: string) =>
  new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

// An account as a user credential stores it after a sign-in.
function account(uid: string, clientId: string, username = `${uid}@contoso.example`): UserAccount {
  return {
    authority: ENV,
    homeAccountId: `${uid}.home-tenant`,
    clientId,
    tenantId: 'home-tenant',
    username,
    refreshToken: testSecret(`refresh-${uid}-${clientId}`),
    idToken: `id-token-of-${uid}-${clientId}`,
  };
}
const keyOf = (a: UserAccount) => accountKey(a.homeAccountId, a.clientId, a.authority);

// An access token of an account, as the token store writes one.
function accessToken(a: UserAccount, target: string) {
  return {
    home_account_id: a.homeAccountId,
    environment: ENV,
    credential_type: 'AccessToken',
    client_id: a.clientId,
    realm: a.tenantId,
    target,
    secret: testSecret(`access-${a.homeAccountId}-${a.clientId}-${target}`),
    cached_at: '1',
    expires_on: String(Math.floor(Date.now() / 1000) + 3600),
  };
}

describe('accounts.list()', () => {
  it('gives every account of both files that has a refresh token, once each, with its user name', async () => {
    const directory = folder();
    const cache = plainCache(directory);
    const ada = account('ada', 'app-1');
    const grace = account('grace', 'app-1');
    await cache.accounts.set(keyOf(ada), ada);
    await cache.accounts.set(keyOf(grace), grace);
    // An account only the CAE file holds (written by another tool), and one with no refresh token.
    const cae = readJson(`${join(directory, 'msal.cache')}.cae`);
    const linus = account('linus', 'app-2');
    const document = parseCacheDocument(JSON.stringify(cae));
    putAccount(document, linus);
    putAccount(document, { ...account('nobody', 'app-2'), refreshToken: undefined });
    writeFileSync(`${join(directory, 'msal.cache')}.cae`, JSON.stringify(document));

    const listed = await plainCache(directory).accounts.list();
    expect(listed.map((a) => [a.username, a.clientId]).sort()).toEqual([
      ['ada@contoso.example', 'app-1'],
      ['grace@contoso.example', 'app-1'],
      ['linus@contoso.example', 'app-2'],
    ]);
    expect(listed.find((a) => a.username === 'ada@contoso.example')).toMatchObject({
      homeAccountId: 'ada.home-tenant',
      tenantId: 'home-tenant',
      authority: ENV,
      refreshToken: ada.refreshToken,
    });
  });

  it('is empty for a cache with no files, and creates none', async () => {
    const directory = folder();
    const cache = plainCache(directory);
    expect(await cache.accounts.list()).toEqual([]);
    expect(await cache.accounts.delete('ada.home-tenant|app-1|login.windows.net')).toBe(false);
    expect(() => statSync(cache.paths.nocae)).toThrow(/ENOENT/);
  });
});

describe('accounts.delete(key)', () => {
  it("removes the account's refresh, ID and access tokens for that client from both files, and keeps everything else", async () => {
    const directory = folder();
    const cache = plainCache(directory);
    const ada = account('ada', 'app-1');
    const adaOtherApp = account('ada', 'app-2');
    const grace = account('grace', 'app-1');
    for (const a of [ada, adaOtherApp, grace]) await cache.accounts.set(keyOf(a), a);
    // Access tokens of each, an app token, and a section this library does not know.
    const path = cache.paths.nocae;
    const document = readJson(path);
    const tokens = [accessToken(ada, 'a'), accessToken(ada, 'b'), accessToken(adaOtherApp, 'a')];
    tokens.push(accessToken(grace, 'a'), { ...accessToken(grace, 'app'), home_account_id: '' });
    tokens.forEach((token, index) => {
      document.AccessToken[`token-${index}`] = token;
    });
    document.NewerMsalSection = { kept: { as: 'is' } };
    writeFileSync(path, JSON.stringify(document));

    const fresh = plainCache(directory);
    expect(await fresh.accounts.delete(keyOf(ada))).toBe(true);

    expect(await fresh.accounts.get(keyOf(ada))).toBeUndefined();
    expect(await fresh.accounts.get(keyOf(adaOtherApp))).toMatchObject({ username: 'ada@contoso.example' });
    expect(await fresh.accounts.get(keyOf(grace))).toMatchObject({ username: 'grace@contoso.example' });
    const after = readJson(path);
    expect(Object.keys(after.AccessToken).sort()).toEqual(['token-2', 'token-3', 'token-4']);
    expect(after.NewerMsalSection).toEqual({ kept: { as: 'is' } });
    // Ada's Account entity stays: her refresh token for app-2 still needs it.
    expect(Object.values(after.Account).map((a) => (a as { username: string }).username)).toContain(
      'ada@contoso.example',
    );
    expect(JSON.stringify(after)).not.toContain(ada.refreshToken as string);
    expect(JSON.stringify(readJson(cache.paths.cae))).not.toContain(ada.refreshToken as string);
    expect(Object.keys(after.AppMetadata)).toHaveLength(2);

    // Her last client gone, her Account entity goes too.
    expect(await fresh.accounts.delete(keyOf(adaOtherApp))).toBe(true);
    const last = readJson(path);
    expect(Object.values(last.Account).map((a) => (a as { username: string }).username)).toEqual([
      'grace@contoso.example',
    ]);
    expect((await fresh.accounts.list()).map((a) => a.username)).toEqual(['grace@contoso.example']);
  });

  it('matches the key without regard to case, as MSAL compares its fields', () => {
    const document = parseCacheDocument('');
    const ada = account('ada', 'app-1');
    putAccount(document, ada);
    expect(removeAccount(document, keyOf(ada).toUpperCase())).toBe(true);
    expect(document.RefreshToken).toEqual({});
    expect(removeAccount(document, keyOf(ada))).toBe(false);
  });

  it('signs the user out for real: the credential then needs a sign-in', async () => {
    const emulator: Emulator = await startEmulator({ deviceCodeIntervalSeconds: 1 });
    try {
      const app = emulator.registerApp({ publicClient: true, adminConsent: true });
      const { username } = emulator.registerUser({
        username: `ada.${app.clientId}@contoso.example`,
        password: testSecret('password'),
        tenantId: app.tenantId,
      });
      const tokenCache = plainCache(folder());
      const options = {
        clientId: app.clientId,
        tenantId: app.tenantId,
        authorityHost: emulator.url,
        tokenCache,
      };
      const record = await new DeviceCodeCredential({
        ...options,
        userPromptCallback: (info) => emulator.approveDeviceCode(info.userCode, username),
      }).authenticate(GRAPH);
      const [listed] = await tokenCache.accounts.list();
      expect(listed).toMatchObject({ username, homeAccountId: record.homeAccountId, clientId: app.clientId });

      expect(await tokenCache.accounts.delete(keyOf(record))).toBe(true);
      const silent = new PersistentTokenCache({
        directory: join(tokenCache.paths.nocae, '..'),
        unsafeAllowUnencryptedStorage: true,
      });
      const after = new DeviceCodeCredential({
        ...options,
        tokenCache: silent,
        authenticationRecord: record,
        disableAutomaticAuthentication: true,
      });
      await expect(after.getToken('https://vault.azure.net/user_impersonation')).rejects.toSatisfy((error) =>
        AuthenticationRequiredError.isInstance(error),
      );
    } finally {
      await emulator.stop();
    }
  });
});

describe('accounts.forgetRefreshToken(key, refreshToken)', () => {
  it("removes that refresh token of the account from both files, and keeps its account, ID and access tokens and everyone else's", async () => {
    const directory = folder();
    const cache = plainCache(directory);
    const ada = account('ada', 'app-1');
    const adaOtherApp = account('ada', 'app-2');
    const grace = account('grace', 'app-1');
    for (const a of [ada, adaOtherApp, grace]) await cache.accounts.set(keyOf(a), a);
    const document = readJson(cache.paths.nocae);
    document.AccessToken.kept = accessToken(ada, 'a');
    writeFileSync(cache.paths.nocae, JSON.stringify(document));

    const fresh = plainCache(directory);
    await fresh.accounts.forgetRefreshToken(keyOf(ada), ada.refreshToken as string);

    expect(await fresh.accounts.get(keyOf(ada))).toBeUndefined();
    for (const path of [cache.paths.nocae, cache.paths.cae]) {
      expect(JSON.stringify(readJson(path))).not.toContain(ada.refreshToken as string);
    }
    const after = readJson(cache.paths.nocae);
    expect(
      Object.values(after.Account)
        .map((a) => (a as { username: string }).username)
        .sort(),
    ).toEqual(['ada@contoso.example', 'grace@contoso.example']);
    expect(JSON.stringify(after.IdToken)).toContain(ada.idToken as string);
    expect(Object.keys(after.AccessToken)).toEqual(['kept']);
    expect((await fresh.accounts.get(keyOf(adaOtherApp)))?.refreshToken).toBe(adaOtherApp.refreshToken);
    expect((await fresh.accounts.get(keyOf(grace)))?.refreshToken).toBe(grace.refreshToken);
  });

  it('keeps a newer refresh token another process wrote meanwhile', async () => {
    const directory = folder();
    const cache = plainCache(directory);
    const ada = account('ada', 'app-1');
    await cache.accounts.set(keyOf(ada), ada);
    const rotated = testSecret('rotated-refresh-token');
    await plainCache(directory).accounts.set(keyOf(ada), { ...ada, refreshToken: rotated });
    await cache.accounts.forgetRefreshToken(keyOf(ada), ada.refreshToken as string);
    expect((await cache.accounts.get(keyOf(ada)))?.refreshToken).toBe(rotated);
  });
});

describe('the default account', () => {
  afterEach(() => {
    setLogLevel(undefined);
    setLogSink(undefined);
  });
  const record = {
    authority: ENV,
    homeAccountId: 'ada.home-tenant',
    clientId: 'app-1',
    tenantId: 'home-tenant',
    username: 'ada@contoso.example',
  };

  it('is undefined until setDefaultAccount writes it; then every cache of that name and folder reads it', async () => {
    const directory = folder();
    const cache = plainCache(directory);
    expect(await cache.accounts.defaultAccount()).toBeUndefined();
    await cache.setDefaultAccount(record);
    expect(cache.paths.authenticationRecord).toBe(join(directory, 'msal.cache.authentication-record.json'));
    expect(await plainCache(directory).accounts.defaultAccount()).toEqual(record);
    // @azure/identity's serialized record, mode 0600 in a 0700 folder, and nothing left beside it.
    expect(readJson(cache.paths.authenticationRecord)).toEqual({ ...record, version: '1.0' });
    expect(statSync(cache.paths.authenticationRecord).mode & 0o777).toBe(0o600);
    expect(statSync(directory).mode & 0o777).toBe(0o700);

    await cache.setDefaultAccount({ ...record, username: 'grace@contoso.example' });
    expect(await cache.accounts.defaultAccount()).toMatchObject({ username: 'grace@contoso.example' });
    await cache.setDefaultAccount(undefined);
    expect(await cache.accounts.defaultAccount()).toBeUndefined();
    // Removing what is not there is no error.
    await expect(cache.setDefaultAccount(undefined)).resolves.toBeUndefined();
  });

  it('is undefined, with a warning, when the record is not one; it never throws', async () => {
    const directory = folder();
    const cache = plainCache(directory);
    await cache.setDefaultAccount(record);
    const warnings: string[] = [];
    setLogLevel('warning');
    setLogSink((level, _namespace, message) => warnings.push(`${level} ${message}`));
    for (const corrupt of ['{"authority":', JSON.stringify({ ...record, homeAccountId: 42 }), '[]']) {
      writeFileSync(cache.paths.authenticationRecord, corrupt);
      expect(await cache.accounts.defaultAccount()).toBeUndefined();
    }
    expect(warnings).toHaveLength(3);
    for (const warning of warnings) {
      expect(warning).toMatch(/^warning .*is not an AuthenticationRecord.*cache-persistence-default-account/);
    }
  });
});

describe('files()', () => {
  it('says whether each file exists and is encrypted, without the secret store', async () => {
    const directory = folder();
    const cache = plainCache(directory);
    expect(await cache.files()).toEqual({ nocae: { exists: false }, cae: { exists: false } });
    const ada = account('ada', 'app-1');
    await cache.accounts.set(keyOf(ada), ada);
    const { nocae } = await cache.files();
    expect(nocae).toEqual({ exists: true, encrypted: false, bytes: statSync(cache.paths.nocae).size });
    // A sealed file starts with the sealing's magic bytes ("IDCP"): seen as encrypted, and never opened.
    writeFileSync(cache.paths.cae, Buffer.concat([Buffer.from('IDCP'), Buffer.alloc(60)]));
    expect((await cache.files()).cae).toEqual({ exists: true, encrypted: true, bytes: 64 });
  });
});
