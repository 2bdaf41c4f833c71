// The signed client assertion of a certificate credential (RFC 7523, as Entra ID wants it): PS256 with
// `x5t#S256`, or RS256 with `x5t` for ADFS; `x5c` on request. Signed with WebCrypto, so it runs everywhere,
// and reused per audience until near its expiry instead of being signed for every request.
import type { Clock } from '@identity/core';
import { AuthenticationError } from '@identity/core';
import { systemClock } from '@identity/core/internal';
import type { ClientCertificateCredentialPEMConfiguration } from './client-certificate-credential-options.js';
import { base64Url, bytesToBase64 } from './client-certificate-encoding.js';
import { CertificateError, isCertificateError } from './client-certificate-error.js';
import type { AssertionAlgorithm, LoadedCertificate } from './client-certificate-material.js';
import {
  type CertificateNodeSupport,
  type CertificateSource,
  certificateSource,
} from './client-certificate-source.js';

/**
 * The `client_assertion_type` of a JWT client assertion.
 *
 * @example
 * ```ts
 * form.client_assertion_type = JWT_BEARER_ASSERTION_TYPE;
 * ```
 */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const LIFETIME_SECONDS = 600;
// Re-signed when less than this is left, so an assertion never expires on its way to the token endpoint.
const REUSE_MARGIN_SECONDS = 120;
// Audiences are token URLs, one per tenant; a multi-tenant app with "*" must not grow this without bound.
const MAX_CACHED_AUDIENCES = 32;

/**
 * How a {@link ClientCertificateAssertion} is set up.
 *
 * @example
 * ```ts
 * const options: ClientCertificateAssertionOptions = { clientId, certificate: { certificatePath: './app.pem' } };
 * ```
 */
export interface ClientCertificateAssertionOptions {
  /** The application (client) id: `iss` and `sub` of the assertion. */
  clientId: string;
  /** A PEM file path, `{ certificatePath }`, or `{ certificate }` with PEM text or PFX bytes. */
  certificate: string | ClientCertificateCredentialPEMConfiguration;
  /** Add the chain as `x5c` (subject name / issuer authentication). Default false. */
  sendCertificateChain?: boolean;
  /** Default `PS256`; ADFS needs `RS256`. */
  algorithm?: AssertionAlgorithm;
  /** Default: the system clock. */
  clock?: Clock;
  /** Names the credential in messages. Default `ClientCertificateCredential`. */
  credentialName?: string;
}

interface SignedAssertion {
  certificate: LoadedCertificate;
  jwt: string;
  expiresAt: number;
}

/**
 * What the `ClientCertificateAssertion` of each entry is made of. Each entry exports a subclass of its own (the
 * portable one below, the `node` entry's with Node support), so no bundle file holds two classes of one name: a
 * bundler would rename one, and users would see that name.
 *
 * @example
 * ```ts
 * class ClientCertificateAssertion extends ClientCertificateAssertionBase {}
 * ```
 */
export class ClientCertificateAssertionBase {
  /** Reads certificate files and the formats WebCrypto cannot import: given by the `node` entry's subclass. */
  protected static get nodeSupport(): CertificateNodeSupport | undefined {
    return undefined;
  }
  readonly #clientId: string;
  readonly #source: CertificateSource;
  readonly #sendChain: boolean;
  readonly #algorithm: AssertionAlgorithm;
  readonly #clock: Clock;
  readonly #credentialName: string;
  // Kept only to be redacted from errors about the certificate.
  readonly #password: string | undefined;
  readonly #signed = new Map<string, SignedAssertion>();

  /** @throws `InvalidArgumentError` for both or neither of certificate and path, or malformed in-memory PEM */
  constructor(options: ClientCertificateAssertionOptions) {
    this.#credentialName = options.credentialName ?? 'ClientCertificateCredential';
    this.#clientId = options.clientId;
    this.#source = certificateSource(this.#credentialName, options.certificate, new.target.nodeSupport);
    this.#password = (options.certificate as { certificatePassword?: string })?.certificatePassword;
    this.#sendChain = options.sendCertificateChain ?? false;
    this.#algorithm = options.algorithm ?? 'PS256';
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * The signed assertion for a token endpoint (its URL is the `aud`).
   *
   * @throws `AuthenticationError` whose `errorResponse.error` names the certificate problem (see `CertificateProblem`)
   */
  async getAssertion(audience: string): Promise<string> {
    try {
      const certificate = await this.#source.current();
      const now = Math.floor(this.#clock.now() / 1000);
      const reusable = this.#signed.get(audience);
      if (reusable?.certificate === certificate && reusable.expiresAt - now > REUSE_MARGIN_SECONDS) {
        return reusable.jwt;
      }
      checkValidity(certificate, now * 1000);
      const jwt = await this.#sign(certificate, audience, now);
      this.#signed.delete(audience);
      if (this.#signed.size >= MAX_CACHED_AUDIENCES) this.#signed.clear();
      this.#signed.set(audience, { certificate, jwt, expiresAt: now + LIFETIME_SECONDS });
      return jwt;
    } catch (error) {
      throw this.#failure(error);
    }
  }

  /**
   * The form parameters that authenticate the client at a token endpoint: `client_assertion_type` and
   * `client_assertion`.
   *
   * @throws `AuthenticationError` as {@link ClientCertificateAssertion.getAssertion}
   */
  async formParameters(tokenUrl: string): Promise<Record<string, string>> {
    return {
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      client_assertion: await this.getAssertion(tokenUrl),
    };
  }

  async #sign(certificate: LoadedCertificate, audience: string, now: number): Promise<string> {
    const header = {
      alg: this.#algorithm,
      typ: 'JWT',
      ...(this.#algorithm === 'RS256' ? { x5t: certificate.x5t } : { 'x5t#S256': certificate.x5tS256 }),
      ...(this.#sendChain ? { x5c: certificate.chain.map(bytesToBase64) } : {}),
    };
    const claims = {
      aud: audience,
      iss: this.#clientId,
      sub: this.#clientId,
      jti: crypto.randomUUID(),
      nbf: now,
      iat: now,
      exp: now + LIFETIME_SECONDS,
    };
    const input = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
    const algorithm =
      this.#algorithm === 'PS256' ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'RSASSA-PKCS1-v1_5' };
    const key = await certificate.signingKey(this.#algorithm);
    const signature = await crypto.subtle.sign(algorithm, key, new TextEncoder().encode(input));
    return `${input}.${base64Url(new Uint8Array(signature))}`;
  }

  #failure(error: unknown): unknown {
    if (AuthenticationError.isInstance(error)) return error;
    // WebCrypto refusing the key (an odd RSA key the platform does not take) is a certificate problem too.
    const problem = isCertificateError(error)
      ? error
      : error instanceof Error && /^(DataError|NotSupportedError)$/.test(error.name)
        ? new CertificateError('certificate_malformed', 'The private key could not be imported for signing.')
        : undefined;
    if (!problem) return error;
    return new AuthenticationError(
      0,
      { error: problem.problem, error_description: problem.message },
      {
        credentialName: this.#credentialName,
        anchor: 'client-certificate-credential',
        secrets: [this.#password],
      },
    );
  }
}

function checkValidity(certificate: LoadedCertificate, now: number): void {
  const { notBefore, notAfter } = certificate.leaf;
  const day = (ms: number) => new Date(ms).toISOString();
  if (now > notAfter) {
    throw new CertificateError(
      'certificate_expired',
      `The certificate expired on ${day(notAfter)}; Entra ID refuses it. Upload a new certificate and use it.`,
    );
  }
  if (now < notBefore) {
    throw new CertificateError(
      'certificate_not_yet_valid',
      `The certificate is not valid before ${day(notBefore)}; check the clock or wait until then.`,
    );
  }
}

/**
 * Builds the certificate client assertion of any credential that authenticates an app with a certificate
 * (ClientCertificateCredential, OnBehalfOfCredential...). The certificate is checked on first use; a file
 * is re-read on every call and a changed one is used at once.
 *
 * @example
 * ```ts
 * const assertion = new ClientCertificateAssertion({ clientId, certificate: { certificate: pem } });
 * const form = { ...(await assertion.formParameters(tokenUrl)), grant_type: 'client_credentials' };
 * ```
 */
export class ClientCertificateAssertion extends ClientCertificateAssertionBase {}
