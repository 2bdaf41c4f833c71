// The Node-only half of certificate loading: reading files, decrypting encrypted PEM keys, converting PKCS#1 to
// PKCS#8 and opening PFX files. Only the `node` entry's classes reach it, and they import it when a certificate
// first needs it, so edge bundles never see `node:` and apps with in-memory PKCS#8 PEM never load it.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { CertificateError } from './client-certificate-error.js';
import type { CertificateMaterial } from './client-certificate-material.js';
import { looksLikePem, type PemKey, parsePem } from './client-certificate-pem.js';
import { decodePfx, limitKeyDerivation } from './client-certificate-pfx.js';

// A certificate with its key and chain is a few KiB.
const MAX_FILE_BYTES = 1 << 20;

/**
 * Reads a certificate file's bytes. Throws a `CertificateError` (`certificate_not_found`) naming the path
 * when it cannot be read, is not a regular file (a FIFO would never answer, `/dev/zero` never end) or is over 1 MiB.
 *
 * @example
 * ```ts
 * const bytes = await readCertificateFile('/etc/secrets/app.pem');
 * ```
 */
export async function readCertificateFile(path: string): Promise<Uint8Array<ArrayBuffer>> {
  let file: FileHandle | undefined;
  try {
    // Read-only (O_RDONLY is 0) and non-blocking, so a FIFO opens at once (to be refused) instead of waiting for a
    // writer. Windows has neither the flag nor FIFOs: undefined flags open for reading.
    file = await open(path, constants.O_NONBLOCK);
    const stats = await file.stat();
    if (!stats.isFile() || stats.size > MAX_FILE_BYTES) throw { code: 'not a file of at most 1 MiB' };
    return new Uint8Array(await file.readFile());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CertificateError(
      'certificate_not_found',
      `The certificate file "${path}" cannot be read (${code}). Check the path and the file's permissions.`,
    );
  } finally {
    await file?.close();
  }
}

/**
 * Decodes certificate material in any supported format: PEM (PKCS#8, PKCS#1, encrypted PKCS#8, legacy
 * encrypted PEM) or PFX/PKCS#12, given as text or bytes. Throws a `CertificateError` that never quotes
 * the material.
 *
 * @example
 * ```ts
 * const { certificates, pkcs8 } = await decodeCertificate(await readCertificateFile(path), password);
 * ```
 */
export async function decodeCertificate(
  content: string | Uint8Array,
  password: string | undefined,
): Promise<CertificateMaterial> {
  const text = typeof content === 'string' ? content : pemText(content);
  if (text === undefined) return decodePfx(content as Uint8Array, password);
  const { certificates, key } = parsePem(text);
  if (!key) {
    throw new CertificateError(
      'certificate_key_missing',
      'The PEM has no private key block; it must hold the certificate and its private key.',
    );
  }
  return { certificates, pkcs8: key.der ?? decryptPemKey(key, password) };
}

// PEM is ASCII; bytes that do not contain a PEM header are taken for a DER PFX.
function pemText(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(bytes);
  return looksLikePem(text) ? text : undefined;
}

const PASSWORD_REQUIRED =
  'The private key is encrypted; pass its password as certificatePassword (or AZURE_CLIENT_CERTIFICATE_PASSWORD).';

function decryptPemKey(key: PemKey, password: string | undefined): Uint8Array<ArrayBuffer> {
  // Asked before OpenSSL is, whose answer to a missing password varies by version.
  const encrypted = key.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,\s*ENCRYPTED/i.test(key.text);
  if (encrypted && password === undefined) {
    throw new CertificateError('certificate_password_required', PASSWORD_REQUIRED);
  }
  if (key.label === 'ENCRYPTED PRIVATE KEY') {
    limitKeyDerivation(key.text);
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: key.text, format: 'pem', passphrase: password });
  } catch (error) {
    throw keyError(error, password);
  }
  if (keyObject.asymmetricKeyType !== 'rsa') {
    throw new CertificateError(
      'certificate_key_not_rsa',
      `The private key is ${keyObject.asymmetricKeyType ?? 'not'} an RSA key; Entra ID certificate credentials sign with RSA.`,
    );
  }
  return new Uint8Array(keyObject.export({ format: 'der', type: 'pkcs8' }));
}

// OpenSSL's messages can quote parts of the input, so only the error code chooses what is said.
function keyError(error: unknown, password: string | undefined): CertificateError {
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  if (code === 'ERR_MISSING_PASSPHRASE') {
    return new CertificateError('certificate_password_required', PASSWORD_REQUIRED);
  }
  if (code.includes('BAD_DECRYPT') || password !== undefined) {
    return new CertificateError(
      'certificate_password_incorrect',
      'The private key could not be decrypted with the given certificatePassword; check the password.',
    );
  }
  return new CertificateError('certificate_malformed', 'The private key block could not be decoded.');
}
