import { inspect } from 'node:util';
import { DEVICE_CODE_GRANT_TYPE, type Emulator, startEmulator } from '@identity/emulator';
import { jsonResponse, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deserializeAuthenticationRecord, serializeAuthenticationRecord } from './authentication-record.js';
import type { InteractiveCredentialOptions } from './credential-options.js';
import {
  AbortError,
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
} from './errors.js';
import { proxyAwareFetch } from './proxy-fetch.js';
import { DEVELOPER_SIGN_ON_CLIENT_ID, PublicClient, type SignIn, userFlowIds } from './public-client.js';
import {
  accountEnvironment,
  accountKey,
  type UserAccount,
  type UserAccountStore,
} from './public-client-accounts.js';
import { TokenCache } from './token-cache.js';

const GRAPH = 'https://graph.microsoft.com/User.Read';
const VAULT = 'https://vault.azure.net/user_impersonation';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

// A public client app any user may sign in to, with consent for every delegated scope, and one of its users.
function setup() {
  const app = emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
  const user = emulator.registerUser({
    username: `ada.${app.clientId}@contoso.example`,
    password: testSecret('password'),
  });
  return { app, user };
}

// The test's sign-in: a device-code sign-in with the test as the user (the emulator's approveDeviceCode), redeemed
// through the machinery's requestTokens. It counts its calls and records what it was given.
function userSignIn(clientId: string, username: string) {
  const calls: Parameters<SignIn>[0][] = [];
  const signIn: SignIn = async (context) => {
    calls.push(context);
    const response = await fetch(context.tokenUrl.replace(/token$/, 'devicecode'), {
      method: 'POST',
      body: new URLSearchParams({ client_id: clientId, scope: context.scopes.join(' ') }),
    });
    const { user_code, device_code } = (await response.json()) as Record<string, string>;
    emulator.approveDeviceCode(user_code as string, username);
    return context.requestTokens({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: device_code as string });
  };
  return { signIn, calls };
}

const credentialName = 'TestUserCredential';

// A token cache whose accounts live in a map the test reads, as a persistent cache keeps them in its file.
function cacheWithAccounts(accounts: Map<string, UserAccount>): TokenCache {
  const store: UserAccountStore = accounts;
  return Object.assign(new TokenCache(), { accounts: store });
}

function clientFor(
  clientId: string,
  options: InteractiveCredentialOptions = {},
  accounts?: Map<string, UserAccount>,
) {
  return new PublicClient({
    credentialName,
    tenantId: 'organizations',
    clientId,
    options: {
      authorityHost: emulator.url,
      ...(accounts && { tokenCache: cacheWithAccounts(accounts) }),
      ...options,
    },
    proxyAwareFetch,
  });
}

const grants = (type: string) => emulator.requests.filter((r) => r.grantType === type).length;

describe('userFlowIds', () => {
  it('defaults as @azure/identity: the development app at organizations, another app at common', () => {
    expect(userFlowIds({})).toEqual({ clientId: DEVELOPER_SIGN_ON_CLIENT_ID, tenantId: 'organizations' });
    expect(userFlowIds({ clientId: 'my-app' })).toEqual({ clientId: 'my-app', tenantId: 'common' });
    expect(userFlowIds({ clientId: 'my-app', tenantId: 'contoso.com' }).tenantId).toBe('contoso.com');
  });
});

describe('accountEnvironment', () => {
  it("names a cloud by MSAL's cache host, and any other authority by its host and port", () => {
    expect(accountEnvironment('https://login.microsoftonline.com')).toBe('login.windows.net');
    expect(accountEnvironment('https://login.chinacloudapi.cn')).toBe('login.partner.microsoftonline.cn');
    expect(accountEnvironment('https://login.microsoftonline.us')).toBe('login.microsoftonline.us');
    expect(accountEnvironment('http://127.0.0.1:8400')).toBe('127.0.0.1:8400');
  });
});

describe('PublicClient against the emulator', () => {
  it('signs in once, then serves the same scopes from the cache and another scope with one refresh request', async () => {
    const { app, user } = setup();
    const client = clientFor(app.clientId);
    const { signIn, calls } = userSignIn(app.clientId, user.username);

    const first = await client.getToken(GRAPH, {}, signIn);
    expect(await emulator.verifyAccessToken(first.token)).toMatchObject({
      aud: 'https://graph.microsoft.com',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.scopes).toEqual([GRAPH, 'openid', 'profile', 'offline_access']);

    const refreshes = grants('refresh_token');
    const tokenRequests = emulator.requestCount('token');
    expect((await client.getToken(GRAPH, {}, signIn)).token).toBe(first.token);
    expect(emulator.requestCount('token')).toBe(tokenRequests);

    const vault = await client.getToken(VAULT, {}, signIn);
    expect(await emulator.verifyAccessToken(vault.token)).toMatchObject({ aud: 'https://vault.azure.net' });
    expect(grants('refresh_token') - refreshes).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it("knows the account as @azure/identity records it: uid.utid from client_info, the emulator's host", async () => {
    const { app, user } = setup();
    const client = clientFor(app.clientId);
    await client.getToken(GRAPH, {}, userSignIn(app.clientId, user.username).signIn);
    expect(client.record).toEqual({
      authority: new URL(emulator.url).host,
      homeAccountId: `${user.objectId}.${user.tenantId}`,
      clientId: app.clientId,
      tenantId: user.tenantId,
      username: user.username,
    });
  });

  it('keeps the newest refresh token: Entra rotates them on every refresh', async () => {
    const { app, user } = setup();
    const accounts = new Map<string, UserAccount>();
    const client = clientFor(app.clientId, {}, accounts);
    await client.getToken(GRAPH, {}, userSignIn(app.clientId, user.username).signIn);
    const key = accountKey(client.record?.homeAccountId ?? '', app.clientId, new URL(emulator.url).host);
    const stored = () => accounts.get(key);
    const first = stored()?.refreshToken;
    expect(first).toMatch(/^0\./);
    await client.getToken(VAULT, {}, userSignIn(app.clientId, user.username).signIn);
    expect(stored()?.refreshToken).toMatch(/^0\./);
    expect(stored()?.refreshToken).not.toBe(first);
    expect(stored()).toMatchObject({ username: user.username, idTokenClaims: { tid: user.tenantId } });
  });

  it('shares one sign-in between concurrent calls: the others wait for it, then go silently', async () => {
    const { app, user } = setup();
    const client = clientFor(app.clientId);
    const { signIn, calls } = userSignIn(app.clientId, user.username);
    const tokens = await Promise.all([
      client.getToken(GRAPH, {}, signIn),
      client.getToken(GRAPH, {}, signIn),
      client.getToken(VAULT, {}, signIn),
    ]);
    expect(calls).toHaveLength(1);
    expect(tokens[0]?.token).toBe(tokens[1]?.token);
    expect(await emulator.verifyAccessToken(tokens[2]?.token ?? '')).toMatchObject({
      aud: 'https://vault.azure.net',
    });
  });

  it('signs in again when the refresh token is refused (revoked), and not for another failure', async () => {
    const { app, user } = setup();
    const client = clientFor(app.clientId, { retryOptions: { maxRetries: 0 } });
    const { signIn, calls } = userSignIn(app.clientId, user.username);
    await client.getToken(GRAPH, {}, signIn);
    emulator.revokeRefreshTokens(user.username);
    await client.getToken(VAULT, {}, signIn);
    expect(calls).toHaveLength(2);

    // A 500 is not the user's to fix: it is thrown, and nobody is asked to sign in.
    emulator.faults.add({ route: 'token', status: 500 });
    const failed = await client
      .getToken('https://storage.azure.com/user_impersonation', {}, signIn)
      .catch((e) => e);
    expect(AuthenticationError.isInstance(failed) && failed.statusCode).toBe(500);
    expect(calls).toHaveLength(2);
  });

  it('with disableAutomaticAuthentication, throws AuthenticationRequiredError instead of signing in', async () => {
    const { app, user } = setup();
    const client = clientFor(app.clientId, { disableAutomaticAuthentication: true });
    const { signIn, calls } = userSignIn(app.clientId, user.username);
    const before = emulator.requestCount('token');
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}';
    const error = await client.getToken(GRAPH, { claims }, signIn).catch((e) => e);
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'AUTHENTICATION_REQUIRED',
      scopes: [GRAPH],
      getTokenOptions: { claims },
      claims,
    });
    expect(error.message).toMatch(
      /^Interactive sign-in is required for https:\/\/graph.microsoft.com\/User.Read\. Call authenticate\(\) first\..*#authentication-required$/,
    );
    expect(calls).toHaveLength(0);
    expect(emulator.requestCount('token')).toBe(before);

    // authenticate() is the app saying "ask now": it signs in, and getToken is silent from then on.
    const record = await client.authenticate(GRAPH, {}, signIn);
    expect(record.username).toBe(user.username);
    await client.getToken(VAULT, {}, signIn);
    expect(calls).toHaveLength(1);
  });

  it("with disableAutomaticAuthentication, names Entra's refusal of the refresh token (revoked: AADSTS50173) and keeps it as the cause", async () => {
    const { app, user } = setup();
    // The transport as the app's: it sees every refresh token Entra hands out, so the test can look for them.
    const refreshTokens: string[] = [];
    const fetchSpy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const body = await response.clone().text();
      const issued = /"refresh_token":"([^"]+)"/.exec(body)?.[1];
      if (issued) refreshTokens.push(issued);
      return response;
    };
    const client = clientFor(app.clientId, { disableAutomaticAuthentication: true, fetch: fetchSpy });
    const { signIn, calls } = userSignIn(app.clientId, user.username);
    await client.authenticate(GRAPH, {}, signIn);
    emulator.revokeRefreshTokens(user.username);

    const error = await client.getToken(VAULT, {}, signIn).catch((e) => e);
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /^Interactive sign-in is required for \S+\. Refresh token refused: invalid_grant AADSTS50173\. Call authenticate\(\) first\. .*#authentication-required$/,
    );
    expect(AuthenticationError.isInstance(error.cause)).toBe(true);
    expect(error.cause.errorResponse).toMatchObject({ error: 'invalid_grant', errorCodes: [50173] });
    expect(calls).toHaveLength(1);
    // Everything the error holds, hidden properties and the cause included, and never a refresh token.
    expect(refreshTokens.length).toBeGreaterThan(0);
    const shown = inspect(error, { showHidden: true, depth: 5 });
    expect(shown).toContain('AADSTS50173');
    for (const refreshToken of refreshTokens) expect(shown).not.toContain(refreshToken);
  });

  it('with disableAutomaticAuthentication and no refresh token to try, names no refusal', async () => {
    const { app, user } = setup();
    const record = await clientFor(app.clientId).authenticate(
      GRAPH,
      {},
      userSignIn(app.clientId, user.username).signIn,
    );
    const client = clientFor(app.clientId, {
      authenticationRecord: record,
      disableAutomaticAuthentication: true,
    });
    const error = await client
      .getToken(GRAPH, {}, userSignIn(app.clientId, user.username).signIn)
      .catch((e) => e);
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect(error.message).not.toContain('refused');
  });

  it('tells a sign-in why the account could not be served silently: the refused refresh token', async () => {
    const { app, user } = setup();
    const client = clientFor(app.clientId, { retryOptions: { maxRetries: 0 } });
    const { signIn, calls } = userSignIn(app.clientId, user.username);
    await client.getToken(GRAPH, {}, signIn);
    expect(calls[0]?.cause).toBeUndefined();
    emulator.revokeRefreshTokens(user.username);
    await client.getToken(VAULT, {}, signIn);
    expect(calls[1]?.cause).toMatchObject({ errorResponse: { error: 'invalid_grant', errorCodes: [50173] } });
  });

  it('takes a record from another credential: with the account store that holds its refresh token, silently', async () => {
    const { app, user } = setup();
    // The store stands in for the persistent cache a later process would read.
    const accounts = new Map<string, UserAccount>();
    const first = clientFor(app.clientId, {}, accounts);
    const saved = serializeAuthenticationRecord(
      await first.authenticate(GRAPH, {}, userSignIn(app.clientId, user.username).signIn),
    );

    const { signIn, calls } = userSignIn(app.clientId, user.username);
    const options = {
      authenticationRecord: deserializeAuthenticationRecord(saved),
      disableAutomaticAuthentication: true,
    };
    const second = clientFor(app.clientId, options, accounts);
    const refreshes = grants('refresh_token');
    const token = await second.getToken(GRAPH, {}, signIn);
    expect(await emulator.verifyAccessToken(token.token)).toMatchObject({ upn: user.username });
    expect(grants('refresh_token') - refreshes).toBe(1);
    expect(calls).toHaveLength(0);
  });

  it('with a record alone (no refresh token here) and disableAutomaticAuthentication, asks nothing and sends nothing', async () => {
    const { app, user } = setup();
    const first = clientFor(app.clientId);
    const record = await first.authenticate(GRAPH, {}, userSignIn(app.clientId, user.username).signIn);
    const { signIn, calls } = userSignIn(app.clientId, user.username);
    const second = clientFor(app.clientId, {
      authenticationRecord: record,
      disableAutomaticAuthentication: true,
    });
    const before = emulator.requests.length;
    const error = await second.getToken(GRAPH, {}, signIn).catch((e) => e);
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect(calls).toHaveLength(0);
    expect(emulator.requests.length).toBe(before);
    // Without the flag, the record's account is the sign-in's hint.
    const asking = clientFor(app.clientId, { authenticationRecord: record });
    await asking.getToken(GRAPH, {}, signIn);
    expect(calls[0]?.account).toEqual(record);
  });

  it('gets tokens for another tenant where the user is a guest, when the tenant is allowed', async () => {
    const { app } = setup();
    const other = emulator.registerTenant();
    const user = emulator.registerUser({
      username: `grace.${app.clientId}@contoso.example`,
      password: testSecret('password'),
      guestTenants: [other],
    });
    const { signIn } = userSignIn(app.clientId, user.username);
    const client = clientFor(app.clientId, { additionallyAllowedTenants: [other] });
    await client.getToken(GRAPH, {}, signIn);
    const guest = await client.getToken(GRAPH, { tenantId: other }, signIn);
    expect(await emulator.verifyAccessToken(guest.token)).toMatchObject({ tid: other });
    // The account stays the user's own.
    expect(client.record?.tenantId).toBe(user.tenantId);
    await expect(
      client.getToken(GRAPH, { tenantId: emulator.registerTenant() }, signIn),
    ).rejects.toBeInstanceOf(CredentialUnavailableError);
  });

  it('passes the caller abort signal to the sign-in, and an aborted waiter leaves without waiting', async () => {
    const { app } = setup();
    const client = clientFor(app.clientId);
    let release: () => void = () => {};
    const signIn: SignIn = (context) =>
      new Promise((_, reject) => {
        release = () => reject(new AbortError());
        context.abortSignal?.addEventListener('abort', () => reject(new AbortError()));
      });
    const owner = new AbortController();
    const first = client.getToken(GRAPH, { abortSignal: owner.signal }, signIn);
    const waiter = new AbortController();
    const second = client.getToken(GRAPH, { abortSignal: waiter.signal }, signIn);
    waiter.abort();
    await expect(second).rejects.toBeInstanceOf(AbortError);
    owner.abort();
    await expect(first).rejects.toBeInstanceOf(AbortError);
    release();
  });
});

describe('PublicClient sign-ins that end early', () => {
  it('lets a waiting call sign in itself when the sign-in it waited for was aborted', async () => {
    const { app, user } = setup();
    const client = clientFor(app.clientId);
    const owner = new AbortController();
    const hanging: SignIn = (context) =>
      new Promise((_, reject) =>
        context.abortSignal?.addEventListener('abort', () => reject(new AbortError())),
      );
    const first = client.getToken(GRAPH, { abortSignal: owner.signal }, hanging);
    const { signIn, calls } = userSignIn(app.clientId, user.username);
    const second = client.getToken(GRAPH, {}, signIn);
    owner.abort();
    await expect(first).rejects.toBeInstanceOf(AbortError);
    expect(await emulator.verifyAccessToken((await second).token)).toMatchObject({ upn: user.username });
    expect(calls).toHaveLength(1);
  });

  it("stops a sign-in when its caller's requestOptions.timeout passes; a waiting call then signs in itself", async () => {
    const { app, user } = setup();
    const client = clientFor(app.clientId);
    let stopped = false;
    const hanging: SignIn = (context) =>
      new Promise((_, reject) =>
        context.abortSignal?.addEventListener('abort', () => {
          stopped = true;
          reject(new AbortError());
        }),
      );
    const first = client.getToken(GRAPH, { requestOptions: { timeout: 20 } }, hanging);
    const { signIn, calls } = userSignIn(app.clientId, user.username);
    const second = client.getToken(GRAPH, {}, signIn);
    await expect(first).rejects.toMatchObject({ name: 'NetworkError', code: 'REQUEST_TIMEOUT' });
    expect(stopped).toBe(true);
    expect(await emulator.verifyAccessToken((await second).token)).toMatchObject({ upn: user.username });
    expect(calls).toHaveLength(1);
  });
});

describe('PublicClient requests', () => {
  const clientId = '11111111-2222-3333-4444-555555555555';
  const clientInfo = Buffer.from(JSON.stringify({ uid: 'uid-1', utid: 'utid-1' })).toString('base64url');
  const answer = (extra: Record<string, unknown> = {}) =>
    jsonResponse({ access_token: 'at', expires_in: 3600, client_info: clientInfo, ...extra });

  function scripted(
    fetch: ReturnType<typeof scriptedFetch>['fetch'],
    clientSecret?: string,
    extra: InteractiveCredentialOptions = {},
  ) {
    const options = { fetch, authorityHost: 'https://login.example.test', ...extra };
    return new PublicClient({
      credentialName,
      tenantId: 'organizations',
      clientId,
      options,
      proxyAwareFetch,
      clientSecret,
    });
  }

  it('sends the grant with client_id, the scopes plus openid profile offline_access, client_info=1, claims and a secret', async () => {
    const { fetch, requests } = scriptedFetch(() => answer({ refresh_token: 'rt-1' }));
    const secret = testSecret('client-secret');
    const client = scripted(fetch, secret);
    await client.getToken(GRAPH, { enableCae: true }, (c) =>
      c.requestTokens({ grant_type: 'authorization_code', code: 'c' }),
    );
    const form = Object.fromEntries(new URLSearchParams(requests[0]?.body));
    expect(requests[0]?.url).toBe('https://login.example.test/organizations/oauth2/v2.0/token');
    expect(form).toEqual({
      client_id: clientId,
      scope: `${GRAPH} openid profile offline_access`,
      client_info: '1',
      grant_type: 'authorization_code',
      code: 'c',
      claims: '{"access_token":{"xms_cc":{"values":["cp1"]}}}',
      client_secret: secret,
    });
  });

  it("names the app in the User-Agent with userAgentOptions.userAgentPrefix, and leaves the runtime's without it", async () => {
    const { fetch, requests } = scriptedFetch(() => answer());
    const signIn = (c: Parameters<SignIn>[0]) =>
      c.requestTokens({ grant_type: 'authorization_code', code: 'c' });
    const userAgentOptions = { userAgentPrefix: 'contoso-desk/4' };
    await scripted(fetch, undefined, { userAgentOptions }).getToken(GRAPH, undefined, signIn);
    await scripted(fetch).getToken(GRAPH, undefined, signIn);
    expect(requests.map((request) => request.headers['user-agent'])).toEqual([
      expect.stringMatching(/^contoso-desk\/4 identity\.js\/\S+$/),
      undefined,
    ]);
  });

  it('never shows a refresh token, code, verifier or device code, even when the answer echoes them', async () => {
    const values = {
      refresh_token: testSecret('refresh-token'),
      code: testSecret('code'),
      code_verifier: testSecret('verifier'),
      device_code: testSecret('device-code'),
    };
    const echo = `AADSTS9002313: bad request: ${Object.values(values).join(' ')}`;
    // The first sign-in leaves no refresh token, so the second call signs in again, with every secret in its form.
    const { fetch, requests } = scriptedFetch(
      () => answer(),
      () => jsonResponse({ error: 'invalid_request', error_description: echo }, 400),
    );
    const client = scripted(fetch);
    await client.getToken(GRAPH, {}, (c) => c.requestTokens({ grant_type: 'x' }));
    const error = await client
      .getToken(VAULT, {}, (c) => c.requestTokens({ grant_type: 'y', ...values }))
      .catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    const shown = [error.message, error.rawBody, JSON.stringify(error.errorResponse), error.stack].join('\n');
    expect(requests).toHaveLength(2);
    expect(shown).toContain('AADSTS9002313');
    for (const value of Object.values(values)) expect(shown).not.toContain(value);
  });

  it('refuses an answer that names no account (no client_info, no ID token)', async () => {
    const { fetch } = scriptedFetch(() => jsonResponse({ access_token: 'at', expires_in: 3600 }));
    const error = await scripted(fetch)
      .getToken(GRAPH, {}, (c) => c.requestTokens({ grant_type: 'x' }))
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(error.message).toContain('names no account');
  });

  it('refuses an authenticationRecord that is not one, before anything is sent', () => {
    const { fetch, requests } = scriptedFetch(() => answer());
    const config = { credentialName, tenantId: 'organizations', clientId, proxyAwareFetch };
    expect(
      () =>
        new PublicClient({
          ...config,
          options: { fetch, authenticationRecord: { username: 'ada' } as never },
        }),
    ).toThrow(/TestUserCredential: authenticationRecord is not an AuthenticationRecord/);
    expect(() => new PublicClient({ ...config, tenantId: 'bad/tenant', options: { fetch } })).toThrow(
      /TestUserCredential: tenantId "bad\/tenant" is not valid/,
    );
    expect(requests).toHaveLength(0);
  });
});
