// PFX/PKCS#12 with node-forge: it verifies the MAC and decrypts every generation of the format (RC2-40 and
// 3DES from Windows and OpenSSL 1.x, PBES2 with AES from OpenSSL 3), which node:crypto alone cannot.
import forge from 'node-forge';
import { CertificateError } from './client-certificate-error.js';
import type { CertificateMaterial } from './client-certificate-material.js';

const { asn1, pkcs12, pki, util } = forge;
// PKCS#12 bag types (RFC 7292).
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';

/**
 * Opens a PFX: its certificates in bag order and its private key as PKCS#8. Throws a `CertificateError` for
 * a wrong or missing password, a file that is not PKCS#12, no key, no certificate or a non-RSA key.
 *
 * @example
 * ```ts
 * const { certificates, pkcs8 } = decodePfx(await readCertificateFile('app.pfx'), 'password');
 * ```
 */
export function decodePfx(bytes: Uint8Array, password: string | undefined): CertificateMaterial {
  let store: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = asn1.fromDer(util.createBuffer(util.binary.raw.encode(bytes)));
    store = pkcs12.pkcs12FromAsn1(der, true, password ?? '');
  } catch (error) {
    throw pfxError(error, password);
  }
  const certificates = (store.getBags({ bagType: CERT_BAG })[CERT_BAG] ?? []).map((bag) => {
    // forge keeps the ASN.1 of certificates it cannot model (non-RSA keys); both re-encode to the original DER.
    const certificate = bag.cert ? pki.certificateToAsn1(bag.cert) : bag.asn1;
    return bytesOf(certificate);
  });
  const keyBags = [SHROUDED_KEY_BAG, KEY_BAG].flatMap((bagType) => store.getBags({ bagType })[bagType] ?? []);
  const [keyBag] = keyBags;
  if (certificates.length === 0) {
    throw new CertificateError('certificate_missing', 'The PFX holds no certificate.');
  }
  if (!keyBag) throw new CertificateError('certificate_key_missing', 'The PFX holds no private key.');
  if (!keyBag.key) {
    throw new CertificateError(
      'certificate_key_not_rsa',
      'The private key in the PFX is not an RSA key; Entra ID certificate credentials sign with RSA.',
    );
  }
  const pkcs8 = pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(keyBag.key));
  return { certificates, pkcs8: bytesOf(pkcs8) };
}

function bytesOf(node: forge.asn1.Asn1 | undefined): Uint8Array<ArrayBuffer> {
  if (!node) throw new CertificateError('certificate_malformed', 'The PFX holds an unreadable certificate.');
  return new Uint8Array(util.binary.raw.decode(asn1.toDer(node).getBytes()));
}

function pfxError(error: unknown, password: string | undefined): CertificateError {
  const message = (error as Error)?.message ?? '';
  if (/MAC could not be verified|Invalid password/i.test(message)) {
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
  if (/OID is not RSA/i.test(message)) {
    return new CertificateError(
      'certificate_key_not_rsa',
      'The private key in the PFX is not an RSA key; Entra ID certificate credentials sign with RSA.',
    );
  }
  return new CertificateError(
    'certificate_malformed',
    'The certificate is neither PEM nor a valid PFX/PKCS#12 file.',
  );
}
