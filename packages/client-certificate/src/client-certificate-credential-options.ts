import type { CredentialPersistenceOptions, TokenCredentialOptions } from '@identity/core';

/**
 * Certificate material given in memory: PEM text (certificate and private key together), or the bytes of a
 * PEM or PFX/PKCS#12 file. An unencrypted PKCS#8 PEM works on every runtime; the other forms need Node.
 *
 * @example
 * ```ts
 * const configuration: ClientCertificatePEMCertificate = { certificate: process.env.APP_CERT_PEM! };
 * ```
 */
export interface ClientCertificatePEMCertificate {
  /** The certificate and its private key, PEM text (or its bytes). */
  certificate: string | Uint8Array;
  /** The password of an encrypted key or of a PFX. */
  certificatePassword?: string;
}

/**
 * Certificate material read from a file (PEM or PFX/PKCS#12), re-read when the file changes. Node only.
 *
 * @example
 * ```ts
 * const configuration: ClientCertificatePEMCertificatePath = { certificatePath: '/secrets/app.pfx', certificatePassword };
 * ```
 */
export interface ClientCertificatePEMCertificatePath {
  /** The path of a PEM file (certificate and private key) or, on Node, a PFX file. Node only. */
  certificatePath: string;
  /** The password of an encrypted key or of a PFX. */
  certificatePassword?: string;
}

/**
 * Where the certificate comes from: exactly one of `certificate` and `certificatePath`, as in `@azure/identity`.
 *
 * @example
 * ```ts
 * const configuration: ClientCertificateCredentialPEMConfiguration = { certificatePath: './app.pem' };
 * ```
 */
export type ClientCertificateCredentialPEMConfiguration =
  | ClientCertificatePEMCertificate
  | ClientCertificatePEMCertificatePath;

/**
 * Options of the `ClientCertificateCredential`: the shared credential options plus `sendCertificateChain`.
 *
 * @example
 * ```ts
 * const options: ClientCertificateCredentialOptions = { sendCertificateChain: true };
 * ```
 */
export interface ClientCertificateCredentialOptions
  extends TokenCredentialOptions,
    CredentialPersistenceOptions {
  /**
   * Send the whole certificate chain (`x5c`) for subject name / issuer authentication. Default:
   * `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN` (`true` or `1`), else false.
   */
  sendCertificateChain?: boolean;
}
