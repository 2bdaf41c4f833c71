// A service principal that proves itself with a client secret (the client credentials grant).
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import { EntraClient, troubleshooting } from '@identity/core/internal';
import type { ClientSecretCredentialOptions } from './client-secret-credential-options.js';

/**
 * Authenticates an application (service principal) with its client secret. Same constructor as
 * `@azure/identity`'s; runs on Node, Deno, Bun, Cloudflare Workers, Vercel Edge and browsers.
 *
 * @example
 * ```ts
 * import { ClientSecretCredential } from '@identity/client-secret';
 *
 * const credential = new ClientSecretCredential(tenantId, clientId, clientSecret);
 * const { token } = await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class ClientSecretCredential implements TokenCredential {
  readonly #client: EntraClient;
  readonly #clientSecret: string;

  /**
   * @param tenantId - the directory (tenant) id
   * @param clientId - the application (client) id of the app registration
   * @param clientSecret - a client secret's value (not its id)
   * @param options - authority host, allowed tenants, retries, transport
   * @throws `InvalidArgumentError` for an empty or malformed id, an empty secret or a non-https authority; nothing is sent
   */
  constructor(
    tenantId: string,
    clientId: string,
    clientSecret: string,
    options: ClientSecretCredentialOptions = {},
  ) {
    this.#client = new EntraClient({
      credentialName: 'ClientSecretCredential',
      tenantId,
      clientId,
      options,
      anchor: 'client-secret-credential',
    });
    if (typeof clientSecret !== 'string' || clientSecret === '') {
      throw new InvalidArgumentError(
        `ClientSecretCredential: clientSecret is missing. ${troubleshooting('client-secret-credential')}`,
      );
    }
    this.#clientSecret = clientSecret;
  }

  /**
   * Gets a token for the scopes (one resource's `/.default` scope for app-only tokens). Cached per tenant,
   * scopes, claims and CAE; concurrent calls share one request; refreshed ahead of expiry.
   *
   * @throws `AuthenticationError` when Entra refuses the secret or cannot be reached
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.getToken(scopes, options, () => ({
      grant_type: 'client_credentials',
      client_secret: this.#clientSecret,
    }));
  }
}
