// Test material made on the fly: RSA and EC keys, self-signed and CA-issued certificates with chosen
// validity, every PEM key form, PFX files from openssl, and an independent verifier of our assertions.
import { execFileSync } from 'node:child_process';
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  verify,
} from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadX509 } from '@identity/emulator/x509';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { derChildren, readDer } from '../src/client-certificate-der.js';

/**
 * A key pair with its certificate, in the forms tests need.
 *
 * @example
 * ```ts
 * const { certificatePem, keyPem } = await testCertificate();
 * ```
 */
export interface TestCertificate {
  /** The certificate alone, PEM. */
  certificatePem: string;
  /** The unencrypted PKCS#8 private key, PEM. */
  keyPem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  der: Buffer;
  x5t: string;
  x5tS256: string;
  /** The WebCrypto keys, for issuing further certificates. */
  keys: CryptoKeyPair;
  name: string;
}

/**
 * What {@link testCertificate} makes.
 *
 * @example
 * ```ts
 * await testCertificate({ notAfter: new Date(Date.now() - 1000) }); // already expired
 * ```
 */
export interface TestCertificateOptions {
  name?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Sign with this CA instead of self-signing. */
  issuer?: TestCertificate;
  /** Default RSA-2048. */
  keyType?: 'rsa' | 'ec';
}

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/**
 * Makes a key pair and a certificate for it (valid from an hour ago for a day, unless told otherwise).
 *
 * @example
 * ```ts
 * const ca = await testCertificate({ name: 'CN=test-ca' });
 * const leaf = await testCertificate({ issuer: ca });
 * ```
 */
export async function testCertificate(options: TestCertificateOptions = {}): Promise<TestCertificate> {
  const x509 = await loadX509();
  const algorithm = options.keyType === 'ec' ? EC : RSA;
  const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const name = options.name ?? `CN=client-certificate-test-${crypto.randomUUID().slice(0, 8)}`;
  const notBefore = options.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 86400_000);
  const issuer = options.issuer;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: crypto.randomUUID().replace(/-/g, '').slice(0, 16),
    subject: name,
    issuer: issuer?.name ?? name,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: issuer?.keys.privateKey ?? keys.privateKey,
    signingAlgorithm: issuer?.keys.privateKey.algorithm ?? algorithm,
  });
  const der = Buffer.from(certificate.rawData);
  const privateKey = createPrivateKey({
    key: Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    certificatePem: `${certificate.toString('pem').trim()}\n`,
    keyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    privateKey,
    publicKey: createPublicKey(privateKey),
    der,
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    keys,
    name,
  };
}

/**
 * The key as PKCS#1 (`BEGIN RSA PRIVATE KEY`), the format `openssl genrsa` wrote for years.
 *
 * @example
 * ```ts
 * const pem = `${cert.certificatePem}${pkcs1Pem(cert)}`;
 * ```
 */
export function pkcs1Pem(certificate: TestCertificate): string {
  return certificate.privateKey.export({ format: 'pem', type: 'pkcs1' }) as string;
}

/**
 * The key as encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`), AES-256-CBC with the password.
 *
 * @example
 * ```ts
 * const pem = `${cert.certificatePem}${encryptedPkcs8Pem(cert, password)}`;
 * ```
 */
export function encryptedPkcs8Pem(certificate: TestCertificate, password: string): string {
  return certificate.privateKey.export({
    format: 'pem',
    type: 'pkcs8',
    cipher: 'aes-256-cbc',
    passphrase: password,
  }) as string;
}

/**
 * A temporary directory for test files, readable only by the owner.
 *
 * @example
 * ```ts
 * const dir = temporaryDirectory();
 * ```
 */
export function temporaryDirectory(): string {
  return temporaryFolder('client-certificate-test');
}

/**
 * Writes a file with mode 0600 and returns its path.
 *
 * @example
 * ```ts
 * const path = writeSecretFile(dir, 'app.pem', pem);
 * ```
 */
export function writeSecretFile(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/**
 * Builds a PFX with openssl (argument arrays, no shell): the key, its certificate and optional chain
 * certificates, protected by `password` (empty for none). `legacy` uses RC2/3DES as OpenSSL 1.x and
 * Windows did; otherwise PBES2/AES-256 as OpenSSL 3 does. `options` are more `openssl pkcs12` arguments
 * (`-macalg`, `-certpbe`, `-nomac`...).
 *
 * @example
 * ```ts
 * const pfx = makePfx({ key: cert.keyPem, certificates: [cert.certificatePem], password });
 * ```
 */
export function makePfx(input: {
  key: string;
  certificates: string[];
  password: string;
  legacy?: boolean;
  options?: string[];
}): Buffer {
  const dir = temporaryDirectory();
  const keyFile = writeSecretFile(dir, 'key.pem', input.key);
  const certificateFile = writeSecretFile(dir, 'certificates.pem', input.certificates.join(''));
  const output = join(dir, 'out.pfx');
  const args = ['pkcs12', '-export', '-inkey', keyFile, '-in', certificateFile, '-out', output];
  args.push('-passout', 'env:PFX_PASSWORD');
  if (input.legacy) args.push('-legacy');
  args.push(...(input.options ?? []));
  execFileSync('openssl', args, {
    env: { ...process.env, PFX_PASSWORD: input.password },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return readFileSync(output);
}

/**
 * The certificate as files of every kind the credential reads by path, in a new temporary folder: a PEM path, an
 * encrypted PEM, a PFX (OpenSSL 3) and a legacy PFX (RC2/3DES), the last three with `password`.
 *
 * @example
 * ```ts
 * for (const input of certificateFiles(cert, password)) new ClientCertificateCredential(tenant, client, input);
 * ```
 */
export function certificateFiles(
  cert: TestCertificate,
  password: string,
): (string | { certificatePath: string; certificatePassword: string })[] {
  const dir = temporaryDirectory();
  const pfx = (legacy: boolean) =>
    makePfx({ key: cert.keyPem, certificates: [cert.certificatePem], password, legacy });
  const withPassword = (certificatePath: string) => ({ certificatePath, certificatePassword: password });
  return [
    writeSecretFile(dir, 'plain.pem', cert.certificatePem + cert.keyPem),
    withPassword(writeSecretFile(dir, 'enc.pem', cert.certificatePem + encryptedPkcs8Pem(cert, password))),
    withPassword(writeSecretFile(dir, 'app.pfx', pfx(false))),
    withPassword(writeSecretFile(dir, 'legacy.pfx', pfx(true))),
  ];
}

/**
 * A decoded JWT.
 *
 * @example
 * ```ts
 * const { header, claims } = decodeJwt(assertion);
 * ```
 */
export interface DecodedTestJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/**
 * Decodes a JWT without verifying it.
 *
 * @example
 * ```ts
 * decodeJwt(assertion).header.alg; // 'PS256'
 * ```
 */
export function decodeJwt(jwt: string): DecodedTestJwt {
  const [header = '', claims = ''] = jwt.split('.');
  const parse = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: parse(header), claims: parse(claims) };
}

/**
 * Verifies a PS256 or RS256 JWT with node:crypto (independent of the WebCrypto code under test).
 *
 * @example
 * ```ts
 * expect(verifyJwt(assertion, cert.publicKey)).toBe(true);
 * ```
 */
export function verifyJwt(jwt: string, publicKey: KeyObject): boolean {
  const [header = '', claims = '', signature = ''] = jwt.split('.');
  const { alg } = decodeJwt(jwt).header;
  const key =
    alg === 'PS256'
      ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : publicKey;
  if (alg !== 'PS256' && alg !== 'RS256') return false;
  return verify('sha256', Buffer.from(`${header}.${claims}`), key, Buffer.from(signature, 'base64url'));
}

/**
 * One DER element, for tests that write PKCS#12 and PKCS#8 structures by hand (lengths up to 64 KiB).
 *
 * @example
 * ```ts
 * const sequence = derOf(0x30, derOf(0x02, new Uint8Array([3])));
 * ```
 */
export function derOf(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(contents);
  const length = body.length < 128 ? [body.length] : [0x82, body.length >> 8, body.length & 255];
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...length]), body]));
}

/**
 * The encodings of the elements inside a constructed DER element.
 *
 * @example
 * ```ts
 * const [version, authSafe, macData] = derChildrenOf(pfx);
 * ```
 */
export function derChildrenOf(bytes: Uint8Array): Uint8Array[] {
  return derChildren(readDer(bytes as Uint8Array<ArrayBuffer>)).map((child) => child.bytes);
}

function integerOf(value: number): Uint8Array {
  const bytes = [];
  for (let rest = BigInt(value); rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 255n));
  return derOf(0x02, new Uint8Array([0, ...bytes]));
}

/**
 * The DER of a PFX or an encrypted PKCS#8 key with every iteration count openssl or Node wrote (2048, the INTEGER
 * 0x0800, also inside the OCTET STRINGs that wrap DER) replaced by `count`: what a corrupt or hostile file names.
 * Written by hand, as making such a file with openssl would take as long as reading it.
 *
 * @example
 * ```ts
 * const hostile = withIterationCount(pfx, 2 ** 31 - 1);
 * ```
 */
export function withIterationCount(bytes: Uint8Array, count: number): Uint8Array {
  const node = readDer(bytes as Uint8Array<ArrayBuffer>);
  if (node.tag === 0x02 && Buffer.from(node.contents).equals(Buffer.from([0x08, 0x00])))
    return integerOf(count);
  let inner: Uint8Array[] | undefined;
  try {
    if (node.tag & 0x20) inner = derChildren(node).map((child) => withIterationCount(child.bytes, count));
    else if (node.tag === 0x04 && readDer(node.contents).bytes.length === node.contents.length) {
      inner = [withIterationCount(node.contents, count)];
    }
  } catch {
    inner = undefined;
  }
  return inner ? derOf(node.tag, ...inner) : node.bytes;
}
