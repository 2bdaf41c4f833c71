import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeClientInfo, signInForTokens } from '../test/emulator-sign-in-test-support.js';
import { claimsOf, postToken } from '../test/emulator-test-support.js';
import type { Emulator } from './emulator-server.js';
import { startEmulator } from './emulator-server.js';
import type { RegisteredApp } from './emulator-types.js';

let emulator: Emulator;
let clock = Date.now();
let app: RegisteredApp;
let adaId: string;
const ada = { username: 'ada@contoso.example', password: 'correct horse' };
const SCOPE = 'https://graph.microsoft.com/User.Read openid profile offline_access';

beforeAll(async () => {
  emulator = await startEmulator({ now: () => clock });
  app = emulator.registerApp({ publicClient: true, multiTenant: true });
  adaId = emulator.registerUser(ada).objectId;
});
afterAll(() => emulator.stop());

async function signedIn(clientId = app.clientId, scope = SCOPE): Promise<string> {
  const { json } = await signInForTokens(emulator, { clientId, user: ada, scope });
  return String(json.refresh_token);
}

const refresh = (
  token: string,
  overrides: Record<string, string> = {},
  tenant = emulator.tenantId,
  headers: Record<string, string> = {},
) =>
  postToken(
    emulator,
    tenant,
    {
      grant_type: 'refresh_token',
      client_id: app.clientId,
      refresh_token: token,
      scope: SCOPE,
      client_info: '1',
      ...overrides,
    },
    headers,
  );

describe('the refresh_token grant', () => {
  it('answers with new tokens and a new refresh token, and the old one stays valid (as Entra’s)', async () => {
    const first = await signedIn();
    const one = await refresh(first);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({
      token_type: 'Bearer',
      scope: 'https://graph.microsoft.com/User.Read openid profile',
    });
    expect(one.json.refresh_token).not.toBe(first);
    expect(claimsOf(one.json.access_token)).toMatchObject({ oid: adaId, scp: 'User.Read', idtyp: 'user' });
    expect(claimsOf(one.json.id_token)).toMatchObject({ aud: app.clientId, oid: adaId });
    expect(claimsOf(one.json.id_token)).not.toHaveProperty('nonce');
    expect(decodeClientInfo(one.json.client_info)).toEqual({ uid: adaId, utid: emulator.tenantId });
    const two = await refresh(String(one.json.refresh_token));
    expect(two.status).toBe(200);
    expect((await refresh(first)).status).toBe(200);
    expect(emulator.requests.filter((r) => r.grantType === 'refresh_token' && r.status === 200).length).toBe(
      3,
    );
  });

  it('gives a token for another resource the user consented to, with /.default meaning the consented permissions', async () => {
    emulator.grantConsent({
      username: ada.username,
      clientId: app.clientId,
      scopes: 'api://orders/Orders.Read',
    });
    const token = await signedIn();
    const orders = await refresh(token, { scope: 'api://orders/.default offline_access' });
    expect(orders.status).toBe(200);
    expect(claimsOf(orders.json.access_token)).toMatchObject({ aud: 'api://orders', scp: 'Orders.Read' });
    expect(orders.json.scope).toBe('api://orders/Orders.Read');
    expect(orders.json).not.toHaveProperty('id_token'); // no openid in this request
    expect(orders.json.refresh_token).toBeTruthy();
  });

  it('refuses a resource the user never consented to with AADSTS65001', async () => {
    const { status, json } = await refresh(await signedIn(), { scope: 'https://vault.azure.net/.default' });
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
  });

  it('refuses a scope naming two resources with AADSTS28000, instead of a token for the first one', async () => {
    emulator.grantConsent({
      username: ada.username,
      clientId: app.clientId,
      scopes: 'api://orders/Orders.Read',
    });
    const { status, json } = await refresh(await signedIn(), {
      scope: 'api://orders/Orders.Read https://graph.microsoft.com/User.Read offline_access',
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: 'invalid_scope', error_codes: [28000] });
    expect(json).not.toHaveProperty('access_token');
  });

  it.each([
    ['a string that is not a refresh token', 'not-a-token', 9002313],
    ['a refresh token the emulator never issued', `0.${'A'.repeat(64)}`, 70000],
  ])('answers %s with invalid_grant AADSTS%s', async (_, token, code) => {
    const { json } = await refresh(token);
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [code] });
  });

  it('is bound to the client it was issued to (AADSTS70000)', async () => {
    const other = emulator.registerApp({ publicClient: true, multiTenant: true });
    const { json } = await refresh(await signedIn(), { client_id: other.clientId });
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
  });

  it('needs client_id and refresh_token (AADSTS900144)', async () => {
    expect((await refresh('')).json).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });
});

describe("Microsoft's family of client ids (FOCI: registerApp's familyId)", () => {
  const family = () =>
    emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true, familyId: '1' });

  it('marks a member\'s refresh token with foci "1", and no other', async () => {
    const member = family();
    const { json } = await signInForTokens(emulator, { clientId: member.clientId, user: ada, scope: SCOPE });
    expect(json).toMatchObject({ foci: '1' });
    expect(await refresh(await signedIn())).toMatchObject({
      status: 200,
      json: expect.not.objectContaining({ foci: expect.anything() }),
    });
  });

  it("lets a member redeem another member's refresh token, with tokens of its own (and a refresh token of its own)", async () => {
    const [cli, studio] = [family(), family()];
    const { status, json } = await refresh(await signedIn(cli.clientId), { client_id: studio.clientId });
    expect(status).toBe(200);
    expect(json).toMatchObject({ foci: '1' });
    expect(claimsOf(json.access_token)).toMatchObject({ oid: adaId, appid: studio.clientId });
    expect(claimsOf(json.id_token)).toMatchObject({ aud: studio.clientId });
    expect((await refresh(String(json.refresh_token), { client_id: studio.clientId })).status).toBe(200);
  });

  it("refuses a member's refresh token to a client outside the family, and the other way round (AADSTS70000)", async () => {
    const member = family();
    const outsider = emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
    const refused = { error: 'invalid_grant', error_codes: [70000] };
    expect(
      (await refresh(await signedIn(member.clientId), { client_id: outsider.clientId })).json,
    ).toMatchObject(refused);
    expect(
      (await refresh(await signedIn(outsider.clientId), { client_id: member.clientId })).json,
    ).toMatchObject(refused);
  });

  it("refuses a familyId other than '1', Entra's only family", () => {
    expect(() => emulator.registerApp({ familyId: '2' as '1' })).toThrow(/familyId must be '1'/);
  });
});

describe('revocation and expiry', () => {
  it('fails with AADSTS50173 once the user’s refresh tokens are revoked, naming both dates', async () => {
    const token = await signedIn();
    clock += 1000;
    emulator.revokeRefreshTokens(ada.username, emulator.tenantId);
    const { json } = await refresh(token);
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
    expect(json.error_description).toMatch(
      /^AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed\. .*The grant was issued on '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z' and the TokensValidFrom date \(before which tokens are not valid\) for this user is '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z'\./,
    );
    expect((await refresh(await signedIn())).status).toBe(200); // a new sign-in works again
  });

  it('throws for revoking an unknown user', () => {
    expect(() => emulator.revokeRefreshTokens('nobody@contoso.example')).toThrow(
      /No user 'nobody@contoso.example'/,
    );
  });

  it('expires after 90 days without use (AADSTS700082); each new refresh token starts its own 90 days', async () => {
    const first = await signedIn();
    clock += 89 * 86400_000;
    const rotated = String((await refresh(first)).json.refresh_token);
    clock += 86400_000;
    const { json } = await refresh(first);
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [700082] });
    expect(json.error_description).toContain('and was inactive for 90.00:00:00.');
    expect((await refresh(rotated)).status).toBe(200);
  });

  it('honours an app’s refreshTokenLifetimeSeconds', async () => {
    const brief = emulator.registerApp({ publicClient: true, refreshTokenLifetimeSeconds: 3600 });
    const token = await signedIn(brief.clientId);
    clock += 3600_000;
    const { json } = await refresh(token, { client_id: brief.clientId });
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [700082] });
    expect(json.error_description).toContain('inactive for 0.01:00:00.');
  });

  it('gives a SPA a fixed 24 hours that rotation does not extend (AADSTS700084)', async () => {
    const spaUri = 'http://localhost:5173/';
    const spa = emulator.registerApp({ spaRedirectUris: [spaUri] });
    const headers = { origin: 'http://localhost:5173' };
    const start = await signInForTokens(emulator, {
      clientId: spa.clientId,
      user: ada,
      redirectUri: spaUri,
      headers,
    });
    expect(start.json.refresh_token_expires_in).toBe(86400);
    clock += 12 * 3600_000;
    const spaClient = { client_id: spa.clientId };
    const half = await refresh(String(start.json.refresh_token), spaClient, emulator.tenantId, headers);
    expect(half.json.refresh_token_expires_in).toBe(43200);
    clock += 12 * 3600_000;
    const late = await refresh(String(half.json.refresh_token), spaClient, emulator.tenantId, headers);
    expect(late.json).toMatchObject({ error: 'invalid_grant', error_codes: [700084] });
    expect(late.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('what a dead refresh token is told (suberror bad_token, on which MSAL deletes it)', () => {
  it('marks a revoked (AADSTS50173), inactive (AADSTS700082) or SPA-expired (AADSTS700084) token bad_token', async () => {
    const revoked = await signedIn();
    clock += 1000;
    emulator.revokeRefreshTokens(ada.username, emulator.tenantId);
    expect((await refresh(revoked)).json).toMatchObject({ error_codes: [50173], suberror: 'bad_token' });

    const idle = await signedIn();
    clock += 90 * 86400_000;
    expect((await refresh(idle)).json).toMatchObject({ error_codes: [700082], suberror: 'bad_token' });

    const spaUri = 'http://localhost:5174/';
    const spa = emulator.registerApp({ spaRedirectUris: [spaUri] });
    const headers = { origin: 'http://localhost:5174' };
    const start = await signInForTokens(emulator, {
      clientId: spa.clientId,
      user: ada,
      redirectUri: spaUri,
      headers,
    });
    clock += 24 * 3600_000;
    const late = await refresh(
      String(start.json.refresh_token),
      { client_id: spa.clientId },
      emulator.tenantId,
      headers,
    );
    expect(late.json).toMatchObject({ error_codes: [700084], suberror: 'bad_token' });
  });

  it('says nothing of the token when the request is at fault: another client, a tenant the user is not in, no consent', async () => {
    const token = await signedIn();
    const other = emulator.registerApp({ publicClient: true, multiTenant: true });
    const answers = [
      (await refresh(token, { client_id: other.clientId })).json,
      (await refresh(token, {}, emulator.registerTenant())).json,
      (await refresh(token, { scope: 'https://vault.azure.net/.default' })).json,
    ];
    expect(answers.map((json) => json.error_codes)).toEqual([[70000], [50020], [65001]]);
    for (const json of answers) expect(json).not.toHaveProperty('suberror');
  });
});

describe('tenants', () => {
  it('switches to a tenant the user is a guest of, with the guest’s object there and the same home account', async () => {
    const fabrikam = emulator.registerTenant();
    const grace = { username: 'grace@contoso.example', password: 'cobol' };
    const { objectId } = emulator.registerUser({ ...grace, guestTenants: [fabrikam] });
    const { json } = await signInForTokens(emulator, { clientId: app.clientId, user: grace });
    const guest = await refresh(String(json.refresh_token), {}, fabrikam);
    expect(guest.status).toBe(200);
    const claims = claimsOf(guest.json.access_token);
    expect(claims.tid).toBe(fabrikam);
    expect(claims.oid).not.toBe(objectId);
    expect(claimsOf(guest.json.id_token)).toMatchObject({
      tid: fabrikam,
      idp: `https://sts.windows.net/${emulator.tenantId}/`,
    });
    expect(decodeClientInfo(guest.json.client_info)).toEqual({ uid: objectId, utid: emulator.tenantId });
  });

  it('refuses a tenant the user does not belong to (AADSTS50020)', async () => {
    const elsewhere = emulator.registerTenant();
    const { json } = await refresh(await signedIn(), {}, elsewhere);
    expect(json).toMatchObject({ error: 'invalid_grant', error_codes: [50020] });
  });

  it('keeps the tenant at /organizations and /common, which a single-tenant app may not use (AADSTS50194)', async () => {
    const token = await signedIn();
    const organizations = await refresh(token, {}, 'organizations');
    expect(claimsOf(organizations.json.access_token).tid).toBe(emulator.tenantId);
    const single = emulator.registerApp({ publicClient: true });
    const singleToken = await signedIn(single.clientId);
    const { json } = await refresh(singleToken, { client_id: single.clientId }, 'common');
    expect(json).toMatchObject({ error: 'invalid_request', error_codes: [50194] });
  });
});
