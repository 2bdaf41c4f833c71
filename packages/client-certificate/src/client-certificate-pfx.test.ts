// The PKCS#12 decoder against what openssl writes: each generation of the format, MAC and encryption choices, and
// files that are broken or protected differently than the caller thinks.
import { testSecret } from '@identity/tooling/test-world';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  derChildrenOf,
  derOf,
  makePfx,
  type TestCertificate,
  testCertificate,
  withIterationCount,
} from '../test/client-certificate-test-support.js';
import { CertificateError } from './client-certificate-error.js';
import { loadMaterial } from './client-certificate-material.js';
import { decodePfx } from './client-certificate-pfx.js';

let cert: TestCertificate;
let ca: TestCertificate;
let leaf: TestCertificate;
const password = testSecret('pfx-password');

beforeAll(async () => {
  [cert, ca] = await Promise.all([testCertificate(), testCertificate({ name: 'CN=pfx-test-ca' })]);
  leaf = await testCertificate({ issuer: ca });
});

const pkcs8 = (c: TestCertificate) => new Uint8Array(c.privateKey.export({ format: 'der', type: 'pkcs8' }));
const pfxOf = (
  c: TestCertificate,
  options: string[] = [],
  secret = password,
  chain: TestCertificate[] = [],
) =>
  new Uint8Array(
    makePfx({
      key: c.keyPem,
      certificates: [c.certificatePem, ...chain.map((x) => x.certificatePem)],
      password: secret,
      options,
    }),
  );

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CertificateError);
    expect((error as Error).message).not.toContain(password);
    return (error as CertificateError).problem;
  }
  throw new Error('expected a CertificateError');
}

describe('decodePfx', () => {
  it.each([
    ['PBES2/AES-256 with a SHA-256 MAC (OpenSSL 3)', []],
    ['RC2-40 certificates and a 3DES key with a SHA-1 MAC (Windows, OpenSSL 1.x)', ['-legacy']],
    ['a SHA-512 MAC', ['-macalg', 'sha512']],
    ['a SHA-1 MAC over PBES2', ['-macalg', 'sha1']],
    ['certificates not encrypted', ['-certpbe', 'NONE']],
    ['a 3DES key beside AES certificates', ['-keypbe', 'PBE-SHA1-3DES']],
    [
      'AES-128 with PBKDF2 over HMAC-SHA1',
      ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC', '-macalg', 'sha1'],
    ],
    ['one MAC iteration', ['-nomaciter']],
  ])('opens %s', (_name, options) => {
    const material = decodePfx(pfxOf(cert, options), password);
    expect(material.pkcs8).toEqual(pkcs8(cert));
    expect(material.certificates).toEqual([new Uint8Array(cert.der)]);
  });

  it('keeps the whole chain, in the order of the bags', () => {
    const material = decodePfx(pfxOf(leaf, [], password, [ca]), password);
    expect(new Set(material.certificates.map((der) => Buffer.from(der).toString('hex')))).toEqual(
      new Set([leaf.der.toString('hex'), ca.der.toString('hex')]),
    );
    expect(material.pkcs8).toEqual(pkcs8(leaf));
  });

  it('opens a PFX without a password, given none', () => {
    expect(decodePfx(pfxOf(cert, [], ''), undefined).pkcs8).toEqual(pkcs8(cert));
  });

  it('tells a missing password from a wrong one, with the MAC and without it', () => {
    for (const options of [[], ['-nomac']]) {
      const pfx = pfxOf(cert, options);
      expect(problemOf(() => decodePfx(pfx, undefined))).toBe('certificate_password_required');
      expect(problemOf(() => decodePfx(pfx, testSecret('wrong')))).toBe('certificate_password_incorrect');
    }
  });

  it('hands on a key that is not RSA, for the material check to name', async () => {
    const ec = await testCertificate({ keyType: 'ec' });
    const material = decodePfx(pfxOf(ec), password);
    await expect(loadMaterial(material)).rejects.toMatchObject({ problem: 'certificate_key_not_rsa' });
  });

  it('refuses a file that names more key derivation iterations than it may use, before deriving anything', () => {
    // 2^31 - 1 rounds of SHA-256 would hold the process for about an hour: a corrupt or hostile file must not.
    const pfx = pfxOf(cert);
    for (const count of [2 ** 31 - 1, 2 ** 64, 1_000_001]) {
      expect(problemOf(() => decodePfx(withIterationCount(pfx, count), password))).toBe(
        'certificate_malformed',
      );
    }
    expect(() => decodePfx(withIterationCount(pfx, 2 ** 31 - 1), password)).toThrow(/iterations/);
    // The key's own derivation counts too (a PFX without a MAC reaches it first).
    const keyOnly = pfxOf(cert, ['-nomac', '-certpbe', 'NONE']);
    const hostileKey = withIterationCount(keyOnly, 2 ** 31 - 1);
    expect(problemOf(() => decodePfx(hostileKey, password))).toBe('certificate_malformed');
    expect(() => decodePfx(hostileKey, password)).toThrow(/iterations/);
  });

  it('says a malformed MAC is malformed, not some parser error', () => {
    const pfx = pfxOf(cert);
    const [version, authSafe] = derChildrenOf(pfx);
    for (const mac of [
      derOf(0x30, new Uint8Array()),
      derOf(0x02, new Uint8Array([1])),
      // An unknown digest OID (1.2.3.4).
      derOf(
        0x30,
        derOf(0x30, derOf(0x30, derOf(0x06, new Uint8Array([0x2a, 3, 4]))), derOf(0x04, new Uint8Array(20))),
        derOf(0x04, new Uint8Array(8)),
      ),
    ]) {
      const broken = derOf(0x30, version as Uint8Array, authSafe as Uint8Array, mac);
      expect(problemOf(() => decodePfx(broken, password))).toBe('certificate_malformed');
    }
  });

  it('says a PFX without a key has none, and broken bytes are malformed', () => {
    const certificatesOnly = pfxOf(cert, ['-nokeys']);
    expect(problemOf(() => decodePfx(certificatesOnly, password))).toBe('certificate_key_missing');
    const pfx = pfxOf(cert);
    expect(problemOf(() => decodePfx(pfx.subarray(0, pfx.length - 40), password))).toBe(
      'certificate_malformed',
    );
    expect(problemOf(() => decodePfx(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]), password))).toBe(
      'certificate_malformed',
    );
  });
});
