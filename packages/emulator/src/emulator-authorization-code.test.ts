import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  completeSignIn,
  decodeClientInfo,
  pkcePair,
  TestBrowser,
} from '../test/emulator-sign-in-test-support.js';
import { claimsOf, postToken } from '../test/emulator-test-support.js';
import { verifyPkce } from './emulator-authorization-code.js';
import type { Emulator } from './emulator-server.js';
import { startEmulator } from './emulator-server.js';
import type { RegisteredApp } from './emulator-types.js';

let emulator: Emulator;
let clock = Date.now();
let app: RegisteredApp;
let adaId: string;
const ada = { username: 'ada@contoso.example', password: 'correct horse' };
const redirectUri = 'http://localhost:51234/';
const SCOPE = 'https://graph.microsoft.com/User.Read openid profile offline_access';

beforeAll(async () => {
  emulator = await startEmulator({ now: () => clock });
  app = emulator.registerApp({ publicClient: true, displayName: 'Console' });
  adaId = emulator.registerUser({ ...ada, name: 'Ada Lovelace' }).objectId;
});
afterAll(() => emulator.stop());

interface CodeOptions {
  clientId?: string;
  tenant?: string;
  redirect?: string;
  query?: Record<string, string>;
}

/** Signs Ada in through the pages and returns the code and the PKCE verifier that goes with it. */
async function authorize(options: CodeOptions = {}): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const browser = new TestBrowser(emulator);
  const url = authorizeUrl(emulator, options.tenant ?? emulator.tenantId, {
    client_id: options.clientId ?? app.clientId,
    response_type: 'code',
    redirect_uri: options.redirect ?? redirectUri,
    scope: SCOPE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    nonce: 'nonce-1',
    ...options.query,
  });
  const answer = await completeSignIn(browser, await browser.get(url), ada);
  const code = answer.location?.searchParams.get('code');
  if (!code) throw new Error(`No code: ${answer.status} ${answer.location} ${answer.html}`);
  return { code, verifier };
}

const redeem = (code: string, verifier: string, overrides: Record<string, string> = {}, headers = {}) =>
  postToken(
    emulator,
    overrides.tenant ?? emulator.tenantId,
    {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: SCOPE,
      client_info: '1',
      ...overrides,
    },
    headers,
  );

describe('redeeming an authorization code', () => {
  it('returns an access token, an ID token, a refresh token and client_info, as Entra shapes them', async () => {
    const { code, verifier } = await authorize();
    const { status, json, headers } = await redeem(code, verifier);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      scope: 'https://graph.microsoft.com/User.Read openid profile',
      refresh_token: expect.stringMatching(/^0\.[A-Za-z0-9_-]{64}$/),
    });
    const access = await emulator.verifyAccessToken(String(json.access_token));
    expect(access).toMatchObject({
      aud: 'https://graph.microsoft.com',
      appid: app.clientId,
      appidacr: '0',
      idtyp: 'user',
      oid: adaId,
      tid: emulator.tenantId,
      scp: 'User.Read',
      upn: ada.username,
      name: 'Ada Lovelace',
      amr: ['pwd'],
    });
    const id = await emulator.verifyAccessToken(String(json.id_token));
    expect(id).toMatchObject({
      aud: app.clientId,
      iss: `${emulator.url}/${emulator.tenantId}/v2.0`,
      tid: emulator.tenantId,
      oid: adaId,
      preferred_username: ada.username,
      name: 'Ada Lovelace',
      nonce: 'nonce-1',
      ver: '2.0',
      sub: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      sid: expect.any(String),
    });
    expect(id.sub).not.toBe(adaId); // pairwise, as Entra's
    expect(Number(id.exp) - Number(id.iat)).toBe(3600);
    expect(decodeClientInfo(json.client_info)).toEqual({ uid: adaId, utid: emulator.tenantId });
    expect(emulator.requests.at(-1)).toMatchObject({
      route: 'token',
      grantType: 'authorization_code',
      clientId: app.clientId,
      username: ada.username,
      status: 200,
    });
  });

  it('leaves out what was not asked for: no refresh token without offline_access, no ID token without openid, no client_info without client_info=1', async () => {
    const { code, verifier } = await authorize({ query: { scope: 'https://graph.microsoft.com/User.Read' } });
    const { json } = await redeem(code, verifier, {
      scope: 'https://graph.microsoft.com/User.Read',
      client_info: '',
    });
    expect(json.access_token).toBeTruthy();
    expect(json).not.toHaveProperty('refresh_token');
    expect(json).not.toHaveProperty('id_token');
    expect(json).not.toHaveProperty('client_info');
  });

  it('uses the resource of the authorize request when the token request names no scope', async () => {
    const { code, verifier } = await authorize();
    const { json } = await redeem(code, verifier, { scope: '' });
    expect(claimsOf(json.access_token).aud).toBe('https://graph.microsoft.com');
  });

  it('refuses a token request naming two resources with AADSTS28000 (consent for both is fine at authorize)', async () => {
    emulator.grantConsent({
      username: ada.username,
      clientId: app.clientId,
      scopes: 'api://orders/Orders.Read',
    });
    const { code, verifier } = await authorize();
    const { status, json } = await redeem(code, verifier, {
      scope: 'https://graph.microsoft.com/User.Read api://orders/Orders.Read openid',
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: 'invalid_scope', error_codes: [28000] });
  });

  it('refuses a resource the user did not consent to with AADSTS65001', async () => {
    const { code, verifier } = await authorize();
    const { status, json } = await redeem(code, verifier, {
      scope: 'https://vault.azure.net/user_impersonation',
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
  });
});

describe('PKCE (RFC 7636)', () => {
  it('verifies the RFC’s S256 example and the plain method', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(verifyPkce('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256', verifier)).toBe(true);
    expect(verifyPkce(verifier, 'plain', verifier)).toBe(true);
    expect(verifyPkce('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256', `${verifier}x`)).toBe(false);
    expect(verifyPkce('short', 'plain', 'short')).toBe(false); // verifiers are 43 to 128 characters
  });

  it.each([
    ['a wrong code_verifier', 'wrong-verifier-wrong-verifier-wrong-verifier-000'],
    ['no code_verifier', ''],
  ])('answers %s with invalid_grant AADSTS501481', async (_, verifier) => {
    const { code } = await authorize();
    const { status, json } = await redeem(code, verifier);
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    expect(json.error_description).toMatch(
      /^AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request\./,
    );
  });

  it('accepts the plain method, which Entra still supports', async () => {
    const verifier = pkcePair().verifier;
    const { code } = await authorize({ query: { code_challenge: verifier, code_challenge_method: 'plain' } });
    expect((await redeem(code, verifier)).status).toBe(200);
  });
});

describe('a code is single use, short lived and bound to its request', () => {
  it('answers a second redemption with AADSTS54005 and revokes the refresh tokens issued from the code', async () => {
    const { code, verifier } = await authorize();
    const first = await redeem(code, verifier);
    const rotated = await postToken(emulator, emulator.tenantId, {
      grant_type: 'refresh_token',
      client_id: app.clientId,
      refresh_token: String(first.json.refresh_token),
      scope: SCOPE,
    });
    expect(rotated.status).toBe(200);
    const again = await redeem(code, verifier);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    for (const token of [first.json.refresh_token, rotated.json.refresh_token]) {
      const refresh = await postToken(emulator, emulator.tenantId, {
        grant_type: 'refresh_token',
        client_id: app.clientId,
        refresh_token: String(token),
        scope: SCOPE,
      });
      expect(refresh.json).toMatchObject({ error: 'invalid_grant', error_codes: [70008] });
    }
  });

  it('expires after 10 minutes with AADSTS70008', async () => {
    const { code, verifier } = await authorize();
    clock += 600_000;
    const { json } = await redeem(code, verifier);
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [70008] });
  });

  it('needs the redirect URI of the authorize request (AADSTS50011)', async () => {
    const { code, verifier } = await authorize();
    const { json } = await redeem(code, verifier, { redirect_uri: 'http://localhost:51234/other' });
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [50011] });
    expect(json.error_description).toContain(
      "The reply address 'http://localhost:51234/other' does not match the reply address 'http://localhost:51234/' provided when requesting Authorization code.",
    );
  });

  it('is redeemed at the authority it was issued for (AADSTS700005), by the client it was issued to (AADSTS70000)', async () => {
    const multi = emulator.registerApp({ publicClient: true, multiTenant: true });
    const { code, verifier } = await authorize({ clientId: multi.clientId, tenant: 'organizations' });
    const elsewhere = await redeem(code, verifier, { client_id: multi.clientId });
    expect(elsewhere.json).toMatchObject({ error: 'invalid_grant', error_codes: [700005] });
    const other = emulator.registerApp({ publicClient: true, multiTenant: true });
    const otherClient = await redeem(code, verifier, { client_id: other.clientId, tenant: 'organizations' });
    expect(otherClient.json).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
    const right = await redeem(code, verifier, { client_id: multi.clientId, tenant: 'organizations' });
    expect(right.status).toBe(200);
    expect(claimsOf(right.json.id_token).tid).toBe(emulator.tenantId);
  });

  it.each([
    ['an unknown code', { code: '1.not-a-code' }, 'invalid_grant', 70000],
    ['no code', { code: '' }, 'invalid_request', 900144],
    ['no redirect_uri', { redirect_uri: '' }, 'invalid_request', 900144],
    [
      'an unknown client',
      { client_id: 'e0000000-0000-0000-0000-00000000000e' },
      'unauthorized_client',
      700016,
    ],
  ])('answers %s with %s AADSTS%s', async (_, overrides, error, code) => {
    const issued = await authorize();
    const { json } = await redeem(issued.code, issued.verifier, overrides);
    expect(json).toMatchObject({ error, error_codes: [code] });
  });
});

describe('client authentication follows the redirect URI’s platform', () => {
  it('requires a web app’s secret (AADSTS7000218) and accepts it', async () => {
    const web = emulator.registerApp({ redirectUris: ['https://app.contoso.example/signin-oidc'] });
    const redirect = 'https://app.contoso.example/signin-oidc';
    const issued = await authorize({ clientId: web.clientId, redirect });
    const without = await redeem(issued.code, issued.verifier, {
      client_id: web.clientId,
      redirect_uri: redirect,
    });
    expect(without.status).toBe(401);
    expect(without.json).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
    const again = await authorize({ clientId: web.clientId, redirect });
    const withSecret = await redeem(again.code, again.verifier, {
      client_id: web.clientId,
      redirect_uri: redirect,
      client_secret: web.clientSecret as string,
    });
    expect(withSecret.status).toBe(200);
    expect(claimsOf(withSecret.json.access_token).appidacr).toBe('1');
  });

  it('refuses a secret from a public client (AADSTS700025)', async () => {
    const { code, verifier } = await authorize();
    const { status, json } = await redeem(code, verifier, { client_secret: 'anything' });
    expect(status).toBe(401);
    expect(json).toMatchObject({ error: 'invalid_client', error_codes: [700025] });
  });

  it('redeems a SPA code cross-origin only (AADSTS9002327), with PKCE (AADSTS9002325), and gives a 24-hour refresh token', async () => {
    const spaUri = 'http://localhost:5173/';
    const spa = emulator.registerApp({ spaRedirectUris: [spaUri] });
    const origin = { origin: 'http://localhost:5173' };
    const sameOrigin = await authorize({ clientId: spa.clientId, redirect: spaUri });
    const noOrigin = await redeem(sameOrigin.code, sameOrigin.verifier, {
      client_id: spa.clientId,
      redirect_uri: spaUri,
    });
    expect(noOrigin.json).toMatchObject({ error: 'invalid_request', error_codes: [9002327] });

    const withoutPkce = await authorize({
      clientId: spa.clientId,
      redirect: spaUri,
      query: { code_challenge: '', code_challenge_method: '' },
    });
    const refused = await redeem(
      withoutPkce.code,
      '',
      { client_id: spa.clientId, redirect_uri: spaUri },
      origin,
    );
    expect(refused.json).toMatchObject({ error: 'invalid_request', error_codes: [9002325] });

    const good = await authorize({ clientId: spa.clientId, redirect: spaUri });
    const answer = await redeem(
      good.code,
      good.verifier,
      { client_id: spa.clientId, redirect_uri: spaUri },
      origin,
    );
    expect(answer.status).toBe(200);
    expect(answer.json.refresh_token_expires_in).toBe(86400);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('refuses a cross-origin redemption of a non-SPA code (AADSTS9002326)', async () => {
    const { code, verifier } = await authorize();
    const { json } = await redeem(code, verifier, {}, { origin: 'http://localhost:3000' });
    expect(json).toMatchObject({ error: 'invalid_request', error_codes: [9002326] });
    expect(json.error_description).toContain("Request origin: 'http://localhost:3000'.");
  });
});
