// SharedTokenCacheCredential in the default chain, on a machine where nothing else is set up (no AZURE_* variables,
// no developer tool on PATH, managed identity on a closed loopback port): a developer signed in earlier with the
// development application's client (as `identity login` does; here DeviceCodeCredential against the emulator, which
// approves the code), and the chain finds the account in the shared cache the app's persistence plugin gives. The
// plugin registry is the process's: the tests without one run first.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { persistentTokenCache } from '@identity/cache-persistence';
import type { TokenCachePersistenceOptions } from '@identity/core';
import { AggregateAuthenticationError, useIdentityPlugin } from '@identity/core';
import { DeviceCodeCredential } from '@identity/device-code';
import { type Emulator, startEmulator } from '@identity/emulator';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListingTokenCache } from '../test/default-listing-token-cache.js';
import { DefaultAzureCredential } from './default-azure-credential.js';

// The client `identity login` signs in to, and SharedTokenCacheCredential's default.
const DEVELOPER_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const SCOPE = 'https://vault.azure.net/.default';
// Polls at once instead of after Entra's 5 seconds.
const fastClock = { now: () => Date.now(), sleep: () => new Promise<void>((r) => setTimeout(r, 1)) };

let emulator: Emulator;
let folder: string;
beforeAll(async () => {
  emulator = await startEmulator();
  emulator.registerApp({
    clientId: DEVELOPER_CLIENT_ID,
    publicClient: true,
    multiTenant: true,
    adminConsent: true,
  });
  folder = temporaryFolder('default-shared-cache');
});
afterAll(async () => {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

// Nothing but the shared token cache can work here.
const bareEnv = () => ({
  PATH: join(folder, 'no-tools'),
  HOME: join(folder, 'no-home'),
  AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:9',
});
const chain = () =>
  new DefaultAzureCredential({
    env: bareEnv(),
    authorityHost: emulator.url,
    retryOptions: { maxRetries: 0 },
  });

// A developer signs in to the development application with the persistent cache the plugin gives, as `identity
// login` does.
async function signIn(name: string): Promise<string> {
  const { username } = emulator.registerUser({
    username: `${name}.${Math.random().toString(36).slice(2, 8)}@contoso.example`,
    password: testSecret('password'),
  });
  await new DeviceCodeCredential({
    authorityHost: emulator.url,
    tokenCachePersistenceOptions: { enabled: true },
    clock: fastClock,
    userPromptCallback: (info) => emulator.approveDeviceCode(info.userCode, username),
  }).authenticate('https://graph.microsoft.com/User.Read');
  return username;
}

describe('without a persistence plugin', () => {
  it("lists SharedTokenCacheCredential's reason, saying which line to add, among the chain's", async () => {
    const error = await chain()
      .getToken(SCOPE)
      .catch((e: unknown) => e);
    expect(AggregateAuthenticationError.isInstance(error)).toBe(true);
    const lines = (error as Error).message.split('\n');
    expect(lines).toContain(
      '  - SharedTokenCacheCredential: it reads the shared token cache through the persistence plugin, and none is registered; add `useIdentityPlugin(cachePersistencePlugin)` (from `@identity/cache-persistence`) before making credentials, or pass `tokenCache: persistentTokenCache()`, and sign in with `identity login`. Troubleshooting: @identity/core/TROUBLESHOOTING.md#shared-token-cache-credential',
    );
  });
});

describe('with the app’s persistence plugin', () => {
  it("gets the signed-in developer's token from the shared cache, with no other member available", async () => {
    const asked: TokenCachePersistenceOptions[] = [];
    const shared = new ListingTokenCache();
    useIdentityPlugin(({ cachePluginControl }) =>
      cachePluginControl.setPersistence((options) => {
        asked.push(options);
        return shared;
      }),
    );
    const username = await signIn('ada');
    const credential = chain();
    const { token } = await credential.getToken(SCOPE);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({
      aud: 'https://vault.azure.net',
      upn: username,
    });
    expect(credential.selectedCredentialName).toBe('SharedTokenCacheCredential');
    // The device code sign-in's options, then the shared cache's (MSAL's name).
    expect(asked.at(-1)).toEqual({
      enabled: true,
      name: 'msal.cache',
      unsafeAllowUnencryptedStorage: undefined,
    });
  });

  it('is left out by excludeSharedTokenCacheCredential, and by AZURE_TOKEN_CREDENTIALS=prod', async () => {
    for (const credential of [
      new DefaultAzureCredential({ env: bareEnv(), excludeSharedTokenCacheCredential: true }),
      new DefaultAzureCredential({ env: { ...bareEnv(), AZURE_TOKEN_CREDENTIALS: 'prod' } }),
    ]) {
      expect(credential.members.map((member) => member.name)).not.toContain('SharedTokenCacheCredential');
    }
    expect(
      new DefaultAzureCredential({ env: { ...bareEnv(), AZURE_TOKEN_CREDENTIALS: 'dev' } }).members.map(
        (member) => member.name,
      ),
    ).toContain('SharedTokenCacheCredential');
  });
});

// The persistent cache of @identity/cache-persistence, written unencrypted in a folder of the test's, as the
// plugin's: its account store lists the accounts SharedTokenCacheCredential chooses among.
const directory = temporaryFolder('default-shared-cache-files');
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const persistent = () =>
  persistentTokenCache({ name: 'msal.cache', directory, unsafeAllowUnencryptedStorage: true });
describe("with @identity/cache-persistence's cache as the plugin's", () => {
  it("gets the developer's token from the cache files, with no other member available", async () => {
    useIdentityPlugin(({ cachePluginControl }) => cachePluginControl.setPersistence(() => persistent()));
    const username = await signIn('grace');
    const credential = chain();
    const { token } = await credential.getToken(SCOPE);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ upn: username });
    expect(credential.selectedCredentialName).toBe('SharedTokenCacheCredential');
    await persistent().close();
  });
});
