// Node only: the assertion of the `node` entry, which also reads certificate files, PFX and encrypted or PKCS#1
// keys. Most apps hold unencrypted PKCS#8 PEM, which WebCrypto signs with, so that code (PKCS#12 and RC2 readers
// included) is imported when a certificate first needs it: bundlers that split code emit it as a lazy chunk, and
// one-file bundles inline it.
import { ClientCertificateAssertionBase } from './client-certificate-assertion.js';
import type { CertificateNodeSupport } from './client-certificate-source.js';

/**
 * The Node support the `node` entry's classes give certificate sources: files, PFX, encrypted and PKCS#1 keys.
 *
 * @example
 * ```ts
 * certificateSource('ClientCertificateCredential', '/etc/secrets/app.pfx', certificateNodeSupport);
 * ```
 */
export const certificateNodeSupport: CertificateNodeSupport = {
  readCertificateFile: async (path) =>
    (await import('./client-certificate-node.js')).readCertificateFile(path),
  decodeCertificate: async (content, password) =>
    (await import('./client-certificate-node.js')).decodeCertificate(content, password),
};

/**
 * `ClientCertificateAssertion` on Node.js: the certificate may also be a file, a PFX, or PEM with an encrypted or
 * PKCS#1 key. Imported from `@identity/client-certificate` under the `node`
 * condition, as Node, Deno, Bun and bundlers for Node resolve it.
 *
 * @example
 * ```ts
 * const assertion = new ClientCertificateAssertion({ clientId, certificate: { certificatePath: '/secrets/app.pfx' } });
 * ```
 */
export class ClientCertificateAssertion extends ClientCertificateAssertionBase {
  protected static override get nodeSupport(): CertificateNodeSupport {
    return certificateNodeSupport;
  }
}
