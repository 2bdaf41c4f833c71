// A service principal that proves itself with a certificate: the client credentials grant with a signed
// client assertion.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { EntraClient, readFlag } from '@identity/core/internal';
import { ClientCertificateAssertionBase } from './client-certificate-assertion.js';
import type {
  ClientCertificateCredentialOptions,
  ClientCertificateCredentialPEMConfiguration,
} from './client-certificate-credential-options.js';

const NAME = 'ClientCertificateCredential';

/**
 * What the `ClientCertificateCredential` of each entry is made of. Each entry exports a subclass of its own (the
 * portable one below, the `node` entry's, which signs with the `node` entry's assertion), so no bundle file holds
 * two classes of one name: a bundler would rename one, and users would see that name.
 *
 * @example
 * ```ts
 * class ClientCertificateCredential extends ClientCertificateCredentialBase {}
 * ```
 */
export class ClientCertificateCredentialBase implements TokenCredential {
  /** The assertion this credential signs with: the `node` entry's subclass names the one that reads files. */
  protected static get Assertion(): typeof ClientCertificateAssertionBase {
    return ClientCertificateAssertionBase;
  }
  readonly #client: EntraClient;
  readonly #assertion: ClientCertificateAssertionBase;

  /**
   * @param tenantId - the directory (tenant) id; `adfs` for AD FS
   * @param clientId - the application (client) id of the app registration
   * @param certificate - a PEM or PFX file path, `{ certificatePath }`, or `{ certificate }` with PEM text or
   *   PFX bytes; `certificatePassword` for an encrypted key or a PFX
   * @param options - `sendCertificateChain`, authority host, allowed tenants, retries, transport
   * @throws `InvalidArgumentError` for a malformed id, both or neither of certificate and path, or malformed
   *   in-memory PEM; nothing is sent
   */
  constructor(
    tenantId: string,
    clientId: string,
    certificate: string | ClientCertificateCredentialPEMConfiguration,
    options: ClientCertificateCredentialOptions = {},
  ) {
    this.#client = new EntraClient({
      credentialName: NAME,
      tenantId,
      clientId,
      options,
      anchor: 'client-certificate-credential',
    });
    this.#assertion = new new.target.Assertion({
      credentialName: NAME,
      clientId: this.#client.clientId,
      certificate,
      sendCertificateChain:
        options.sendCertificateChain ?? readFlag(this.#client.env, 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN'),
      // AD FS verifies RS256 with a SHA-1 thumbprint; Entra ID takes PS256 with a SHA-256 one.
      algorithm: this.#client.tenantId === 'adfs' ? 'RS256' : 'PS256',
      clock: this.#client.clock,
    });
  }

  /**
   * Gets a token for the scopes (one resource's `/.default` scope). Cached per tenant, scopes, claims and
   * CAE; concurrent calls share one request; refreshed ahead of expiry.
   *
   * @throws `AuthenticationError` when the certificate cannot be used (`errorResponse.error` says why) or
   *   Entra refuses it
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.getToken(scopes, options, async ({ tokenUrl }) => ({
      grant_type: 'client_credentials',
      ...(await this.#assertion.formParameters(tokenUrl)),
    }));
  }
}

/**
 * Authenticates an application (service principal) with a certificate. Same constructor as
 * `@azure/identity`'s, plus PFX/PKCS#12 and in-memory bytes. With an unencrypted PKCS#8 PEM in memory it
 * runs on Node, Deno, Bun, Cloudflare Workers, Vercel Edge and browsers; files, encrypted keys, PKCS#1 and
 * PFX need Node.
 *
 * @example
 * ```ts
 * import { ClientCertificateCredential } from '@identity/client-certificate';
 *
 * const credential = new ClientCertificateCredential(tenantId, clientId, '/secrets/app.pem');
 * const { token } = await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class ClientCertificateCredential extends ClientCertificateCredentialBase {}
