// The whole exchange over loopback HTTP: a user token minted by the emulator for the middle-tier API is
// exchanged for a downstream token, with each flavour of client credential.
import { AuthenticationError, TokenCache } from '@identity/core';
import { startEmulator } from '@identity/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCertificateFile } from '../test/on-behalf-of-test-support.js';
import { OnBehalfOfCredential } from './on-behalf-of-credential.js';

let emulator: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  emulator = await startEmulator({ rejectAssertionReplay: false });
});
afterAll(() => emulator.stop());

const DOWNSTREAM = 'api://downstream/Files.Read';
const ada = { oid: '0f0e0d0c-0b0a-4908-8706-050403020100', upn: 'ada@contoso.example', name: 'Ada Lovelace' };
const grace = {
  oid: '1f1e1d1c-1b1a-4918-8716-151413121110',
  upn: 'grace@contoso.example',
  name: 'Grace Hopper',
};

async function expectDelegated(token: string, clientId: string, user: typeof ada) {
  expect(await emulator.verifyAccessToken(token)).toMatchObject({
    aud: 'api://downstream',
    azp: clientId,
    idtyp: 'user',
    oid: user.oid,
    upn: user.upn,
    name: user.name,
    scp: 'Files.Read',
  });
}

describe('OnBehalfOfCredential against the emulator', () => {
  it('exchanges the user token with a client secret; two users, two requests; the same user again, none', async () => {
    const api = emulator.registerApp();
    const options = {
      tenantId: api.tenantId,
      clientId: api.clientId,
      clientSecret: api.clientSecret ?? '',
      authorityHost: emulator.url,
      env: {},
    };
    const adaToken = emulator.mintUserToken({ audience: `api://${api.clientId}`, user: ada });
    const graceToken = emulator.mintUserToken({ audience: api.clientId, user: grace });
    const forAda = new OnBehalfOfCredential({ ...options, userAssertionToken: adaToken });
    const forGrace = new OnBehalfOfCredential({ ...options, userAssertionToken: graceToken });
    const before = emulator.requestCount('token');
    await expectDelegated((await forAda.getToken(DOWNSTREAM)).token, api.clientId, ada);
    await expectDelegated((await forGrace.getToken(DOWNSTREAM)).token, api.clientId, grace);
    await forAda.getToken(DOWNSTREAM);
    expect(emulator.requestCount('token') - before).toBe(2);
  });

  it('serves the per-request credentials of one user from a shared tokenCache, and never another user', async () => {
    const api = emulator.registerApp();
    const tokenCache = new TokenCache();
    const perRequest = (userAssertionToken: string) =>
      new OnBehalfOfCredential({
        tenantId: api.tenantId,
        clientId: api.clientId,
        clientSecret: api.clientSecret ?? '',
        userAssertionToken,
        authorityHost: emulator.url,
        env: {},
        tokenCache,
      });
    const adaToken = emulator.mintUserToken({ audience: api.clientId, user: ada });
    const graceToken = emulator.mintUserToken({ audience: api.clientId, user: grace });
    const before = emulator.requestCount('token');
    const [first, again] = [
      await perRequest(adaToken).getToken(DOWNSTREAM),
      await perRequest(adaToken).getToken(DOWNSTREAM),
    ];
    expect(again.token).toBe(first.token);
    await expectDelegated((await perRequest(graceToken).getToken(DOWNSTREAM)).token, api.clientId, grace);
    expect(emulator.requestCount('token') - before).toBe(2);
  });

  it('exchanges the user token with a certificate file', async () => {
    const { certificatePem, path } = testCertificateFile();
    const api = emulator.registerApp({ certificates: [certificatePem] });
    const credential = new OnBehalfOfCredential({
      tenantId: api.tenantId,
      clientId: api.clientId,
      certificatePath: path,
      userAssertionToken: emulator.mintUserToken({ audience: `api://${api.clientId}`, user: ada }),
      authorityHost: emulator.url,
      env: {},
    });
    const token = (await credential.getToken(DOWNSTREAM)).token;
    await expectDelegated(token, api.clientId, ada);
    expect((await emulator.verifyAccessToken(token)).azpacr).toBe('2');
  });

  it('exchanges the user token with a federated assertion from getAssertion', async () => {
    const issuer = emulator.createIssuer('obo-workload');
    const api = emulator.registerApp({
      federatedCredentials: [{ issuer: issuer.issuer, subject: 'middle-tier' }],
    });
    const credential = new OnBehalfOfCredential({
      tenantId: api.tenantId,
      clientId: api.clientId,
      getAssertion: () => issuer.mint({ subject: 'middle-tier' }),
      userAssertionToken: emulator.mintUserToken({ audience: `api://${api.clientId}`, user: ada }),
      authorityHost: emulator.url,
      env: {},
    });
    await expectDelegated((await credential.getToken(DOWNSTREAM)).token, api.clientId, ada);
  });

  it("stops with Entra's error for an expired user token, and for one addressed to another API", async () => {
    const api = emulator.registerApp();
    const withUserToken = (userAssertionToken: string) =>
      new OnBehalfOfCredential({
        tenantId: api.tenantId,
        clientId: api.clientId,
        clientSecret: api.clientSecret ?? '',
        userAssertionToken,
        authorityHost: emulator.url,
        env: {},
      });
    const expired = emulator.mintUserToken({
      audience: `api://${api.clientId}`,
      user: ada,
      expiresInSeconds: -60,
    });
    const late = await withUserToken(expired)
      .getToken(DOWNSTREAM)
      .catch((e: unknown) => e);
    expect((late as AuthenticationError).errorResponse.errorCodes).toEqual([500133]);
    const elsewhere = emulator.mintUserToken({ audience: 'api://another-api', user: ada });
    const wrong = await withUserToken(elsewhere)
      .getToken(DOWNSTREAM)
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(wrong)).toBe(true);
    expect((wrong as AuthenticationError).errorResponse.errorCodes).toEqual([500131]);
    // The user's token is never in a message.
    expect((wrong as Error).message).not.toContain(elsewhere);
  });
});
