// SharedTokenCacheCredential reading a shared cache other Microsoft tools wrote, as Python's credential does: the
// refresh token of a tool of Microsoft's family of client ids (FOCI: the Azure CLI, Visual Studio...) serves the
// credential's own client, since Entra lets every member redeem the others'; another app's ordinary refresh token
// never does. And a user who signed in to the tenant asked for as a guest is chosen for it. The emulator stands in
// for Entra, with the tools' clients registered as family members.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistentTokenCache } from '@identity/cache-persistence';
import type { AuthenticationRecord } from '@identity/core';
import { CredentialUnavailableError } from '@identity/core';
import { DeviceCodeCredential } from '@identity/device-code';
import { type Emulator, startEmulator } from '@identity/emulator';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListingTokenCache } from '../test/shared-token-cache-listing-cache.js';
import { cacheWrittenByTools, closeToolCaches } from '../test/shared-token-cache-msal-cache-file.js';
import { failure, refreshCounter } from '../test/shared-token-cache-spec-helpers.js';
import { SharedTokenCacheCredential } from './shared-token-cache-credential.js';

const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const VISUAL_STUDIO = '872cd9fa-d31f-45e0-9eab-6e460a02d1f1';
const AZURE_POWERSHELL = '1950a258-227b-4e31-a9cf-717495945fc2';
const GRAPH = 'https://graph.microsoft.com/User.Read';
const VAULT = 'https://vault.azure.net/user_impersonation';
const GUEST_TENANT = '3c1d2a9e-5b7f-4e8a-9d6c-0f1e2d3c4b5a';
// Polls at once instead of after Entra's 5 seconds.
const fastClock = { now: () => Date.now(), sleep: () => new Promise<void>((r) => setTimeout(r, 1)) };

let emulator: Emulator;
let otherApp: string;
beforeAll(async () => {
  emulator = await startEmulator();
  const tool = { publicClient: true, multiTenant: true, adminConsent: true } as const;
  emulator.registerApp({ ...tool, clientId: AZURE_CLI, familyId: '1' });
  emulator.registerApp({ ...tool, clientId: VISUAL_STUDIO, familyId: '1' });
  emulator.registerApp({ ...tool, clientId: AZURE_POWERSHELL, familyId: '1' });
  otherApp = emulator.registerApp(tool).clientId;
  emulator.registerTenant(GUEST_TENANT);
});
afterAll(() => emulator.stop());
afterEach(async () => {
  emulator.faults.clear();
  await closeToolCaches();
});

let users = 0;
// A user (a new one, unless named) a tool signs in with its client (the device code flow, approved as the user
// would): the record, and the refresh token the tool would keep.
async function signedInWith(clientId: string, options: { guestOf?: string; username?: string } = {}) {
  const cache = new ListingTokenCache();
  const username =
    options.username ??
    emulator.registerUser({
      username: `user${++users}@contoso.example`,
      password: testSecret('password'),
      guestTenants: options.guestOf ? [options.guestOf] : [],
    }).username;
  const record: AuthenticationRecord = await new DeviceCodeCredential({
    clientId,
    authorityHost: emulator.url,
    tokenCache: cache,
    clock: fastClock,
    userPromptCallback: (info) => emulator.approveDeviceCode(info.userCode, username),
  }).authenticate(GRAPH);
  const [account] = cache.entries.values();
  return { record, clientId, refreshToken: account?.refreshToken as string };
}

const refreshes = () => refreshCounter(emulator);

describe('a shared cache another family client wrote', () => {
  it("gives a token to the credential's default client (the Azure CLI's) with Visual Studio's family refresh token", async () => {
    const studio = await signedInWith(VISUAL_STUDIO);
    const { cache, read } = cacheWrittenByTools([{ ...studio, familyId: '1' }]);
    const credential = new SharedTokenCacheCredential({
      authorityHost: emulator.url,
      tokenCache: cache,
      env: {},
    });
    const { token } = await credential.getToken(VAULT);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({
      appid: AZURE_CLI,
      upn: studio.record.username,
    });
    await credential.close();
    await cache.close();
    // The credential keeps the refresh token Entra gave its own client; Visual Studio's stays as it was.
    const kept = Object.values(read().RefreshToken);
    expect(kept.find((entity) => entity.client_id === VISUAL_STUDIO)?.secret).toBe(studio.refreshToken);
    expect(kept.find((entity) => entity.client_id === AZURE_CLI)?.secret).toBeTruthy();
  });

  it('never sends the refresh token of a client outside the family', async () => {
    const other = await signedInWith(otherApp);
    const { cache } = cacheWrittenByTools([other]);
    const sent = refreshes();
    const error = await failure(
      new SharedTokenCacheCredential({ authorityHost: emulator.url, tokenCache: cache, env: {} }).getToken(
        VAULT,
      ),
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/no signed-in account in the shared token cache for this client and cloud/);
    expect(sent()).toBe(0);
  });

  it('reports a family refresh token a client outside the family cannot redeem as unavailable, without the token', async () => {
    const cli = await signedInWith(AZURE_CLI);
    const { cache } = cacheWrittenByTools([{ ...cli, familyId: '1' }]);
    const error = await failure(
      new SharedTokenCacheCredential({
        clientId: otherApp,
        authorityHost: emulator.url,
        tokenCache: cache,
        env: {},
      }).getToken(VAULT),
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`the refresh token of ${JSON.stringify(cli.record.username)}`);
    expect(error.message).toContain('Refresh token refused: invalid_grant AADSTS70000.');
    expect(error.message).not.toContain(cli.refreshToken);
  });
});

describe('a sign-in of ours with a family client', () => {
  it("marks its refresh token as the family's (Entra's foci), so the family's other tools take it from the file", async () => {
    const directory = join(temporaryFolder('shared-token-cache-ours'), '.IdentityService');
    const cache = new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
    const username = emulator.registerUser({
      username: `user${++users}@contoso.example`,
      password: testSecret('password'),
    }).username;
    const record = await new DeviceCodeCredential({
      clientId: AZURE_CLI,
      authorityHost: emulator.url,
      tokenCache: cache,
      clock: fastClock,
      userPromptCallback: (info) => emulator.approveDeviceCode(info.userCode, username),
    }).authenticate(GRAPH);
    await cache.close();
    const document = JSON.parse(readFileSync(join(directory, 'msal.cache.nocae'), 'utf8'));
    const [refreshToken, ...others] = Object.values(document.RefreshToken) as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(refreshToken).toMatchObject({ client_id: AZURE_CLI, family_id: '1' });
    // Visual Studio's client, reading the same file, redeems it.
    const sameFile = new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
    const visualStudio = new SharedTokenCacheCredential({
      clientId: VISUAL_STUDIO,
      tenantId: record.tenantId,
      authorityHost: emulator.url,
      tokenCache: sameFile,
    });
    const countRefreshes = refreshes();
    await expect(visualStudio.getToken(VAULT)).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
    expect(countRefreshes()).toBe(1);
    // The credential leaves the cache it was given open; the cache's last write lands before its folder goes.
    await visualStudio.close();
    await sameFile.close();
  });
});

describe('a family refresh token Entra calls dead', () => {
  it("is forgotten, and the family's next one serves the next call", async () => {
    const studio = await signedInWith(VISUAL_STUDIO);
    const powershell = await signedInWith(AZURE_POWERSHELL, { username: studio.record.username });
    const { cache, read } = cacheWrittenByTools(
      [studio, powershell].map((tool) => ({ ...tool, familyId: '1' })),
    );
    const credential = new SharedTokenCacheCredential({
      authorityHost: emulator.url,
      tokenCache: cache,
      env: {},
    });
    emulator.faults.add({
      route: 'token',
      grantType: 'refresh_token',
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant', error_codes: [50173], suberror: 'bad_token' }),
      times: 1,
    });
    const error = await failure(credential.getToken(VAULT));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/was refused or has expired; sign in again/);
    const { token } = await credential.getToken(VAULT);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ upn: studio.record.username });
    await credential.close();
    await cache.close();
    const secrets = Object.values(read().RefreshToken).map((entity) => entity.secret);
    expect(secrets).not.toContain(studio.refreshToken);
    expect(secrets).toContain(powershell.refreshToken);
  });
});

describe('a guest of the tenant asked for', () => {
  it('is chosen for it when no account is of that tenant, and gets a token there', async () => {
    const guest = await signedInWith(AZURE_CLI, { guestOf: GUEST_TENANT });
    const member = await signedInWith(AZURE_CLI);
    const { cache } = cacheWrittenByTools([
      { ...guest, familyId: '1', realms: [guest.record.tenantId, GUEST_TENANT] },
      { ...member, familyId: '1' },
    ]);
    const credential = new SharedTokenCacheCredential({
      tenantId: GUEST_TENANT,
      authorityHost: emulator.url,
      tokenCache: cache,
      env: {},
    });
    const claims = await emulator.verifyAccessToken((await credential.getToken(VAULT)).token);
    expect(claims).toMatchObject({ tid: GUEST_TENANT, upn: guest.record.username });
  });

  it('is not guessed between two guests: the error names both by user name, never a token', async () => {
    const one = await signedInWith(AZURE_CLI, { guestOf: GUEST_TENANT });
    const two = await signedInWith(VISUAL_STUDIO, { guestOf: GUEST_TENANT });
    const { cache } = cacheWrittenByTools(
      [one, two].map((tool) => ({ ...tool, familyId: '1', realms: [tool.record.tenantId, GUEST_TENANT] })),
    );
    const error = await failure(
      new SharedTokenCacheCredential({
        tenantId: GUEST_TENANT,
        authorityHost: emulator.url,
        tokenCache: cache,
        env: {},
      }).getToken(VAULT),
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain(
      `several accounts (${JSON.stringify(one.record.username)}, ${JSON.stringify(two.record.username)}); choose one with the username option`,
    );
    for (const secret of [one.refreshToken, two.refreshToken]) expect(error.message).not.toContain(secret);
  });
});
