import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { testSecret } from '@identity/tooling/test-world';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  encryptedPkcs8Pem,
  makePfx,
  pkcs1Pem,
  type TestCertificate,
  temporaryDirectory,
  testCertificate,
  withIterationCount,
  writeSecretFile,
} from '../test/client-certificate-test-support.js';
import { decodeCertificate, readCertificateFile } from './client-certificate-node.js';

let cert: TestCertificate;
let ca: TestCertificate;
let leaf: TestCertificate;
const password = testSecret('certificate-password');

beforeAll(async () => {
  cert = await testCertificate();
  ca = await testCertificate({ name: 'CN=test-ca' });
  leaf = await testCertificate({ issuer: ca });
});

const pkcs8Der = (c: TestCertificate) =>
  new Uint8Array(c.privateKey.export({ format: 'der', type: 'pkcs8' }));

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { problem?: string; message: string } | undefined;
  expect(error, 'expected a failure').toBeDefined();
  expect(error?.message).not.toMatch(/PRIVATE KEY|TEST-SECRET/);
  return error?.problem ?? 'none';
}

describe('decodeCertificate: PEM', () => {
  it('takes an unencrypted PKCS#8 key as is', async () => {
    const material = await decodeCertificate(cert.certificatePem + cert.keyPem, undefined);
    expect(material.pkcs8).toEqual(pkcs8Der(cert));
    expect(material.certificates).toEqual([new Uint8Array(cert.der)]);
  });

  it('converts a PKCS#1 RSA key to PKCS#8', async () => {
    const material = await decodeCertificate(pkcs1Pem(cert) + cert.certificatePem, undefined);
    expect(material.pkcs8).toEqual(pkcs8Der(cert));
  });

  it('decrypts an encrypted PKCS#8 key with its password', async () => {
    const pem = cert.certificatePem + encryptedPkcs8Pem(cert, password);
    expect((await decodeCertificate(pem, password)).pkcs8).toEqual(pkcs8Der(cert));
  });

  it('decrypts a legacy encrypted PEM key (Proc-Type headers) with its password', async () => {
    const key = cert.privateKey.export({
      format: 'pem',
      type: 'pkcs1',
      cipher: 'aes-256-cbc',
      passphrase: password,
    });
    const pem = cert.certificatePem + String(key);
    expect((await decodeCertificate(pem, password)).pkcs8).toEqual(pkcs8Der(cert));
    expect(await problemOf(decodeCertificate(pem, undefined))).toBe('certificate_password_required');
  });

  it('says the password is required, or wrong, without quoting the key', async () => {
    const pem = cert.certificatePem + encryptedPkcs8Pem(cert, password);
    expect(await problemOf(decodeCertificate(pem, undefined))).toBe('certificate_password_required');
    expect(await problemOf(decodeCertificate(pem, testSecret('wrong')))).toBe(
      'certificate_password_incorrect',
    );
  });

  it('refuses an encrypted key that names more key derivation iterations than a PFX may, before OpenSSL runs them', async () => {
    // OpenSSL would run 2^31 - 1 rounds of PBKDF2 synchronously: the process would hang for an hour.
    const der = Buffer.from(encryptedPkcs8Pem(cert, password).replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const hostile = Buffer.from(withIterationCount(der, 2 ** 31 - 1)).toString('base64');
    const pem = `${cert.certificatePem}-----BEGIN ENCRYPTED PRIVATE KEY-----\n${hostile}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    await expect(decodeCertificate(pem, password)).rejects.toMatchObject({
      problem: 'certificate_malformed',
      message: expect.stringContaining('iterations'),
    });
  });

  it('keeps every certificate in file order, and accepts bytes', async () => {
    const pem = leaf.certificatePem + ca.certificatePem + leaf.keyPem;
    const material = await decodeCertificate(new TextEncoder().encode(pem), undefined);
    expect(material.certificates).toEqual([new Uint8Array(leaf.der), new Uint8Array(ca.der)]);
  });

  it('refuses a PEM without a key, or with a key that is not RSA', async () => {
    expect(await problemOf(decodeCertificate(cert.certificatePem, undefined))).toBe(
      'certificate_key_missing',
    );
    const ec = await testCertificate({ keyType: 'ec' });
    const ecPkcs1 = ec.privateKey.export({ format: 'pem', type: 'sec1' }) as string;
    expect(await problemOf(decodeCertificate(ec.certificatePem + ecPkcs1, undefined))).toBe(
      'certificate_key_not_rsa',
    );
  });
});

describe('decodeCertificate: PFX', () => {
  it('opens a password-protected PFX (PBES2/AES, OpenSSL 3) with its chain', async () => {
    const pfx = makePfx({
      key: leaf.keyPem,
      certificates: [leaf.certificatePem, ca.certificatePem],
      password,
    });
    const material = await decodeCertificate(new Uint8Array(pfx), password);
    expect(material.pkcs8).toEqual(pkcs8Der(leaf));
    expect(material.certificates.map((c) => Buffer.from(c).toString('base64'))).toEqual(
      expect.arrayContaining([leaf.der.toString('base64'), ca.der.toString('base64')]),
    );
  });

  it('opens a legacy PFX (RC2/3DES, as Windows and OpenSSL 1.x write them)', async () => {
    const pfx = makePfx({ key: cert.keyPem, certificates: [cert.certificatePem], password, legacy: true });
    const material = await decodeCertificate(new Uint8Array(pfx), password);
    expect(material.pkcs8).toEqual(pkcs8Der(cert));
    expect(material.certificates).toEqual([new Uint8Array(cert.der)]);
  });

  it('opens a PFX without a password', async () => {
    const pfx = makePfx({ key: cert.keyPem, certificates: [cert.certificatePem], password: '' });
    expect((await decodeCertificate(new Uint8Array(pfx), undefined)).pkcs8).toEqual(pkcs8Der(cert));
  });

  it('says the password is required, or wrong', async () => {
    const pfx = new Uint8Array(makePfx({ key: cert.keyPem, certificates: [cert.certificatePem], password }));
    expect(await problemOf(decodeCertificate(pfx, undefined))).toBe('certificate_password_required');
    expect(await problemOf(decodeCertificate(pfx, testSecret('wrong')))).toBe(
      'certificate_password_incorrect',
    );
  });

  it('says bytes that are neither PEM nor PKCS#12 are malformed', async () => {
    expect(await problemOf(decodeCertificate(new Uint8Array([0x30, 0x82, 0x01]), undefined))).toBe(
      'certificate_malformed',
    );
    expect(await problemOf(decodeCertificate(new Uint8Array([1, 2, 3, 4]), undefined))).toBe(
      'certificate_malformed',
    );
  });
});

describe('readCertificateFile', () => {
  it('reads a file, and names a missing one by path', async () => {
    const dir = temporaryDirectory();
    const path = writeSecretFile(dir, 'app.pem', cert.certificatePem);
    expect(new TextDecoder().decode(await readCertificateFile(path))).toBe(cert.certificatePem);
    const missing = `${dir}/missing.pem`;
    await expect(readCertificateFile(missing)).rejects.toMatchObject({
      problem: 'certificate_not_found',
      message: expect.stringContaining(missing),
    });
  });

  it('follows a symbolic link, as a Kubernetes secret volume is made of', async () => {
    const dir = temporaryDirectory();
    const target = writeSecretFile(dir, 'app.pem', cert.certificatePem);
    symlinkSync(target, join(dir, 'linked.pem'));
    expect(new TextDecoder().decode(await readCertificateFile(join(dir, 'linked.pem')))).toBe(
      cert.certificatePem,
    );
  });

  it('refuses a file far larger than a certificate, without reading it', async () => {
    const dir = temporaryDirectory();
    const path = writeSecretFile(dir, 'huge.pem', new Uint8Array(2 * 1024 * 1024));
    await expect(readCertificateFile(path)).rejects.toMatchObject({
      problem: 'certificate_not_found',
      message: expect.stringContaining('not a file of at most 1 MiB'),
    });
  });

  it.each([
    // A directory, and a device that never ends: reading it would take all the memory there is.
    ['a directory', () => temporaryDirectory()],
    ['/dev/zero', () => '/dev/zero'],
    // A FIFO without a writer: opening it would wait for ever, and hold a thread that keeps the process from exiting.
    [
      'a FIFO',
      () => {
        const path = join(temporaryDirectory(), 'app.pem');
        execFileSync('mkfifo', [path]);
        return path;
      },
    ],
  ])('refuses %s, which is not a certificate file', async (_name, makePath) => {
    if (process.platform === 'win32') return;
    await expect(readCertificateFile(makePath())).rejects.toMatchObject({
      problem: 'certificate_not_found',
    });
  });
});
