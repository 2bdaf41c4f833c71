// Node only. PFX/PKCS#12 (RFC 7292) read with this package's DER walker and node:crypto: the MAC is verified, and
// every generation of the format opens: PBES2 with AES (OpenSSL 3), PKCS#12 PBE with 3DES and RC2 (Windows and
// OpenSSL 1.x). OpenSSL 3 knows its hashes and ciphers by their OIDs too, so no table of names is needed.
import {
  createDecipheriv,
  createHash,
  createHmac,
  getCipherInfo,
  pbkdf2Sync,
  timingSafeEqual,
} from 'node:crypto';
import { type DerNode, derChildren, readDer } from './client-certificate-der.js';
import { base64ToBytes } from './client-certificate-encoding.js';
import { CertificateError } from './client-certificate-error.js';
import type { CertificateMaterial } from './client-certificate-material.js';
import { rc2CbcDecrypt } from './client-certificate-rc2.js';

const PKCS = '1.2.840.113549.';
const DATA = `${PKCS}1.7.1`;
const ENCRYPTED_DATA = `${PKCS}1.7.6`;
const KEY_BAG = `${PKCS}1.12.10.1.1`;
const SHROUDED_KEY_BAG = `${PKCS}1.12.10.1.2`;
const CERT_BAG = `${PKCS}1.12.10.1.3`;
const PBES2 = `${PKCS}1.5.13`;
// PKCS#12 PBE (RFC 7292 appendix C): SHA-1 key derivation, then this cipher with a key of this many bytes.
const PKCS12_PBE: Record<string, [cipher: string, keyBytes: number]> = {
  [`${PKCS}1.12.1.3`]: ['des-ede3-cbc', 24],
  [`${PKCS}1.12.1.5`]: ['rc2', 16],
  [`${PKCS}1.12.1.6`]: ['rc2', 5],
};
// Key derivation repeats a hash as often as the file says, synchronously: OpenSSL and Windows write about 2,000, and a
// corrupt or hostile file naming 2^31 would hold the process for an hour. A file gets this many iterations in all,
// the default of .NET's PKCS#12 loader (TotalKdfIterationLimit); decodePfx is synchronous, so one counter serves.
const MAX_ITERATIONS = 1_000_000;
let iterationsLeft = 0;
// PBKDF2's pseudo-random functions, hmacWithSHA1 (the default) to hmacWithSHA512: 1.2.840.113549.2.7 to .11.
const PRF_DIGESTS = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

/** A password in the two encodings PKCS#12 uses: UTF-8 for PBES2, BMPString for its own key derivation. */
interface Password {
  utf8: Uint8Array;
  bmp: Uint8Array;
}

/**
 * Opens a PFX: its certificates in bag order and its private key as PKCS#8. Throws a `CertificateError` for a
 * wrong or missing password, bytes that are not DER PKCS#12, an encryption it does not know, no key or no
 * certificate. Whether the key is RSA and fits a certificate is `loadMaterial`'s check.
 *
 * @example
 * ```ts
 * const { certificates, pkcs8 } = decodePfx(await readCertificateFile('app.pfx'), 'password');
 * ```
 */
export function decodePfx(bytes: Uint8Array, password: string | undefined): CertificateMaterial {
  iterationsLeft = MAX_ITERATIONS;
  // No password given: OpenSSL's empty one first, then the absent one some Windows versions use.
  const candidates =
    password === undefined
      ? [passwordOf(''), { utf8: new Uint8Array(), bmp: new Uint8Array() }]
      : [passwordOf(password)];
  let authSafe: Uint8Array;
  let macData: DerNode | undefined;
  let secret: Password | undefined;
  try {
    const [, content, mac] = derChildren(readDer(bytes as Uint8Array<ArrayBuffer>));
    authSafe = contentOf(content, DATA);
    macData = mac;
    secret = mac ? candidates.find((candidate) => macVerifies(mac, authSafe, candidate)) : candidates[0];
  } catch (error) {
    throw error instanceof CertificateError ? error : malformed();
  }
  if (!secret) throw passwordProblem(password);
  const certificates: Uint8Array<ArrayBuffer>[] = [];
  const keys: Uint8Array<ArrayBuffer>[] = [];
  try {
    for (const info of derChildren(readDer(authSafe as Uint8Array<ArrayBuffer>))) {
      const [type] = derChildren(info);
      const safeContents =
        oid(type) === ENCRYPTED_DATA ? decryptContent(info, secret) : contentOf(info, DATA);
      for (const bag of derChildren(readDer(safeContents as Uint8Array<ArrayBuffer>))) {
        const [id, wrapped] = derChildren(bag);
        const value = derChildren(wrapped as DerNode)[0] as DerNode;
        const kind = oid(id);
        if (kind === CERT_BAG)
          certificates.push(octets(derChildren(derChildren(value)[1] as DerNode)[0] as DerNode));
        if (kind === KEY_BAG) keys.push(value.bytes);
        if (kind === SHROUDED_KEY_BAG) {
          const [algorithm, encrypted] = derChildren(value);
          keys.push(decrypt(algorithm as DerNode, octets(encrypted as DerNode), secret));
        }
      }
    }
  } catch (error) {
    // Without a MAC, a wrong password shows only as data that does not decrypt.
    throw error instanceof CertificateError ? error : macData ? malformed() : passwordProblem(password);
  }
  const [pkcs8] = keys;
  if (certificates.length === 0)
    throw new CertificateError('certificate_missing', 'The PFX holds no certificate.');
  if (!pkcs8) throw new CertificateError('certificate_key_missing', 'The PFX holds no private key.');
  return { certificates, pkcs8 };
}

/**
 * Holds an encrypted PKCS#8 key (the PEM block `BEGIN ENCRYPTED PRIVATE KEY`) to the iterations a PFX may use, before OpenSSL runs
 * its key derivation, which it would do synchronously however long it takes. A key this cannot read is left to
 * OpenSSL, which says what is wrong with it.
 *
 * @example
 * ```ts
 * limitKeyDerivation(encryptedKeyPem); // throws a CertificateError for 2^31 PBKDF2 iterations
 * ```
 */
export function limitKeyDerivation(pem: string): void {
  iterationsLeft = MAX_ITERATIONS;
  let count: DerNode | undefined;
  try {
    // PBES2: the PBKDF2 (or scrypt) parameters after the KDF's id; PKCS#12's PBE: salt, then the count.
    const der = base64ToBytes(pem.replace(/-----[^-]+-----/g, ''));
    const [id, parameters] = derChildren(derChildren(readDer(der))[0] as DerNode);
    const [first, second] = derChildren(parameters as DerNode);
    count = oid(id) === PBES2 ? derChildren(derChildren(first as DerNode)[1] as DerNode)[1] : second;
  } catch {}
  integer(count);
}

function malformed(): CertificateError {
  return new CertificateError(
    'certificate_malformed',
    'The certificate is neither PEM nor a valid PFX/PKCS#12 file.',
  );
}

function passwordProblem(password: string | undefined): CertificateError {
  return password
    ? new CertificateError(
        'certificate_password_incorrect',
        'The PFX could not be opened with the given certificatePassword; check the password.',
      )
    : new CertificateError(
        'certificate_password_required',
        'The PFX is password-protected; pass its password as certificatePassword (or AZURE_CLIENT_CERTIFICATE_PASSWORD).',
      );
}

function passwordOf(text: string): Password {
  // BMPString: UTF-16 big-endian with a two-byte terminator.
  const bmp = new Uint8Array(text.length * 2 + 2);
  for (let i = 0; i < text.length; i++) {
    bmp[2 * i] = text.charCodeAt(i) >> 8;
    bmp[2 * i + 1] = text.charCodeAt(i);
  }
  return { utf8: new TextEncoder().encode(text), bmp };
}

// The dotted text of an OBJECT IDENTIFIER.
function oid(node: DerNode | undefined): string {
  const [first = 0, ...rest] = node?.contents ?? [];
  let text = `${Math.floor(first / 40)}.${first % 40}`;
  let arc = 0;
  for (const byte of rest) {
    arc = arc * 128 + (byte & 0x7f);
    if (byte < 0x80) {
      text += `.${arc}`;
      arc = 0;
    }
  }
  return text;
}

// An iteration count, taken from what the file may still use.
function integer(node: DerNode | undefined): number {
  let value = 0;
  for (const byte of node?.contents ?? []) value = value * 256 + byte;
  iterationsLeft -= value;
  if (iterationsLeft < 0) {
    throw new CertificateError(
      'certificate_malformed',
      `The certificate's encryption asks for over ${MAX_ITERATIONS} key derivation iterations; export it again.`,
    );
  }
  return value;
}

// An OCTET STRING's bytes, also in BER's constructed form (chunks), which some encoders write.
function octets(node: DerNode): Uint8Array<ArrayBuffer> {
  if (!(node.tag & 0x20)) return node.contents;
  return new Uint8Array(Buffer.concat(derChildren(node).map(octets)));
}

// The OCTET STRING a ContentInfo of `type` wraps in its explicit [0].
function contentOf(info: DerNode | undefined, type: string): Uint8Array<ArrayBuffer> {
  const [id, content] = derChildren(info as DerNode);
  if (oid(id) !== type) throw new SyntaxError(`expected content type ${type}`);
  return octets(derChildren(content as DerNode)[0] as DerNode);
}

function decryptContent(info: DerNode, password: Password): Uint8Array<ArrayBuffer> {
  // EncryptedData: version, then EncryptedContentInfo: type, algorithm, [0] IMPLICIT encrypted bytes.
  const encryptedData = derChildren(derChildren(info)[1] as DerNode)[0] as DerNode;
  const [, algorithm, encrypted] = derChildren(derChildren(encryptedData)[1] as DerNode);
  return decrypt(algorithm as DerNode, octets(encrypted as DerNode), password);
}

function decrypt(algorithm: DerNode, data: Uint8Array, password: Password): Uint8Array<ArrayBuffer> {
  const [id, parameters] = derChildren(algorithm) as [DerNode, DerNode];
  const name = oid(id);
  if (name === PBES2) {
    const [kdf, scheme] = derChildren(parameters) as [DerNode, DerNode];
    const [salt, iterations, ...optional] = derChildren(derChildren(kdf)[1] as DerNode) as DerNode[];
    const prf = optional.find((node) => node.tag === 0x30);
    const digest = PRF_DIGESTS[prf ? Number(oid(derChildren(prf)[0]).split('.').pop()) - 7 : 0] as string;
    const [cipher, iv] = derChildren(scheme) as [DerNode, DerNode];
    const keyLength = getCipherInfo(oid(cipher))?.keyLength as number;
    const key = pbkdf2Sync(password.utf8, (salt as DerNode).contents, integer(iterations), keyLength, digest);
    return decipher(oid(cipher), key, iv.contents, data);
  }
  const pbe = PKCS12_PBE[name];
  if (!pbe) {
    throw new CertificateError(
      'certificate_malformed',
      `The PFX is encrypted with ${name}, which is not supported.`,
    );
  }
  const [salt, iterations] = derChildren(parameters);
  const [cipher, keyBytes] = pbe;
  const derive = (id: number, size: number) =>
    pkcs12Key('sha1', password.bmp, (salt as DerNode).contents, integer(iterations), id, size);
  const [key, iv] = [derive(1, keyBytes), derive(2, 8)];
  return cipher === 'rc2' ? rc2CbcDecrypt(key, keyBytes * 8, iv, data) : decipher(cipher, key, iv, data);
}

function decipher(
  cipher: string,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const decipherer = createDecipheriv(cipher, key, iv);
  return new Uint8Array(Buffer.concat([decipherer.update(data), decipherer.final()]));
}

function macVerifies(macData: DerNode, authSafe: Uint8Array, password: Password): boolean {
  // MacData: DigestInfo (algorithm, digest), salt, iterations (default 1).
  const [digestInfo, salt, iterations] = derChildren(macData) as [DerNode, DerNode, DerNode | undefined];
  const [algorithm, expected] = derChildren(digestInfo) as [DerNode, DerNode];
  const hash = oid(derChildren(algorithm)[0]);
  const size = createHash(hash).digest().length;
  const key = pkcs12Key(hash, password.bmp, salt.contents, integer(iterations) || 1, 3, size);
  const actual = createHmac(hash, key).update(authSafe).digest();
  return actual.length === expected.contents.length && timingSafeEqual(actual, expected.contents);
}

// The key derivation of RFC 7292 appendix B.2: `id` 1 for a key, 2 for an IV, 3 for the MAC key.
function pkcs12Key(
  hash: string,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  size: number,
): Uint8Array<ArrayBuffer> {
  const outputBytes = createHash(hash).digest().length;
  const blockBytes = outputBytes > 32 ? 128 : 64;
  const fill = (data: Uint8Array, length = Math.ceil(data.length / blockBytes) * blockBytes) =>
    Uint8Array.from({ length }, (_, i) => data[i % data.length] as number);
  const input = new Uint8Array([...fill(salt), ...fill(password)]);
  const diversifier = new Uint8Array(blockBytes).fill(id);
  const blocks: Uint8Array[] = [];
  for (let made = 0; made < size; made += outputBytes) {
    let block: Uint8Array = createHash(hash).update(diversifier).update(input).digest();
    for (let round = 1; round < iterations; round++) block = createHash(hash).update(block).digest();
    blocks.push(block);
    // Each block of the input becomes (block + B + 1) mod 2^(blockBytes * 8), B being the output repeated.
    const addend = fill(block, blockBytes);
    for (let start = 0; start < input.length; start += blockBytes) {
      let carry = 1;
      for (let i = blockBytes - 1; i >= 0; i--) {
        carry += (input[start + i] as number) + (addend[i] as number);
        input[start + i] = carry & 0xff;
        carry >>= 8;
      }
    }
  }
  return new Uint8Array(Buffer.concat(blocks).subarray(0, size));
}
