import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertionClaims,
  createTestCertificate,
  postToken,
  signTestJwt,
  type TestCertificate,
} from '../test/emulator-test-support.js';
import { ON_BEHALF_OF_GRANT_TYPE } from './emulator-on-behalf-of.js';
import { type Emulator, startEmulator } from './emulator-server.js';
import type { RegisteredApp } from './emulator-types.js';

let emulator: Emulator;
let api: RegisteredApp;
let certificate: TestCertificate;

beforeAll(async () => {
  emulator = await startEmulator();
  api = emulator.registerApp({ displayName: 'middle-tier-api' });
  certificate = await createTestCertificate();
});
afterAll(() => emulator.stop());

const user = {
  oid: '11111111-2222-4333-8444-555555555555',
  upn: 'ada@contoso.example',
  name: 'Ada Lovelace',
};

function oboForm(assertion: string, overrides: Record<string, string> = {}) {
  return {
    grant_type: ON_BEHALF_OF_GRANT_TYPE,
    requested_token_use: 'on_behalf_of',
    client_id: api.clientId,
    client_secret: api.clientSecret ?? '',
    assertion,
    scope: 'https://graph.microsoft.com/User.Read offline_access',
    ...overrides,
  };
}

describe('mintUserToken', () => {
  it("mints a signed user token for an API with the user's claims and scp", async () => {
    const token = emulator.mintUserToken({
      audience: `api://${api.clientId}`,
      scopes: ['access_as_user'],
      user,
    });
    const claims = await emulator.verifyAccessToken(token);
    expect(claims).toMatchObject({
      aud: `api://${api.clientId}`,
      idtyp: 'user',
      oid: user.oid,
      sub: user.oid,
      upn: user.upn,
      name: user.name,
      scp: 'access_as_user',
      tid: emulator.tenantId,
    });
  });

  it('needs an audience', () => {
    expect(() => emulator.mintUserToken({} as never)).toThrow(/audience/);
  });
});

describe('the on-behalf-of grant', () => {
  it('exchanges a user token addressed to the API for a delegated downstream token', async () => {
    const userToken = emulator.mintUserToken({ audience: `api://${api.clientId}`, user });
    const answer = await postToken(emulator, emulator.tenantId, oboForm(userToken));
    expect(answer.status).toBe(200);
    expect(answer.json.scope).toBe('https://graph.microsoft.com/User.Read');
    const claims = await emulator.verifyAccessToken(String(answer.json.access_token));
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      appid: api.clientId,
      appidacr: '1',
      idtyp: 'user',
      oid: user.oid,
      sub: user.oid,
      upn: user.upn,
      name: user.name,
      scp: 'User.Read',
      tid: emulator.tenantId,
    });
    expect(emulator.requests.at(-1)).toMatchObject({
      grantType: ON_BEHALF_OF_GRANT_TYPE,
      clientId: api.clientId,
    });
  });

  it('accepts a user token whose audience is the bare client id, and a certificate-authenticated API', async () => {
    const certApi = emulator.registerApp({ certificates: [certificate.pem] });
    const userToken = emulator.mintUserToken({ audience: certApi.clientId, user });
    const { client_secret: _none, ...form } = oboForm(userToken, {
      client_id: certApi.clientId,
      scope: 'api://downstream/.default',
    });
    const ok = await postToken(emulator, certApi.tenantId, {
      ...form,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: signTestJwt(
        { alg: 'PS256', typ: 'JWT', 'x5t#S256': certificate.x5tS256 },
        assertionClaims(emulator, certApi.tenantId, certApi.clientId),
        certificate.privateKey,
      ),
    });
    expect(ok.status).toBe(200);
    const claims = await emulator.verifyAccessToken(String(ok.json.access_token));
    expect(claims).toMatchObject({
      aud: 'api://downstream',
      azp: certApi.clientId,
      azpacr: '2',
      scp: 'user_impersonation',
    });
  });

  it('refuses a user token addressed to another API with AADSTS500131', async () => {
    const userToken = emulator.mintUserToken({ audience: 'api://someone-else', user });
    const answer = await postToken(emulator, emulator.tenantId, oboForm(userToken));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_grant', error_codes: [500131] });
  });

  it('refuses an expired user token with AADSTS500133 and a forged one with AADSTS50013', async () => {
    const expired = emulator.mintUserToken({
      audience: `api://${api.clientId}`,
      user,
      expiresInSeconds: -60,
    });
    const late = await postToken(emulator, emulator.tenantId, oboForm(expired));
    expect(late.json).toMatchObject({ error: 'invalid_grant', error_codes: [500133] });
    const forged = signTestJwt(
      { alg: 'RS256', typ: 'JWT', kid: 'not-the-emulator' },
      { aud: `api://${api.clientId}`, idtyp: 'user', scp: 'x', exp: Math.floor(Date.now() / 1000) + 600 },
      certificate.privateKey,
    );
    const bad = await postToken(emulator, emulator.tenantId, oboForm(forged));
    expect(bad.json).toMatchObject({ error: 'invalid_grant', error_codes: [50013] });
  });

  it('refuses an app-only token as the user assertion', async () => {
    const appToken = await postToken(emulator, emulator.tenantId, {
      grant_type: 'client_credentials',
      client_id: api.clientId,
      client_secret: api.clientSecret ?? '',
      scope: `api://${api.clientId}/.default`,
    });
    const answer = await postToken(emulator, emulator.tenantId, oboForm(String(appToken.json.access_token)));
    expect(answer.json).toMatchObject({ error: 'invalid_grant', error_codes: [50013] });
  });

  it('authenticates the API first, and wants requested_token_use=on_behalf_of', async () => {
    const userToken = emulator.mintUserToken({ audience: `api://${api.clientId}`, user });
    const wrongSecret = await postToken(
      emulator,
      emulator.tenantId,
      oboForm(userToken, { client_secret: 'nope' }),
    );
    expect(wrongSecret.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const wrongUse = await postToken(
      emulator,
      emulator.tenantId,
      oboForm(userToken, { requested_token_use: 'other' }),
    );
    expect(wrongUse.json).toMatchObject({ error: 'invalid_request' });
    const noAssertion = await postToken(emulator, emulator.tenantId, oboForm(''));
    expect(noAssertion.json).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });
});
