import { inspect } from 'node:util';
import {
  AbortError,
  AuthenticationError,
  AuthenticationRequiredError,
  InvalidArgumentError,
} from '@identity/core';
import { type Emulator, startEmulator } from '@identity/emulator';
import { jsonResponse, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationCodeCredential } from './authorization-code-credential.js';

const GRAPH = 'https://graph.microsoft.com/User.Read';
const VAULT = 'https://vault.azure.net/user_impersonation';
const REDIRECT_URI = 'http://localhost:4000/';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

// The user's part, as a browser would play it over HTTP: open the authorize URL, fill the emulator's sign-in form
// (its action and hidden fields), and read the code from the redirect to the app.
async function signIn(clientId: string, user: { username: string; password: string }): Promise<string> {
  const authorize = new URL(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/authorize`);
  const query = { client_id: clientId, response_type: 'code', redirect_uri: REDIRECT_URI, state: 'state-1' };
  for (const [name, value] of Object.entries({ ...query, scope: `${GRAPH} openid profile offline_access` })) {
    authorize.searchParams.set(name, value);
  }
  const page = await (await fetch(authorize)).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1] ?? '';
  const hidden = [...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)];
  const fields = { ...Object.fromEntries(hidden.map(([, name, value]) => [name, value])), ...user };
  const answer = await fetch(new URL(action, emulator.url), {
    method: 'POST',
    body: new URLSearchParams({ ...fields, action: 'sign-in' }),
    redirect: 'manual',
  });
  const code = new URL(answer.headers.get('location') ?? '', REDIRECT_URI).searchParams.get('code');
  if (!code) throw new Error(`the sign-in gave no code (${answer.status})`);
  return code;
}

// An app (consented for every delegated scope) and a user who signs in to it.
function register(app: Parameters<Emulator['registerApp']>[0]) {
  const registered = emulator.registerApp({ adminConsent: true, ...app });
  const user = { username: `ada.${registered.clientId}@contoso.example`, password: testSecret('password') };
  emulator.registerUser(user);
  return { ...registered, user };
}

// A public client's user signed in, and a credential holding the code.
async function signedIn() {
  const app = register({ publicClient: true });
  const code = await signIn(app.clientId, app.user);
  const credential = new AuthorizationCodeCredential(app.tenantId, app.clientId, code, REDIRECT_URI, {
    authorityHost: emulator.url,
  });
  return { app, code, credential };
}

const grants = (type: string) => emulator.requests.filter((r) => r.grantType === type).length;

describe('AuthorizationCodeCredential against the emulator', () => {
  it("redeems a public client's code once, then serves the same scopes from the cache and another with the refresh token", async () => {
    const { app, credential } = await signedIn();
    const [codes, refreshes] = [grants('authorization_code'), grants('refresh_token')];
    const first = await credential.getToken(GRAPH);
    expect(await emulator.verifyAccessToken(first.token)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      upn: app.user.username,
    });
    expect((await credential.getToken(GRAPH)).token).toBe(first.token);
    const vault = await credential.getToken(VAULT);
    expect(await emulator.verifyAccessToken(vault.token)).toMatchObject({ aud: 'https://vault.azure.net' });
    expect(grants('authorization_code') - codes).toBe(1);
    expect(grants('refresh_token') - refreshes).toBe(1);
  });

  it("redeems a web app's code with its client secret, and refreshes with it too", async () => {
    const secret = testSecret('client-secret');
    const app = register({ clientSecret: secret, redirectUris: [REDIRECT_URI] });
    const code = await signIn(app.clientId, app.user);
    const credential = new AuthorizationCodeCredential(
      app.tenantId,
      app.clientId,
      secret,
      code,
      REDIRECT_URI,
      {
        authorityHost: emulator.url,
      },
    );
    await credential.getToken(GRAPH);
    const vault = await credential.getToken(VAULT);
    expect(await emulator.verifyAccessToken(vault.token)).toMatchObject({ upn: app.user.username });
  });

  it('shares the one redemption between concurrent first calls', async () => {
    const { credential } = await signedIn();
    const codes = grants('authorization_code');
    const tokens = await Promise.all([credential.getToken(GRAPH), credential.getToken(VAULT)]);
    expect(tokens).toHaveLength(2);
    expect(grants('authorization_code') - codes).toBe(1);
  });

  it('keeps the code for the next call when the call was aborted before anything was sent', async () => {
    const { app, credential } = await signedIn();
    const codes = grants('authorization_code');
    const aborted = new AbortController();
    aborted.abort();
    const error = await credential.getToken(GRAPH, { abortSignal: aborted.signal }).catch((e) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(grants('authorization_code') - codes).toBe(0);
    const token = await credential.getToken(GRAPH);
    expect(await emulator.verifyAccessToken(token.token)).toMatchObject({ upn: app.user.username });
    expect(grants('authorization_code') - codes).toBe(1);
  });

  it('never redeems the code twice: once the refresh token is refused, AuthenticationRequiredError', async () => {
    const { app, credential } = await signedIn();
    await credential.getToken(GRAPH);
    emulator.revokeRefreshTokens(app.user.username);
    const codes = grants('authorization_code');
    const error = await credential.getToken(VAULT).catch((e) => e);
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ scopes: [VAULT] });
    expect(error.message).toMatch(/used already.*Get a new code.*#authorization-code-credential$/);
    expect(grants('authorization_code') - codes).toBe(0);
  });

  it("names Entra's refusal of the refresh token (revoked: AADSTS50173) and keeps it as the cause, never the token", async () => {
    const app = register({ publicClient: true });
    const code = await signIn(app.clientId, app.user);
    // The app's transport: it sees every refresh token Entra hands out, so the test can look for them.
    const refreshTokens: string[] = [];
    const fetchSpy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const issued = /"refresh_token":"([^"]+)"/.exec(await response.clone().text())?.[1];
      if (issued) refreshTokens.push(issued);
      return response;
    };
    const credential = new AuthorizationCodeCredential(app.tenantId, app.clientId, code, REDIRECT_URI, {
      authorityHost: emulator.url,
      fetch: fetchSpy,
    });
    await credential.getToken(GRAPH);
    emulator.revokeRefreshTokens(app.user.username);
    const error = await credential.getToken(VAULT).catch((e) => e);
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /used already.*\. Refresh token refused: invalid_grant AADSTS50173\. Get a new code.*#authorization-code-credential$/,
    );
    expect(AuthenticationError.isInstance(error.cause)).toBe(true);
    expect(error.cause.errorResponse).toMatchObject({ error: 'invalid_grant', errorCodes: [50173] });
    expect(refreshTokens.length).toBeGreaterThan(0);
    const shown = inspect(error, { showHidden: true, depth: 5 });
    for (const refreshToken of refreshTokens) expect(shown).not.toContain(refreshToken);
  });

  it('redeems the code at its own tenant when the first call asks for another, then refreshes into that one', async () => {
    const guestTenant = emulator.registerTenant();
    const app = emulator.registerApp({ adminConsent: true, publicClient: true, multiTenant: true });
    const user = {
      username: `grace.${app.clientId}@contoso.example`,
      password: testSecret('password'),
      guestTenants: [guestTenant],
    };
    emulator.registerUser(user);
    const code = await signIn(app.clientId, user);
    const credential = new AuthorizationCodeCredential(app.tenantId, app.clientId, code, REDIRECT_URI, {
      authorityHost: emulator.url,
      additionallyAllowedTenants: [guestTenant],
    });
    const guest = await credential.getToken(GRAPH, { tenantId: guestTenant });
    expect(await emulator.verifyAccessToken(guest.token)).toMatchObject({ tid: guestTenant });
    const home = await credential.getToken(GRAPH);
    expect(await emulator.verifyAccessToken(home.token)).toMatchObject({ tid: app.tenantId });
  });

  it.each([
    [
      'a tenant not in additionallyAllowedTenants',
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
      'CredentialUnavailableError',
    ],
    ['a malformed tenant id', 'not a tenant', 'InvalidArgumentError'],
  ])('refuses a first call for %s before sending anything, and keeps the code', async (_, tenantId, name) => {
    const { app, credential } = await signedIn();
    const codes = grants('authorization_code');
    const refused = await credential.getToken(GRAPH, { tenantId }).catch((e) => e);
    expect(refused).toMatchObject({ name });
    expect(grants('authorization_code') - codes).toBe(0);
    const token = await credential.getToken(GRAPH);
    expect(await emulator.verifyAccessToken(token.token)).toMatchObject({ upn: app.user.username });
    expect(grants('authorization_code') - codes).toBe(1);
  });

  it.each([
    ['no answer (every connection dropped)', { drop: true }],
    ['a 503 after the retries', { status: 503 }],
    ['a 429 after the retries', { status: 429, retryAfter: '0' }],
    ['a 408 after the retries (the request timed out before Entra read it)', { status: 408 }],
    ["a 200 that is no token answer (a proxy's HTML page)", { body: '<html>Sign in to the proxy</html>' }],
    ['a 200 without a token', { body: '{}' }],
  ])('keeps a code Entra never took (%s) and redeems it on the next call', async (_, fault) => {
    const app = register({ publicClient: true });
    const code = await signIn(app.clientId, app.user);
    const credential = new AuthorizationCodeCredential(app.tenantId, app.clientId, code, REDIRECT_URI, {
      authorityHost: emulator.url,
      retryOptions: { maxRetries: 0 },
    });
    emulator.faults.add({ route: 'token', grantType: 'authorization_code', ...fault });
    const failed = await credential.getToken(GRAPH).catch((e) => e);
    expect(AuthenticationError.isInstance(failed)).toBe(true);
    expect(emulator.faults.pending).toHaveLength(0);
    const token = await credential.getToken(GRAPH);
    expect(await emulator.verifyAccessToken(token.token)).toMatchObject({ upn: app.user.username });
  });

  it('keeps the code for a concurrent caller when the caller whose request carried it aborts', async () => {
    const { app, credential } = await signedIn();
    // The redemption hangs, then the connection drops: Entra never takes the code.
    emulator.faults.add({ route: 'token', grantType: 'authorization_code', latencyMs: 300, drop: true });
    const aborted = new AbortController();
    const first = credential.getToken(GRAPH, { abortSignal: aborted.signal }).catch((e) => e);
    const second = credential.getToken(GRAPH);
    aborted.abort();
    expect(AbortError.isInstance(await first)).toBe(true);
    expect(await emulator.verifyAccessToken((await second).token)).toMatchObject({ upn: app.user.username });
  });

  it('never sends a code Entra refused again', async () => {
    const app = register({ publicClient: true });
    const code = await signIn(app.clientId, app.user);
    const credential = new AuthorizationCodeCredential(
      app.tenantId,
      app.clientId,
      code,
      'http://localhost:4000/x',
      {
        authorityHost: emulator.url,
      },
    );
    const codes = grants('authorization_code');
    expect((await credential.getToken(GRAPH).catch((e) => e)).errorResponse.errorCodes).toEqual([50011]);
    const error = await credential.getToken(GRAPH).catch((e) => e);
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/code was used already/);
    expect(grants('authorization_code') - codes).toBe(1);
  });

  it("reports Entra's refusal of a code sent with another redirect URI, without showing the code", async () => {
    const app = register({ publicClient: true });
    const code = await signIn(app.clientId, app.user);
    const credential = new AuthorizationCodeCredential(
      app.tenantId,
      app.clientId,
      code,
      'http://localhost:4000/other',
      {
        authorityHost: emulator.url,
      },
    );
    const error = await credential.getToken(GRAPH).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.errorResponse.errorCodes).toEqual([50011]);
    expect([error.message, error.rawBody].join()).not.toContain(code);
  });
});

describe('AuthorizationCodeCredential requests', () => {
  const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const clientId = '11111111-2222-3333-4444-555555555555';

  it('sends the code with the redirect URI, the scopes plus openid profile offline_access, and the secret', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({ error: 'invalid_grant' }, 400));
    const [secret, code] = [testSecret('client-secret'), testSecret('code')];
    const credential = new AuthorizationCodeCredential(tenantId, clientId, secret, code, REDIRECT_URI, {
      fetch,
    });
    await credential.getToken(GRAPH).catch(() => {});
    expect(requests[0]?.url).toBe(`https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/token`);
    expect(Object.fromEntries(new URLSearchParams(requests[0]?.body))).toEqual({
      client_id: clientId,
      scope: `${GRAPH} openid profile offline_access`,
      client_info: '1',
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_secret: secret,
    });
  });

  it('refuses bad arguments at construction, before anything is sent', () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({}));
    const cases: [() => unknown, RegExp][] = [
      [
        () => new AuthorizationCodeCredential('', clientId, 'code', REDIRECT_URI, { fetch }),
        /tenantId is missing/,
      ],
      [
        () => new AuthorizationCodeCredential(tenantId, clientId, '', REDIRECT_URI, { fetch }),
        /authorizationCode is missing/,
      ],
      [
        () => new AuthorizationCodeCredential(tenantId, clientId, 'code', 'not a url', { fetch }),
        /redirectUri must be an absolute URL/,
      ],
      [
        () => new AuthorizationCodeCredential(tenantId, clientId, '', 'code', REDIRECT_URI, { fetch }),
        /clientSecret is missing/,
      ],
      // Entra would refuse these (and quote the URI, a password with it, in its error) once the code is spent.
      [
        () =>
          new AuthorizationCodeCredential(tenantId, clientId, 'code', 'http://ada:pw@localhost/', { fetch }),
        /redirectUri must be an absolute URL without user name, password or fragment/,
      ],
      [
        () => new AuthorizationCodeCredential(tenantId, clientId, 'code', 'http://localhost/#top', { fetch }),
        /redirectUri must be an absolute URL without user name, password or fragment/,
      ],
    ];
    for (const [construct, message] of cases) {
      expect(construct).toThrow(message);
      expect(construct).toThrow(InvalidArgumentError);
    }
    expect(requests).toHaveLength(0);
  });
});
