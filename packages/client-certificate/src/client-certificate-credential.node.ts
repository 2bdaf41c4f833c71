// Node only: the credential of the `node` entry, whose assertion also reads certificate files, PFX and encrypted
// or PKCS#1 keys.
import type { ClientCertificateAssertionBase } from './client-certificate-assertion.js';
import { ClientCertificateAssertion } from './client-certificate-assertion.node.js';
import { ClientCertificateCredentialBase } from './client-certificate-credential.js';

/**
 * `ClientCertificateCredential` on Node.js: the certificate may also be a file, a PFX, or PEM with an encrypted or
 * PKCS#1 key.
 *
 * @example
 * ```ts
 * const credential = new ClientCertificateCredential(tenantId, clientId, '/secrets/app.pem');
 * ```
 */
export class ClientCertificateCredential extends ClientCertificateCredentialBase {
  protected static override get Assertion(): typeof ClientCertificateAssertionBase {
    return ClientCertificateAssertion;
  }
}
