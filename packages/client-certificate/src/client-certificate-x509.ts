// What the credential needs from an X.509 certificate and a PKCS#8 key: the RSA public numbers (to check
// that they belong together) and the validity period. Read with the DER walker, no ASN.1 library.
import {
  type DerNode,
  DerTag,
  derChild,
  derChildren,
  derTime,
  readDer,
  sameBytes,
  unsignedInteger,
} from './client-certificate-der.js';
import { CertificateError } from './client-certificate-error.js';

/**
 * The public half of an RSA key: modulus and exponent, without DER's sign octets.
 *
 * @example
 * ```ts
 * sameRsaKey(readCertificate(der).publicKey, readPkcs8(pkcs8).publicKey);
 * ```
 */
export interface RsaPublicNumbers {
  modulus: Uint8Array<ArrayBuffer>;
  exponent: Uint8Array<ArrayBuffer>;
}

/**
 * A parsed certificate.
 *
 * @example
 * ```ts
 * const { notAfter }: CertificateInfo = readCertificate(der);
 * ```
 */
export interface CertificateInfo {
  der: Uint8Array<ArrayBuffer>;
  /** Undefined when the certificate's key is not RSA. */
  publicKey: RsaPublicNumbers | undefined;
  /** Epoch milliseconds. */
  notBefore: number;
  notAfter: number;
}

// rsaEncryption, 1.2.840.113549.1.1.1, as DER OID contents.
const RSA_ENCRYPTION = new Uint8Array([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]);

function isRsaAlgorithm(algorithmIdentifier: DerNode): boolean {
  return sameBytes(derChild(algorithmIdentifier, 0, DerTag.oid).contents, RSA_ENCRYPTION);
}

// RSAPublicKey and RSAPrivateKey both list the modulus and public exponent, after a version in the latter.
function rsaNumbers(sequence: DerNode, first: number): RsaPublicNumbers {
  return {
    modulus: unsignedInteger(derChild(sequence, first, DerTag.integer).contents),
    exponent: unsignedInteger(derChild(sequence, first + 1, DerTag.integer).contents),
  };
}

/**
 * Reads a DER certificate. Throws a {@link CertificateError} (`certificate_malformed`) when it is not one.
 *
 * @example
 * ```ts
 * const info = readCertificate(parsePem(pem).certificates[0]!);
 * ```
 */
export function readCertificate(der: Uint8Array<ArrayBuffer>): CertificateInfo {
  try {
    const tbs = derChild(readDer(der), 0, DerTag.sequence);
    // The version is an optional explicit [0] tag; everything after it shifts by one when present.
    const at = derChildren(tbs)[0]?.tag === 0xa0 ? 1 : 0;
    const [notBefore, notAfter] = derChildren(derChild(tbs, at + 3, DerTag.sequence)).map(derTime);
    const spki = derChild(tbs, at + 5, DerTag.sequence);
    const algorithm = derChild(spki, 0, DerTag.sequence);
    // The BIT STRING's first octet counts unused bits; the key's DER follows it.
    const bits = derChild(spki, 1, DerTag.bitString).contents.subarray(1);
    return {
      der,
      publicKey: isRsaAlgorithm(algorithm) ? rsaNumbers(readDer(bits), 0) : undefined,
      notBefore: notBefore as number,
      notAfter: notAfter as number,
    };
  } catch (error) {
    throw malformed('A certificate', error);
  }
}

/**
 * Reads the RSA public numbers of an unencrypted PKCS#8 key, or undefined when the key is not RSA.
 *
 * @example
 * ```ts
 * readPkcs8(pkcs8Der)?.modulus;
 * ```
 */
export function readPkcs8(der: Uint8Array<ArrayBuffer>): RsaPublicNumbers | undefined {
  try {
    const info = readDer(der);
    if (!isRsaAlgorithm(derChild(info, 1, DerTag.sequence))) return undefined;
    return rsaNumbers(readDer(derChild(info, 2, DerTag.octetString).contents), 1);
  } catch (error) {
    throw malformed('The private key', error);
  }
}

/**
 * Whether two RSA public keys are the same key.
 *
 * @example
 * ```ts
 * sameRsaKey(certificate.publicKey, key); // true when the key signed for this certificate
 * ```
 */
export function sameRsaKey(a: RsaPublicNumbers | undefined, b: RsaPublicNumbers | undefined): boolean {
  return Boolean(a && b && sameBytes(a.modulus, b.modulus) && sameBytes(a.exponent, b.exponent));
}

function malformed(what: string, cause: unknown): CertificateError {
  // Only the structural reason is kept: the bytes themselves never reach a message.
  const reason = cause instanceof SyntaxError ? ` (${cause.message})` : '';
  return new CertificateError('certificate_malformed', `${what} is not valid DER${reason}.`);
}
