// Against the emulator over real loopback HTTP: a federated token from an issuer the app trusts.
import { AuthenticationError } from '@identity/core';
import { type Emulator, startEmulator } from '@identity/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClientAssertionCredential } from './client-assertion-credential.js';

const SUBJECT = 'system:serviceaccount:default:worker';
const SCOPE = 'https://vault.azure.net/.default';

describe('ClientAssertionCredential against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it('exchanges a federated token for an access token, calling the callback once per token request', async () => {
    const k8s = emulator.createIssuer('k8s');
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }],
      roles: ['Secrets.Read'],
    });
    const getAssertion = vi.fn(() => k8s.mint({ subject: SUBJECT }));
    const credential = new ClientAssertionCredential(app.tenantId, app.clientId, getAssertion, {
      authorityHost: emulator.url,
    });

    const tokens = await Promise.all(Array.from({ length: 20 }, () => credential.getToken(SCOPE)));
    await credential.getToken(SCOPE);
    const claims = await emulator.verifyAccessToken(tokens[0]!.token);

    expect(claims).toMatchObject({ appid: app.clientId, tid: app.tenantId, roles: ['Secrets.Read'] });
    expect(getAssertion).toHaveBeenCalledTimes(1);
    expect(emulator.requests.filter((r) => r.clientId === app.clientId)).toHaveLength(1);

    await credential.getToken('https://storage.azure.com/.default');
    expect(getAssertion).toHaveBeenCalledTimes(2);
  });

  it('fails with Entra’s error when the token’s subject is not federated', async () => {
    const k8s = emulator.createIssuer('k8s');
    const app = emulator.registerApp({ federatedCredentials: [{ issuer: k8s.issuer, subject: SUBJECT }] });
    const credential = new ClientAssertionCredential(
      app.tenantId,
      app.clientId,
      () => k8s.mint({ subject: 'system:serviceaccount:default:intruder' }),
      { authorityHost: emulator.url },
    );
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.errorResponse.errorCodes).toEqual([700213]);
    expect(error.message).toContain('ClientAssertionCredential failed (HTTP 401)');
  });
});
