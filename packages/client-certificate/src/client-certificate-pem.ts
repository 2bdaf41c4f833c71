// PEM text to DER: every certificate in file order, and the private key block as found.
import { base64ToBytes } from './client-certificate-encoding.js';
import { CertificateError } from './client-certificate-error.js';

/**
 * A private key block of a PEM file. `der` is set for the unencrypted PKCS#8 form (the one WebCrypto
 * imports); the other forms keep their text for Node's decoder.
 *
 * @example
 * ```ts
 * const key: PemKey = parsePem(pem).key!;
 * key.label; // 'PRIVATE KEY' | 'RSA PRIVATE KEY' | 'ENCRYPTED PRIVATE KEY' | ...
 * ```
 */
export interface PemKey {
  label: string;
  text: string;
  der?: Uint8Array<ArrayBuffer>;
}

/**
 * What a PEM file holds.
 *
 * @example
 * ```ts
 * const { certificates, key }: PemContents = parsePem(pem);
 * ```
 */
export interface PemContents {
  /** DER of each certificate, in file order. */
  certificates: Uint8Array<ArrayBuffer>[];
  key: PemKey | undefined;
}

// A body holds no run of five dashes (RFC 7468), so a BEGIN without its END is skipped at the next marker instead of
// swallowing what follows, and the text is read in linear time: a lazy match to the END line scanned to the end of
// the text from every unclosed BEGIN (2 MB of them took minutes).
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----((?:[^-]|-(?!----))*)-----END \1-----/g;

/**
 * Whether text looks like PEM at all (as opposed to the DER bytes of a PFX).
 *
 * @example
 * ```ts
 * looksLikePem('-----BEGIN CERTIFICATE-----...'); // true
 * ```
 */
export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/**
 * Splits PEM text into certificates and the (first) private key. Throws a {@link CertificateError} when a
 * block is not base64, or when there is no certificate.
 *
 * @example
 * ```ts
 * const { certificates, key } = parsePem(readFileSync('cert.pem', 'utf8'));
 * ```
 */
export function parsePem(text: string): PemContents {
  const certificates: Uint8Array<ArrayBuffer>[] = [];
  let key: PemKey | undefined;
  for (const [block, label = '', body = ''] of text.matchAll(BLOCK)) {
    if (label === 'CERTIFICATE') certificates.push(decodeBody(body, label));
    else if (label.endsWith('PRIVATE KEY') && !key) {
      key = { label, text: block };
      // Legacy encrypted PEM has "Proc-Type:" headers, so only plain PKCS#8 is decoded here.
      if (label === 'PRIVATE KEY') key.der = decodeBody(body, label);
    }
  }
  if (certificates.length === 0) {
    throw new CertificateError(
      'certificate_missing',
      'The PEM has no "-----BEGIN CERTIFICATE-----" block; it must hold the certificate and its private key.',
    );
  }
  return { certificates, key };
}

function decodeBody(body: string, label: string): Uint8Array<ArrayBuffer> {
  try {
    return base64ToBytes(body);
  } catch {
    throw new CertificateError('certificate_malformed', `A PEM "${label}" block is not valid base64.`);
  }
}
