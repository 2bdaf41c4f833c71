// A refresh token Entra calls dead (`suberror: bad_token`: revoked, expired) is forgotten where it came from, so no
// later call sends it again; a refusal that may be about the request keeps it.
import { DEVICE_CODE_GRANT_TYPE, type Emulator, startEmulator } from '@identity/emulator';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractiveCredentialOptions } from './credential-options.js';
import { AuthenticationRequiredError } from './errors.js';
import { proxyAwareFetch } from './proxy-fetch.js';
import { PublicClient, type SignIn } from './public-client.js';
import type { UserAccount, UserAccountStore } from './public-client-accounts.js';
import { TokenCache } from './token-cache.js';

const GRAPH = 'https://graph.microsoft.com/User.Read';
const VAULT = 'https://vault.azure.net/user_impersonation';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

const app = () => emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
const user = (name: string) =>
  emulator.registerUser({ username: `${name}@contoso.example`, password: testSecret('password') });

// The test is the user: a device-code sign-in it approves itself.
const signInAs =
  (username: string): SignIn =>
  async (context) => {
    const response = await fetch(context.tokenUrl.replace(/token$/, 'devicecode'), {
      method: 'POST',
      body: new URLSearchParams({ client_id: context.clientId, scope: context.scopes.join(' ') }),
    });
    const { user_code, device_code } = (await response.json()) as Record<string, string>;
    emulator.approveDeviceCode(user_code as string, username);
    return context.requestTokens({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: device_code as string });
  };

// A client whose accounts live in `accounts` (as a persistent cache keeps them), for the account `record` names.
const clientWith = (
  clientId: string,
  accounts: UserAccountStore,
  options: InteractiveCredentialOptions = {},
) =>
  new PublicClient({
    credentialName: 'TestUserCredential',
    tenantId: 'organizations',
    clientId,
    options: {
      authorityHost: emulator.url,
      tokenCache: Object.assign(new TokenCache(), { accounts }),
      retryOptions: { maxRetries: 0 },
      ...options,
    },
    proxyAwareFetch,
  });

const refreshGrants = () => emulator.requests.filter((r) => r.grantType === 'refresh_token').length;
const accountOf = (accounts: Map<string, UserAccount>, username: string) =>
  [...accounts.values()].find((account) => account.username === username);

describe('a refresh token Entra calls dead (suberror bad_token)', () => {
  it('is sent once: forgotten from the account store, the account and the other accounts kept', async () => {
    const { clientId } = app();
    const [ada, grace] = [user('ada.dead'), user('grace.dead')];
    const accounts = new Map<string, UserAccount>();
    const authenticationRecord = await clientWith(clientId, accounts).authenticate(
      GRAPH,
      {},
      signInAs(ada.username),
    );
    await clientWith(clientId, accounts).authenticate(GRAPH, {}, signInAs(grace.username));
    const graceToken = accountOf(accounts, grace.username)?.refreshToken;
    emulator.revokeRefreshTokens(ada.username);

    const silent = clientWith(clientId, accounts, {
      authenticationRecord,
      disableAutomaticAuthentication: true,
    });
    const before = refreshGrants();
    const refused = await silent.getToken(VAULT, {}, signInAs(ada.username)).catch((e) => e);
    const next = await silent.getToken(VAULT, {}, signInAs(ada.username)).catch((e) => e);

    expect(AuthenticationRequiredError.isInstance(refused)).toBe(true);
    expect(refused.message).toContain('Refresh token refused: invalid_grant AADSTS50173.');
    // The next call is as without a refresh token: it asks nothing of Entra and names no refusal.
    expect(AuthenticationRequiredError.isInstance(next)).toBe(true);
    expect(next.message).not.toContain('refused');
    expect(refreshGrants() - before).toBe(1);
    const adaNow = accountOf(accounts, ada.username);
    expect(adaNow?.homeAccountId).toBe(authenticationRecord.homeAccountId);
    expect(adaNow?.refreshToken).toBeUndefined();
    expect(adaNow?.idToken).toBeTruthy();
    expect(accountOf(accounts, grace.username)?.refreshToken).toBe(graceToken);
  });

  it("is forgotten through the store's forgetRefreshToken when it has one, naming the token refused", async () => {
    const { clientId } = app();
    const ada = user('ada.forget');
    const accounts = new Map<string, UserAccount>();
    const forgotten: [string, string][] = [];
    const store: UserAccountStore = {
      get: (key) => accounts.get(key),
      set: (key, account) => accounts.set(key, account),
      forgetRefreshToken: (key, refreshToken) => forgotten.push([key, refreshToken]),
    };
    const authenticationRecord = await clientWith(clientId, store).authenticate(
      GRAPH,
      {},
      signInAs(ada.username),
    );
    const [key, held] = [...accounts].map(([k, account]) => [k, account.refreshToken])[0] ?? [];
    emulator.revokeRefreshTokens(ada.username);
    const silent = clientWith(clientId, store, {
      authenticationRecord,
      disableAutomaticAuthentication: true,
    });
    await silent.getToken(VAULT, {}, signInAs(ada.username)).catch(() => undefined);
    expect(forgotten).toEqual([[key, held]]);
  });

  it('still reports the refusal with a store of frozen accounts and no forgetRefreshToken (it cannot be forgotten there)', async () => {
    const { clientId } = app();
    const ada = user('ada.frozen');
    const accounts = new Map<string, UserAccount>();
    const store: UserAccountStore = {
      get: (key) => {
        const account = accounts.get(key);
        return account && Object.freeze({ ...account });
      },
      set: (key, account) => accounts.set(key, account),
    };
    const authenticationRecord = await clientWith(clientId, store).authenticate(
      GRAPH,
      {},
      signInAs(ada.username),
    );
    emulator.revokeRefreshTokens(ada.username);
    const silent = clientWith(clientId, store, {
      authenticationRecord,
      disableAutomaticAuthentication: true,
    });
    const refused = await silent.getToken(VAULT, {}, signInAs(ada.username)).catch((e) => e);
    expect(refused.message).toContain('Refresh token refused: invalid_grant AADSTS50173.');
    expect(AuthenticationRequiredError.isInstance(refused)).toBe(true);
  });

  it('leads an interactive credential to sign the user in at once, and then silently again', async () => {
    const { clientId } = app();
    const ada = user('ada.again');
    const accounts = new Map<string, UserAccount>();
    const client = clientWith(clientId, accounts);
    await client.authenticate(GRAPH, {}, signInAs(ada.username));
    emulator.revokeRefreshTokens(ada.username);
    const before = refreshGrants();
    await client.getToken(VAULT, {}, signInAs(ada.username));
    // The sign-in's new refresh token serves the next scope.
    await client.getToken('https://storage.azure.com/user_impersonation', {}, signInAs(ada.username));
    expect(refreshGrants() - before).toBe(2);
    expect(accountOf(accounts, ada.username)?.refreshToken).toBeTruthy();
  });
});

describe('a refresh token refused for what may be the request (no bad_token)', () => {
  it('is kept, and sent again on the next call', async () => {
    const { clientId } = app();
    const ada = user('ada.kept');
    const accounts = new Map<string, UserAccount>();
    const authenticationRecord = await clientWith(clientId, accounts).authenticate(
      GRAPH,
      {},
      signInAs(ada.username),
    );
    const held = accountOf(accounts, ada.username)?.refreshToken;
    emulator.faults.add({ route: 'token', grantType: 'refresh_token', error: 'invalid_grant', times: 2 });
    const silent = clientWith(clientId, accounts, {
      authenticationRecord,
      disableAutomaticAuthentication: true,
    });
    // A faulted answer is recorded without its grant type: every token request here is a refresh.
    const before = emulator.requestCount('token');
    for (const _ of [1, 2]) {
      const error = await silent.getToken(VAULT, {}, signInAs(ada.username)).catch((e) => e);
      expect(error.message).toContain('Refresh token refused: invalid_grant');
    }
    expect(emulator.requestCount('token') - before).toBe(2);
    expect(accountOf(accounts, ada.username)?.refreshToken).toBe(held);
  });
});
