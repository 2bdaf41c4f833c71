import {
  AbortError,
  AuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '@identity/core';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSecretCredential } from './client-secret-credential.js';

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const clientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const scope = 'https://vault.azure.net/.default';

describe('ClientSecretCredential construction', () => {
  it('refuses bad input at once, with a message naming the credential and the argument, and sends nothing', () => {
    const { fetch, requests } = scriptedFetch(() => new Response('{}'));
    const cases: [string, string, string, Record<string, unknown>, RegExp][] = [
      ['', clientId, 's', {}, /ClientSecretCredential: tenantId is missing/],
      ['bad tenant', clientId, 's', {}, /tenantId "bad tenant" is not valid/],
      [tenantId, '', 's', {}, /ClientSecretCredential: clientId is missing/],
      [tenantId, clientId, '', {}, /ClientSecretCredential: clientSecret is missing/],
      [
        tenantId,
        clientId,
        's',
        { authorityHost: 'http://login.microsoftonline.com' },
        /must be an https URL/,
      ],
    ];
    for (const [tenant, client, secret, options, message] of cases) {
      expect(() => new ClientSecretCredential(tenant, client, secret, { fetch, ...options })).toThrow(
        message,
      );
      expect(() => new ClientSecretCredential(tenant, client, secret, { fetch, ...options })).toThrow(
        InvalidArgumentError,
      );
    }
    expect(requests).toHaveLength(0);
  });
});

describe('ClientSecretCredential against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  function credentialFor(app: { tenantId: string; clientId: string }, secret: string, options = {}) {
    return new ClientSecretCredential(app.tenantId, app.clientId, secret, {
      authorityHost: emulator.url,
      ...options,
    });
  }

  it('gets a signed token whose claims name the app and the resource', async () => {
    const secret = testSecret('app');
    const app = emulator.registerApp({ clientSecret: secret });
    const token = await credentialFor(app, secret).getToken(scope);
    expect(token.tokenType).toBe('Bearer');
    expect(token.refreshAfterTimestamp).toBeLessThan(token.expiresOnTimestamp);
    expect(await emulator.verifyAccessToken(token.token)).toMatchObject({
      aud: 'https://vault.azure.net',
      appid: app.clientId,
    });
  });

  it('serves repeated and concurrent calls from one request', async () => {
    const secret = testSecret('app');
    const app = emulator.registerApp({ clientSecret: secret });
    const credential = credentialFor(app, secret);
    const before = emulator.requestCount('token');
    await Promise.all(Array.from({ length: 100 }, () => credential.getToken(scope)));
    await credential.getToken(scope);
    expect(emulator.requestCount('token') - before).toBe(1);
  });

  it('sends nothing for a caller that has already aborted', async () => {
    const secret = testSecret('app');
    const app = emulator.registerApp({ clientSecret: secret });
    const credential = credentialFor(app, secret);
    const before = emulator.requestCount('token');
    await expect(credential.getToken(scope, { abortSignal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    // A request for another resource, sent after: by its answer, one sent for the aborted call has arrived too.
    await credential.getToken('https://storage.azure.com/.default');
    expect(emulator.requestCount('token') - before).toBe(1);
  });

  it('asks for a CAE token with the cp1 capability', async () => {
    const secret = testSecret('app');
    const app = emulator.registerApp({ clientSecret: secret });
    const token = await credentialFor(app, secret).getToken(scope, { enableCae: true });
    expect(await emulator.verifyAccessToken(token.token)).toMatchObject({ xms_cc: ['cp1'] });
  });

  it('gets tokens from an allowed other tenant, and is unavailable for others', async () => {
    const secret = testSecret('app');
    const home = emulator.registerApp({ clientSecret: secret });
    const other = emulator.registerTenant();
    emulator.registerApp({ tenantId: other, clientId: home.clientId, clientSecret: secret });
    const credential = credentialFor(home, secret, { additionallyAllowedTenants: [other] });
    const token = await credential.getToken(scope, { tenantId: other });
    expect(await emulator.verifyAccessToken(token.token)).toMatchObject({ tid: other });
    await expect(credential.getToken(scope, { tenantId: emulator.registerTenant() })).rejects.toBeInstanceOf(
      CredentialUnavailableError,
    );
  });

  it("reports a wrong secret as an AuthenticationError that keeps Entra's details and hides the secret", async () => {
    const app = emulator.registerApp({ clientSecret: testSecret('right') });
    const wrong = testSecret('wrong');
    const error = await credentialFor(app, wrong)
      .getToken(scope)
      .catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.errorResponse.error).toBe('invalid_client');
    expect(error.message).toMatch(
      /^ClientSecretCredential failed \(HTTP 401\): invalid_client - AADSTS7000215/,
    );
    expect(error.message).not.toContain(wrong);
  });
});
