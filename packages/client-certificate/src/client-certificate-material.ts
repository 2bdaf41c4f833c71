// Decoded certificate material (DER certificates and a PKCS#8 key) checked and made ready to sign with
// WebCrypto: the key is RSA, a certificate of the chain holds its public half, the thumbprints are known.
import { base64Url } from './client-certificate-encoding.js';
import { CertificateError } from './client-certificate-error.js';
import { type CertificateInfo, readCertificate, readPkcs8, sameRsaKey } from './client-certificate-x509.js';

/**
 * Certificates and key as DER, whatever format they came in.
 *
 * @example
 * ```ts
 * const material: CertificateMaterial = { certificates: [leafDer, intermediateDer], pkcs8: keyDer };
 * ```
 */
export interface CertificateMaterial {
  /** DER of each certificate, in file order. */
  certificates: Uint8Array<ArrayBuffer>[];
  /** The unencrypted PKCS#8 DER of the private key. */
  pkcs8: Uint8Array<ArrayBuffer>;
}

/**
 * The JWS algorithms a certificate assertion is signed with: PS256 for Entra ID, RS256 for ADFS.
 *
 * @example
 * ```ts
 * const algorithm: AssertionAlgorithm = tenantId === 'adfs' ? 'RS256' : 'PS256';
 * ```
 */
export type AssertionAlgorithm = 'PS256' | 'RS256';

/**
 * Certificate material that passed every check, ready to sign assertions.
 *
 * @example
 * ```ts
 * const loaded: LoadedCertificate = await loadMaterial(material);
 * const key = await loaded.signingKey('PS256');
 * ```
 */
export interface LoadedCertificate {
  /** DER of each certificate (the `x5c` chain): the leaf first, then the others in file order. */
  chain: Uint8Array<ArrayBuffer>[];
  /** The certificate whose public key matches the private key. */
  leaf: CertificateInfo;
  /** base64url SHA-1 of the leaf's DER (`x5t`, ADFS). */
  x5t: string;
  /** base64url SHA-256 of the leaf's DER (`x5t#S256`). */
  x5tS256: string;
  /** The private key imported for an algorithm, non-extractable; imported once per algorithm. */
  signingKey(algorithm: AssertionAlgorithm): Promise<CryptoKey>;
}

const IMPORT_PARAMETERS: Record<AssertionAlgorithm, RsaHashedImportParams> = {
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
};

/**
 * Checks decoded material and prepares it for signing. Throws a {@link CertificateError} for a key that is
 * not RSA or that matches none of the certificates.
 *
 * @example
 * ```ts
 * const loaded = await loadMaterial({ certificates, pkcs8 });
 * loaded.x5tS256; // the thumbprint Entra looks the certificate up by
 * ```
 */
export async function loadMaterial(material: CertificateMaterial): Promise<LoadedCertificate> {
  const certificates = material.certificates.map(readCertificate);
  const key = readPkcs8(material.pkcs8);
  if (!key) {
    throw new CertificateError(
      'certificate_key_not_rsa',
      'The private key is not an RSA key; Entra ID certificate credentials sign with RSA (PS256, or RS256 for ADFS).',
    );
  }
  const leaf = certificates.find((certificate) => sameRsaKey(certificate.publicKey, key));
  if (!leaf) {
    throw new CertificateError(
      'certificate_key_mismatch',
      'The private key does not belong to any certificate in the file; put the certificate and its own key together.',
    );
  }
  const [sha1, sha256] = await Promise.all([
    crypto.subtle.digest('SHA-1', leaf.der),
    crypto.subtle.digest('SHA-256', leaf.der),
  ]);
  const pkcs8 = material.pkcs8;
  const keys = new Map<AssertionAlgorithm, Promise<CryptoKey>>();
  return {
    // RFC 7515: the certificate holding the key comes first, whatever the file's order.
    chain: [leaf.der, ...material.certificates.filter((der) => der !== leaf.der)],
    leaf,
    x5t: base64Url(new Uint8Array(sha1)),
    x5tS256: base64Url(new Uint8Array(sha256)),
    signingKey(algorithm) {
      let imported = keys.get(algorithm);
      if (!imported) {
        imported = crypto.subtle.importKey('pkcs8', pkcs8, IMPORT_PARAMETERS[algorithm], false, ['sign']);
        keys.set(algorithm, imported);
      }
      return imported;
    },
  };
}
