// Against the emulator over real loopback HTTP: the emulator verifies the assertion's signature with the
// registered certificate, its thumbprint, audience, lifetime and issuer.
import { AuthenticationError } from '@identity/core';
import { startEmulator } from '@identity/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makePfx,
  type TestCertificate,
  temporaryDirectory,
  testCertificate,
  writeSecretFile,
} from '../test/client-certificate-test-support.js';
// The Node entry's class: files, PFX and encrypted keys need it.
import { ClientCertificateCredential } from './index.node.js';

let emulator: Awaited<ReturnType<typeof startEmulator>>;
let cert: TestCertificate;
let other: TestCertificate;

beforeAll(async () => {
  // Our assertions are reused within their lifetime, as MSAL's are and Entra allows.
  emulator = await startEmulator({ rejectAssertionReplay: false });
  [cert, other] = await Promise.all([testCertificate(), testCertificate()]);
});
afterAll(() => emulator.stop());

describe('ClientCertificateCredential against the emulator', () => {
  it('gets a token with an in-memory PEM, then serves it from the cache', async () => {
    const app = emulator.registerApp({ certificates: [cert.certificatePem] });
    const credential = new ClientCertificateCredential(
      app.tenantId,
      app.clientId,
      { certificate: cert.certificatePem + cert.keyPem },
      { authorityHost: emulator.url, env: {} },
    );
    const before = emulator.requestCount('token');
    const token = await credential.getToken('https://vault.azure.net/.default');
    await credential.getToken('https://vault.azure.net/.default');
    expect(emulator.requestCount('token') - before).toBe(1);
    const claims = await emulator.verifyAccessToken(token.token);
    expect(claims).toMatchObject({ aud: 'https://vault.azure.net', appid: app.clientId, appidacr: '2' });
  });

  it('gets tokens for two resources with one reused assertion', async () => {
    const app = emulator.registerApp({ certificates: [cert.certificatePem] });
    const credential = new ClientCertificateCredential(
      app.tenantId,
      app.clientId,
      { certificate: cert.certificatePem + cert.keyPem },
      { authorityHost: emulator.url, env: {} },
    );
    const a = await credential.getToken('https://storage.azure.com/.default');
    const b = await credential.getToken('api://my-api/.default');
    expect((await emulator.verifyAccessToken(a.token)).aud).toBe('https://storage.azure.com');
    expect((await emulator.verifyAccessToken(b.token)).aud).toBe('api://my-api');
  });

  it('gets a token with a PFX file, and reads the file again at the next token request', async () => {
    const app = emulator.registerApp({ certificates: [cert.certificatePem] });
    const dir = temporaryDirectory();
    const pfx = (c: TestCertificate) =>
      makePfx({ key: c.keyPem, certificates: [c.certificatePem], password: '' });
    const path = writeSecretFile(dir, 'app.pfx', pfx(cert));
    const credential = new ClientCertificateCredential(app.tenantId, app.clientId, path, {
      authorityHost: emulator.url,
      env: {},
    });
    const token = await credential.getToken('https://vault.azure.net/.default');
    expect((await emulator.verifyAccessToken(token.token)).appid).toBe(app.clientId);
    // Rotated to a certificate the app does not know: the refusal proves the new file was used.
    writeSecretFile(dir, 'app.pfx', pfx(other));
    const error = await credential.getToken('https://management.azure.com/.default').catch((e: unknown) => e);
    expect((error as AuthenticationError).errorResponse.errorCodes).toEqual([700027]);
  });

  it("stops with Entra's error when the certificate is not registered on the app", async () => {
    const app = emulator.registerApp({ certificates: [other.certificatePem] });
    const credential = new ClientCertificateCredential(
      app.tenantId,
      app.clientId,
      { certificate: cert.certificatePem + cert.keyPem },
      { authorityHost: emulator.url, env: {} },
    );
    const error = await credential.getToken('https://vault.azure.net/.default').catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).statusCode).toBe(401);
    expect((error as AuthenticationError).errorResponse.errorCodes).toEqual([700027]);
  });
});
