// Node only: the classes of the `node` entry, which also read certificate files, PFX and encrypted or PKCS#1 keys.
import { ClientCertificateAssertion as PortableAssertion } from './client-certificate-assertion.js';
import { ClientCertificateCredential as PortableCredential } from './client-certificate-credential.js';
import { certificateNodeSupport } from './client-certificate-node.js';
import type { CertificateNodeSupport } from './client-certificate-source.js';

/**
 * {@link PortableAssertion | ClientCertificateAssertion} on Node.js: the certificate may also be a file, a PFX,
 * or PEM with an encrypted or PKCS#1 key. Imported from `@identity/client-certificate` under the `node`
 * condition, as Node, Deno, Bun and bundlers for Node resolve it.
 *
 * @example
 * ```ts
 * const assertion = new ClientCertificateAssertion({ clientId, certificate: { certificatePath: '/secrets/app.pfx' } });
 * ```
 */
export class ClientCertificateAssertion extends PortableAssertion {
  protected static override get nodeSupport(): CertificateNodeSupport {
    return certificateNodeSupport;
  }
}

/**
 * {@link PortableCredential | ClientCertificateCredential} on Node.js: the certificate may also be a file, a PFX,
 * or PEM with an encrypted or PKCS#1 key.
 *
 * @example
 * ```ts
 * const credential = new ClientCertificateCredential(tenantId, clientId, '/secrets/app.pem');
 * ```
 */
export class ClientCertificateCredential extends PortableCredential {
  protected static override get Assertion(): typeof PortableAssertion {
    return ClientCertificateAssertion;
  }
}
