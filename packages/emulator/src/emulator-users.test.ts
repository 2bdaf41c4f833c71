import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, signInForTokens, TestBrowser, textOf } from '../test/emulator-sign-in-test-support.js';
import { claimsOf, postToken } from '../test/emulator-test-support.js';
import type { Emulator } from './emulator-server.js';
import { startEmulator } from './emulator-server.js';

let emulator: Emulator;
const ada = { username: 'ada@contoso.example', password: 'correct horse' };

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.registerUser(ada);
});
afterAll(() => emulator.stop());

const firstPage = (clientId: string, tenant = emulator.tenantId, scope = 'User.Read openid') =>
  new TestBrowser(emulator).get(
    authorizeUrl(emulator, tenant, {
      client_id: clientId,
      response_type: 'code',
      redirect_uri: 'http://localhost:50000/',
      scope,
    }),
  );

describe('registering apps that sign users in', () => {
  it('gives a public client no secret and the loopback redirect URIs', () => {
    const app = emulator.registerApp({ publicClient: true });
    expect(app.clientSecret).toBeUndefined();
    expect(emulator.state.findApp(app.tenantId, app.clientId)).toMatchObject({
      publicClient: true,
      redirectUris: ['http://localhost', 'http://127.0.0.1'],
      spaRedirectUris: [],
      multiTenant: false,
      adminConsent: false,
    });
  });

  it('refuses a redirect URI Entra would refuse', () => {
    expect(() => emulator.registerApp({ redirectUris: ['http://app.contoso.example/cb'] })).toThrow(
      /redirectUris: 'http:\/\/app.contoso.example\/cb' must use https/,
    );
    expect(() => emulator.registerApp({ refreshTokenLifetimeSeconds: 0 })).toThrow(
      /refreshTokenLifetimeSeconds/,
    );
  });
});

describe('consent', () => {
  it('shows no consent page for scopes granted with grantConsent, or for an admin-consented app', async () => {
    const app = emulator.registerApp({ publicClient: true });
    emulator.grantConsent({ username: ada.username, clientId: app.clientId, scopes: ['User.Read'] });
    const browser = new TestBrowser(emulator);
    const page = await firstPage(app.clientId);
    expect((await browser.submit(page, ada, 'sign-in')).location?.searchParams.get('code')).toBeTruthy();

    const admin = emulator.registerApp({ publicClient: true, adminConsent: true });
    const answer = await browser.submit(
      await firstPage(admin.clientId, emulator.tenantId, 'api://any/Thing.Do openid'),
      ada,
      'sign-in',
    );
    expect(answer.location?.searchParams.get('code')).toBeTruthy();
  });

  it('throws for consent of an unknown user, or without scopes', () => {
    const app = emulator.registerApp({ publicClient: true });
    expect(() =>
      emulator.grantConsent({ username: 'nobody@x.example', clientId: app.clientId, scopes: 'User.Read' }),
    ).toThrow(/No user/);
    expect(() =>
      emulator.grantConsent({ username: ada.username, clientId: app.clientId, scopes: [] }),
    ).toThrow(/needs scopes/);
  });
});

describe('users across tenants', () => {
  it('lets a guest sign in at the tenant that invited them, with their home password', async () => {
    const fabrikam = emulator.registerTenant();
    const lin = { username: 'lin@contoso.example', password: 'pw' };
    emulator.registerUser({ ...lin, guestTenants: [fabrikam] });
    const app = emulator.registerApp({ tenantId: fabrikam, publicClient: true });
    const { json } = await signInForTokens(emulator, { clientId: app.clientId, user: lin, tenant: fabrikam });
    expect(claimsOf(json.access_token).tid).toBe(fabrikam);
    // A member of another tenant is not a user here.
    const page = await firstPage(app.clientId, fabrikam);
    const refused = await new TestBrowser(emulator).submit(page, ada, 'sign-in');
    expect(textOf(refused.html, 'error')).toContain(
      `AADSTS50034: The user account does not exist in the ${fabrikam} directory.`,
    );
  });

  it('signs users of any tenant in at /organizations for a multi-tenant app, issuing tokens in their home tenant', async () => {
    const northwind = emulator.registerTenant();
    const kai = { username: 'kai@northwind.example', password: 'pw' };
    emulator.registerUser({ ...kai, tenantId: northwind });
    const app = emulator.registerApp({ publicClient: true, multiTenant: true });
    const { json } = await signInForTokens(emulator, {
      clientId: app.clientId,
      user: kai,
      tenant: 'organizations',
    });
    expect(claimsOf(json.access_token).tid).toBe(northwind);
    expect(claimsOf(json.id_token).iss).toBe(`${emulator.url}/${northwind}/v2.0`);
  });

  it('adds the email claim to the ID token when the email scope is asked for', async () => {
    const app = emulator.registerApp({ publicClient: true });
    const { json } = await signInForTokens(emulator, {
      clientId: app.clientId,
      user: ada,
      scope: 'User.Read openid email',
    });
    expect(claimsOf(json.id_token).email).toBe(ada.username);
  });

  it('keeps the password grant to members, with its documented errors', async () => {
    const app = emulator.registerApp({ publicClient: true });
    const password = await postToken(emulator, emulator.tenantId, {
      grant_type: 'password',
      client_id: app.clientId,
      username: ada.username,
      password: ada.password,
      scope: 'User.Read',
    });
    expect(password.status).toBe(200);
    expect(claimsOf(password.json.access_token)).toMatchObject({ scp: 'User.Read', amr: ['pwd'] });
  });
});

describe('faults', () => {
  it('refuses an error it cannot answer with', () => {
    expect(() => emulator.faults.add({ route: 'token', error: 'teapot' as 'slow_down' })).toThrow(
      /fault.error must be one of authorization_pending, slow_down/,
    );
  });

  it('answers invalid_grant on refresh requests only when asked for that grant', async () => {
    const app = emulator.registerApp({ publicClient: true });
    const { json } = await signInForTokens(emulator, { clientId: app.clientId, user: ada });
    emulator.faults.add({ route: 'token', grantType: 'refresh_token', error: 'interaction_required' });
    const refresh = await postToken(emulator, emulator.tenantId, {
      grant_type: 'refresh_token',
      client_id: app.clientId,
      refresh_token: String(json.refresh_token),
      scope: 'User.Read',
    });
    expect(refresh.json).toMatchObject({ error: 'interaction_required', error_codes: [50076] });
  });
});

describe('the sign-in form', () => {
  it('ends a post that names no sign-in in progress with AADSTS50089', async () => {
    const page = await new TestBrowser(emulator).post(`/${emulator.tenantId}/login`, {
      step: 'sign-in',
      ...ada,
    });
    expect(page.status).toBe(400);
    expect(textOf(page.html, 'error')).toContain('AADSTS50089');
  });
});
