// One error for everything wrong with certificate material. It names the problem with a stable reason and
// never quotes the material: the credential turns it into an InvalidArgumentError at construction, or an
// AuthenticationError at getToken.

/**
 * Why certificate material cannot be used; `AuthenticationError.errorResponse.error` carries it.
 *
 * @example
 * ```ts
 * if (error.errorResponse.error === 'certificate_password_incorrect') askForThePassword();
 * ```
 */
export type CertificateProblem =
  | 'certificate_not_found'
  | 'certificate_malformed'
  | 'certificate_missing'
  | 'certificate_key_missing'
  | 'certificate_key_not_rsa'
  | 'certificate_key_mismatch'
  | 'certificate_password_required'
  | 'certificate_password_incorrect'
  | 'certificate_expired'
  | 'certificate_not_yet_valid'
  | 'certificate_needs_node';

/**
 * Thrown by the certificate parsers. Recognised by shape (see {@link isCertificateError}) because the
 * Node-only module of this package may be a separately loaded copy.
 *
 * @example
 * ```ts
 * throw new CertificateError('certificate_key_missing', 'The PEM has no private key.');
 * ```
 */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  constructor(
    readonly problem: CertificateProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Recognises a {@link CertificateError}, even one made by another loaded copy of this module.
 *
 * @example
 * ```ts
 * catch (e) { if (isCertificateError(e)) report(e.problem); }
 * ```
 */
export function isCertificateError(value: unknown): value is CertificateError {
  const candidate = value as Partial<CertificateError> | null;
  return candidate?.name === 'CertificateError' && typeof candidate.problem === 'string';
}
