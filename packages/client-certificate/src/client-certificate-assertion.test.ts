import { AuthenticationError, InvalidArgumentError } from '@identity/core';
import { manualClock } from '@identity/tooling/test-world';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeJwt,
  type TestCertificate,
  temporaryDirectory,
  testCertificate,
  verifyJwt,
  writeSecretFile,
} from '../test/client-certificate-test-support.js';
// The Node entry's class: certificate files need it.
import { ClientCertificateAssertion } from './index.node.js';

const CLIENT_ID = '00000000-0000-0000-0000-0000000000c1';
const TOKEN_URL = 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token';
let cert: TestCertificate;
let ca: TestCertificate;
let leaf: TestCertificate;

beforeAll(async () => {
  [cert, ca] = await Promise.all([testCertificate(), testCertificate({ name: 'CN=assertion-test-ca' })]);
  leaf = await testCertificate({ issuer: ca });
});

function assertionFor(
  pem: string,
  options: Partial<ConstructorParameters<typeof ClientCertificateAssertion>[0]> = {},
) {
  return new ClientCertificateAssertion({
    clientId: CLIENT_ID,
    certificate: { certificate: pem },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<AuthenticationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(AuthenticationError.isInstance(error)).toBe(true);
  expect((error as Error).message).not.toMatch(/PRIVATE KEY|MII/);
  return error as AuthenticationError;
}

describe('ClientCertificateAssertion', () => {
  it('signs PS256 with x5t#S256, for the token URL, issued by and about the client', async () => {
    const clock = manualClock(Date.now());
    const jwt = await assertionFor(cert.certificatePem + cert.keyPem, { clock }).getAssertion(TOKEN_URL);
    const { header, claims } = decodeJwt(jwt);
    expect(header).toEqual({ alg: 'PS256', typ: 'JWT', 'x5t#S256': cert.x5tS256 });
    const now = Math.floor(clock.now() / 1000);
    expect(claims).toEqual({
      aud: TOKEN_URL,
      iss: CLIENT_ID,
      sub: CLIENT_ID,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      nbf: now,
      iat: now,
      exp: now + 600,
    });
    expect(verifyJwt(jwt, cert.publicKey)).toBe(true);
  });

  it('signs RS256 with the SHA-1 x5t when asked (AD FS)', async () => {
    const jwt = await assertionFor(cert.keyPem + cert.certificatePem, { algorithm: 'RS256' }).getAssertion(
      TOKEN_URL,
    );
    expect(decodeJwt(jwt).header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: cert.x5t });
    expect(verifyJwt(jwt, cert.publicKey)).toBe(true);
  });

  it('sends the whole chain as x5c, in file order, when sendCertificateChain is set', async () => {
    const pem = leaf.certificatePem + ca.certificatePem + leaf.keyPem;
    const jwt = await assertionFor(pem, { sendCertificateChain: true }).getAssertion(TOKEN_URL);
    const { header } = decodeJwt(jwt);
    expect(header.x5c).toEqual([leaf.der.toString('base64'), ca.der.toString('base64')]);
    expect(header['x5t#S256']).toBe(leaf.x5tS256);
    expect(decodeJwt(await assertionFor(pem).getAssertion(TOKEN_URL)).header.x5c).toBeUndefined();
  });

  it('puts the certificate that holds the key first in x5c (RFC 7515), the rest in file order', async () => {
    const pem = ca.certificatePem + leaf.certificatePem + leaf.keyPem;
    const jwt = await assertionFor(pem, { sendCertificateChain: true }).getAssertion(TOKEN_URL);
    expect(decodeJwt(jwt).header.x5c).toEqual([leaf.der.toString('base64'), ca.der.toString('base64')]);
  });

  it('takes the thumbprint of the certificate that matches the key, wherever it is in the file', async () => {
    const jwt = await assertionFor(ca.certificatePem + leaf.certificatePem + leaf.keyPem).getAssertion(
      TOKEN_URL,
    );
    expect(decodeJwt(jwt).header['x5t#S256']).toBe(leaf.x5tS256);
  });

  it('reuses the signed assertion per audience until two minutes before it expires', async () => {
    const clock = manualClock(Date.now());
    const assertion = assertionFor(cert.certificatePem + cert.keyPem, { clock });
    const first = await assertion.getAssertion(TOKEN_URL);
    await clock.advance(470_000);
    expect(await assertion.getAssertion(TOKEN_URL)).toBe(first);
    const other = await assertion.getAssertion(`${TOKEN_URL}x`);
    expect(other).not.toBe(first);
    expect(decodeJwt(other).claims.aud).toBe(`${TOKEN_URL}x`);
    await clock.advance(20_000);
    const renewed = await assertion.getAssertion(TOKEN_URL);
    expect(renewed).not.toBe(first);
    expect(decodeJwt(renewed).claims.jti).not.toBe(decodeJwt(first).claims.jti);
  });

  it('uses a rotated certificate file at the next call, without a restart', async () => {
    const dir = temporaryDirectory();
    const path = writeSecretFile(dir, 'app.pem', cert.certificatePem + cert.keyPem);
    const assertion = new ClientCertificateAssertion({ clientId: CLIENT_ID, certificate: path });
    const before = await assertion.getAssertion(TOKEN_URL);
    expect(await assertion.getAssertion(TOKEN_URL)).toBe(before);
    writeSecretFile(dir, 'app.pem', leaf.certificatePem + leaf.keyPem);
    const after = await assertion.getAssertion(TOKEN_URL);
    expect(decodeJwt(after).header['x5t#S256']).toBe(leaf.x5tS256);
    expect(verifyJwt(after, leaf.publicKey)).toBe(true);
  });

  it('refuses an expired certificate, and one not yet valid', async () => {
    const expired = await testCertificate({
      notBefore: new Date(Date.now() - 2 * 86400_000),
      notAfter: new Date(Date.now() - 86400_000),
    });
    const future = await testCertificate({
      notBefore: new Date(Date.now() + 86400_000),
      notAfter: new Date(Date.now() + 2 * 86400_000),
    });
    const a = await failure(assertionFor(expired.certificatePem + expired.keyPem).getAssertion(TOKEN_URL));
    expect(a.errorResponse.error).toBe('certificate_expired');
    expect(a.message).toContain('expired on');
    const b = await failure(assertionFor(future.certificatePem + future.keyPem).getAssertion(TOKEN_URL));
    expect(b.errorResponse.error).toBe('certificate_not_yet_valid');
  });

  it('refuses a key that belongs to no certificate of the file', async () => {
    const error = await failure(assertionFor(cert.certificatePem + leaf.keyPem).getAssertion(TOKEN_URL));
    expect(error.errorResponse.error).toBe('certificate_key_mismatch');
    expect(error.message).toMatch(/^ClientCertificateCredential failed: certificate_key_mismatch/);
  });

  it('refuses a key that is not RSA', async () => {
    const ec = await testCertificate({ keyType: 'ec' });
    const error = await failure(assertionFor(ec.certificatePem + ec.keyPem).getAssertion(TOKEN_URL));
    expect(error.errorResponse.error).toBe('certificate_key_not_rsa');
  });

  it('refuses a certificate block that is not a certificate', async () => {
    const garbage = '-----BEGIN CERTIFICATE-----\nAQIDBA==\n-----END CERTIFICATE-----\n';
    const error = await failure(assertionFor(garbage + cert.keyPem).getAssertion(TOKEN_URL));
    expect(error.errorResponse.error).toBe('certificate_malformed');
  });

  it('reports a missing file at use, naming the path', async () => {
    const path = `${temporaryDirectory()}/gone.pem`;
    const error = await failure(
      new ClientCertificateAssertion({
        clientId: CLIENT_ID,
        certificate: { certificatePath: path },
      }).getAssertion(TOKEN_URL),
    );
    expect(error.errorResponse.error).toBe('certificate_not_found');
    expect(error.message).toContain(path);
  });

  it('refuses at construction: both sources, neither, malformed or keyless PEM', () => {
    const construct = (certificate: unknown) => () =>
      new ClientCertificateAssertion({ clientId: CLIENT_ID, certificate: certificate as string });
    expect(construct({ certificate: cert.certificatePem, certificatePath: '/x.pem' })).toThrow(/not both/);
    expect(construct({})).toThrow(InvalidArgumentError);
    expect(construct(undefined)).toThrow(InvalidArgumentError);
    expect(construct({ certificatePath: '' })).toThrow(/certificatePath/);
    expect(construct({ certificatePath: 'a\0b' })).toThrow(/certificatePath/);
    expect(construct({ certificate: 'not pem' })).toThrow(/not PEM/);
    expect(construct({ certificate: cert.keyPem })).toThrow(/no "-----BEGIN CERTIFICATE-----"/);
    expect(construct({ certificate: cert.certificatePem })).toThrow(/no private key/);
    expect(construct({ certificate: '-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----' })).toThrow(
      /not valid base64/,
    );
    expect(construct({ certificate: cert.certificatePem + cert.keyPem, certificatePassword: 1 })).toThrow(
      /certificatePassword/,
    );
  });
});
