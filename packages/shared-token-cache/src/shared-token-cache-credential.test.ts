// SharedTokenCacheCredential against the emulator: users sign in with DeviceCodeCredential into a token cache whose
// account store lists its accounts (as the persistent cache's does), then the credential finds them there and gets
// tokens silently. No persistence plugin is registered in this file (see the -plugin test for the registered one).
import {
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
  TokenCache,
} from '@identity/core';
import { DeviceCodeCredential } from '@identity/device-code';
import { type Emulator, startEmulator } from '@identity/emulator';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListingTokenCache } from '../test/shared-token-cache-listing-cache.js';
import { failure, refreshCounter } from '../test/shared-token-cache-spec-helpers.js';
import { SharedTokenCacheCredential } from './shared-token-cache-credential.js';
import type { SharedTokenCacheCredentialOptions } from './shared-token-cache-credential-options.js';

const GRAPH = 'https://graph.microsoft.com/User.Read';
const VAULT = 'https://vault.azure.net/user_impersonation';
// Polls at once instead of after Entra's 5 seconds.
const fastClock = { now: () => Date.now(), sleep: () => new Promise<void>((r) => setTimeout(r, 1)) };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
afterEach(() => emulator.faults.clear());

// A public client app, and a cache its users sign in to with the device code flow (the test approves each code as
// the user would), as `identity login` does.
function setup() {
  const app = emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
  const cache = new ListingTokenCache();
  const signIn = async (name: string) => {
    const { username } = emulator.registerUser({
      username: `${name}.${app.clientId}@contoso.example`,
      password: testSecret('password'),
    });
    const device = new DeviceCodeCredential({
      clientId: app.clientId,
      authorityHost: emulator.url,
      tokenCache: cache,
      clock: fastClock,
      userPromptCallback: (info) => emulator.approveDeviceCode(info.userCode, username),
    });
    const record = await device.authenticate(GRAPH);
    return { username, record };
  };
  const credential = (options: SharedTokenCacheCredentialOptions = {}) =>
    new SharedTokenCacheCredential({
      clientId: app.clientId,
      authorityHost: emulator.url,
      tokenCache: cache,
      env: {},
      ...options,
    });
  return { app, cache, signIn, credential };
}

const refreshes = () => refreshCounter(emulator);

describe('SharedTokenCacheCredential with one signed-in account', () => {
  it("gets a token silently with the account's refresh token, then serves it from memory", async () => {
    const { signIn, credential } = setup();
    const { username } = await signIn('ada');
    const shared = credential();
    const sent = refreshes();
    const { token } = await shared.getToken(VAULT);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({
      aud: 'https://vault.azure.net',
      upn: username,
    });
    expect(sent()).toBe(1);
    expect((await shared.getToken(VAULT)).token).toBe(token);
    expect(sent()).toBe(1);
  });

  it('never asks the user anything: no device code is requested', async () => {
    const { signIn, credential } = setup();
    await signIn('ada');
    const codes = () => emulator.requests.filter((r) => r.route === 'devicecode').length;
    const before = codes();
    await credential().getToken(VAULT);
    expect(codes()).toBe(before);
  });

  it('reports a refresh token the authority refuses as unavailable (sign in again), without the token, and looks again next time', async () => {
    const { signIn, credential, cache } = setup();
    const { username } = await signIn('ada');
    const shared = credential();
    emulator.faults.add({ route: 'token', grantType: 'refresh_token', error: 'invalid_grant', times: 1 });
    const error = await failure(shared.getToken(VAULT));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      `SharedTokenCacheCredential: the refresh token of ${JSON.stringify(username)} in the shared token cache was refused or has expired; sign in again with \`identity login\`. Refresh token refused: invalid_grant AADSTS70000. Troubleshooting: @identity/core/TROUBLESHOOTING.md#shared-token-cache-credential`,
    );
    // Entra's refusal is kept: the cause is the engine's AuthenticationRequiredError, whose cause it is.
    const refusal = (error.cause as Error).cause;
    expect(AuthenticationError.isInstance(refusal) && refusal.errorResponse).toMatchObject({
      error: 'invalid_grant',
    });
    const [account] = cache.entries.values();
    expect(error.message).not.toContain(account?.refreshToken);
    // The user signed in again meanwhile (here: the authority takes the token again).
    expect((await shared.getToken(VAULT)).token).toBeTruthy();
  });

  it('sends a refresh token Entra calls dead (revoked) once: then it is unavailable at once, asking for a new sign-in', async () => {
    const { signIn, credential } = setup();
    const { username } = await signIn('ada');
    emulator.revokeRefreshTokens(username);
    const shared = credential();
    const sent = refreshes();
    const refused = await failure(shared.getToken(VAULT));
    const next = await failure(shared.getToken(VAULT));
    expect(refused.message).toContain('was refused or has expired; sign in again with `identity login`.');
    expect(refused.message).toContain('Refresh token refused: invalid_grant AADSTS50173.');
    expect(CredentialUnavailableError.isInstance(next)).toBe(true);
    expect(next.message).toMatch(/sign in .*identity login/);
    expect(sent()).toBe(1);
  });

  it('passes any other refusal on as the authority said it (the chain stops there)', async () => {
    const { signIn, credential } = setup();
    await signIn('ada');
    emulator.faults.add({
      route: 'token',
      grantType: 'refresh_token',
      status: 400,
      body: JSON.stringify({ error: 'invalid_scope', error_description: 'AADSTS70011: bad scope' }),
    });
    const error = await failure(credential().getToken(VAULT));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ errorResponse: { error: 'invalid_scope' } });
  });

  it('asks for the tenant the call names when it is allowed, as the other user credentials', async () => {
    const { signIn, credential } = setup();
    const { record } = await signIn('ada');
    const shared = credential({ tenantId: record.tenantId });
    await expect(shared.getToken(VAULT, { tenantId: 'another-tenant' })).rejects.toThrow(
      /additionallyAllowedTenants/,
    );
    const { token } = await shared.getToken(VAULT, { tenantId: record.tenantId });
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ tid: record.tenantId });
  });
});

describe('SharedTokenCacheCredential choosing among accounts', () => {
  async function twoSignedIn() {
    const world = setup();
    const ada = await world.signIn('ada');
    const grace = await world.signIn('grace');
    return { ...world, ada, grace };
  }
  const upnOf = async (credential: SharedTokenCacheCredential) =>
    (await emulator.verifyAccessToken((await credential.getToken(VAULT)).token)).upn;

  it('refuses to guess between several, naming them by user name only', async () => {
    const { ada, grace, credential, cache } = await twoSignedIn();
    const error = await failure(credential().getToken(VAULT));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      `SharedTokenCacheCredential: the shared token cache holds several accounts (${[
        ada.username,
        grace.username,
      ]
        .map((name) => JSON.stringify(name))
        .join(
          ', ',
        )}); choose one with the username option (or AZURE_USERNAME), tenantId or authenticationRecord. Troubleshooting: @identity/core/TROUBLESHOOTING.md#shared-token-cache-credential`,
    );
    for (const account of cache.entries.values()) {
      expect(error.message).not.toContain(account.refreshToken);
      expect(error.message).not.toContain(account.homeAccountId);
    }
  });

  it('takes the one the username option names, in any case', async () => {
    const { grace, credential } = await twoSignedIn();
    expect(await upnOf(credential({ username: grace.username.toUpperCase() }))).toBe(grace.username);
  });

  it('takes AZURE_USERNAME as the default username, as Python does', async () => {
    const { ada, credential } = await twoSignedIn();
    expect(await upnOf(credential({ env: { AZURE_USERNAME: ada.username } }))).toBe(ada.username);
  });

  it('takes the account an authenticationRecord names', async () => {
    const { grace, credential } = await twoSignedIn();
    expect(await upnOf(credential({ authenticationRecord: grace.record }))).toBe(grace.username);
  });

  it('takes the default account (identity login signed in last) when nothing else chooses', async () => {
    const { ada, credential, cache } = await twoSignedIn();
    cache.accounts.defaultRecord = ada.record;
    expect(await upnOf(credential())).toBe(ada.username);
  });

  it('says who is signed in when the username matches nobody', async () => {
    const { credential } = await twoSignedIn();
    const error = await failure(credential({ username: 'alan@contoso.example' }).getToken(VAULT));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /matches the user name "alan@contoso\.example" asked for \(signed in: "ada/,
    );
  });

  it('uses only refresh tokens of its own client', async () => {
    const { credential } = await twoSignedIn();
    const other = emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
    const error = await failure(credential({ clientId: other.clientId }).getToken(VAULT));
    expect(error.message).toMatch(/no signed-in account in the shared token cache for this client and cloud/);
  });
});

describe('SharedTokenCacheCredential without a usable cache', () => {
  it('says which line to add when no tokenCache is given and no persistence plugin is registered', async () => {
    const error = await failure(new SharedTokenCacheCredential({ env: {} }).getToken(VAULT));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'SharedTokenCacheCredential: it reads the shared token cache through the persistence plugin, and none is registered; add `useIdentityPlugin(cachePersistencePlugin)` (from `@identity/cache-persistence`) before making credentials, or pass `tokenCache: persistentTokenCache()`, and sign in with `identity login`. Troubleshooting: @identity/core/TROUBLESHOOTING.md#shared-token-cache-credential',
    );
  });

  it('is unavailable with a cache that cannot list its accounts', async () => {
    for (const tokenCache of [new TokenCache(), new ListingTokenCache({ listing: false })]) {
      const error = await failure(new SharedTokenCacheCredential({ tokenCache, env: {} }).getToken(VAULT));
      expect(CredentialUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/its token cache cannot list the accounts it holds/);
    }
  });

  it('is unavailable, saying to sign in with identity login, when nobody is signed in; and finds a user who signs in later', async () => {
    const { credential, signIn } = setup();
    const shared = credential();
    const error = await failure(shared.getToken(VAULT));
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /no signed-in account in the shared token cache.*sign in with `identity login`/,
    );
    const { username } = await signIn('ada');
    const { token } = await shared.getToken(VAULT);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ upn: username });
  });
});

describe('SharedTokenCacheCredential options', () => {
  it.each<[string, SharedTokenCacheCredentialOptions, RegExp]>([
    ['a malformed client id', { clientId: 'not a client/id' }, /clientId/],
    ['a malformed tenant', { tenantId: 'no/slashes' }, /tenant/i],
    ['a non-https authority', { authorityHost: 'http://login.example.com' }, /https/],
    [
      'an authenticationRecord that is not one',
      { authenticationRecord: { username: 'x' } as never },
      /authenticationRecord/,
    ],
  ])('refuses %s when it is created', (_label, options, why) => {
    const make = () => new SharedTokenCacheCredential({ env: {}, ...options });
    expect(make).toThrow(InvalidArgumentError);
    expect(make).toThrow(why);
  });

  it("takes the authenticationRecord's client when no clientId is given", async () => {
    const { signIn, cache } = setup();
    const { record, username } = await signIn('ada');
    const shared = new SharedTokenCacheCredential({
      authenticationRecord: record,
      authorityHost: emulator.url,
      tokenCache: cache,
      env: {},
    });
    const { token } = await shared.getToken(VAULT);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ upn: username });
  });
});

describe('closing', () => {
  it("close() and Symbol.asyncDispose end the credential: later calls say it is closed; an app's cache stays open", async () => {
    const { signIn, credential, cache } = setup();
    await signIn('ada');
    let kept: SharedTokenCacheCredential | undefined;
    {
      await using shared = credential();
      kept = shared;
      await shared.getToken(VAULT);
    }
    const error = await kept.getToken(GRAPH).catch((e: unknown) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/closed/);
    await expect(kept.close()).resolves.toBeUndefined();
    expect(cache.closed).toBe(0);
  });

  it('closes quietly before a cache is in use, or with a cache that has no close()', async () => {
    await expect(new SharedTokenCacheCredential({ env: {} }).close()).resolves.toBeUndefined();
    const plain = new SharedTokenCacheCredential({ tokenCache: new TokenCache(), env: {} });
    await plain.getToken(VAULT).catch(() => undefined);
    await expect(plain.close()).resolves.toBeUndefined();
  });
});
