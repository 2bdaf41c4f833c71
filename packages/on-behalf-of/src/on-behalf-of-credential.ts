// A middle-tier API calls a downstream API as the user who called it: the user's token is exchanged for
// a new one (the JWT bearer grant with requested_token_use=on_behalf_of).
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import { EntraClient, troubleshooting } from '@identity/core/internal';
import { type ClientAuthentication, clientAuthentication } from './on-behalf-of-client-authentication.js';
import type { OnBehalfOfCredentialOptions } from './on-behalf-of-credential-options.js';

const NAME = 'OnBehalfOfCredential';
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Exchanges the token a user sent to your API for a token to a downstream API, on the user's behalf. Same
 * options as `@azure/identity`'s: exactly one of `clientSecret`, `certificatePath` (PEM or PFX) and
 * `getAssertion`. Tokens are cached per user assertion, keyed by its SHA-256 (never the token itself), so
 * credentials that share a `tokenCache` never hand one user's token to another.
 *
 * @example
 * ```ts
 * import { OnBehalfOfCredential } from '@identity/on-behalf-of';
 *
 * const credential = new OnBehalfOfCredential({ tenantId, clientId, clientSecret, userAssertionToken: incomingToken });
 * const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
 * ```
 */
export class OnBehalfOfCredential implements TokenCredential {
  readonly #client: EntraClient;
  readonly #authenticate: ClientAuthentication;
  readonly #userAssertion: string;
  #partition: Promise<string> | undefined;

  /**
   * @throws `InvalidArgumentError` for a malformed tenant or client id, a missing user assertion, or not
   *   exactly one client credential; nothing is sent
   */
  constructor(options: OnBehalfOfCredentialOptions) {
    this.#client = new EntraClient({
      credentialName: NAME,
      tenantId: options?.tenantId,
      clientId: options?.clientId,
      options,
      anchor: 'on-behalf-of-credential',
    });
    const { userAssertionToken } = options;
    if (typeof userAssertionToken !== 'string' || !userAssertionToken.trim()) {
      throw new InvalidArgumentError(
        `${NAME}: userAssertionToken is missing; pass the access token your API received. ${troubleshooting('on-behalf-of-credential')}`,
      );
    }
    this.#userAssertion = userAssertionToken.trim();
    this.#authenticate = clientAuthentication(options, {
      clientId: this.#client.clientId,
      tenantId: this.#client.tenantId,
      env: this.#client.env,
      clock: this.#client.clock,
    });
  }

  /**
   * Gets a token for the downstream scopes on the user's behalf. Cached per user assertion, tenant, scopes,
   * claims and CAE; concurrent calls share one request.
   *
   * @throws `AuthenticationError` when Entra refuses the exchange (an expired user token: AADSTS500133; one
   *   for another API: AADSTS500131) or the client credential
   */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.#partition ??= sha256Hex(this.#userAssertion);
    const partition = await this.#partition;
    return this.#client.getToken(
      scopes,
      options,
      async ({ tokenUrl }) => ({
        grant_type: GRANT_TYPE,
        requested_token_use: 'on_behalf_of',
        assertion: this.#userAssertion,
        ...(await this.#authenticate(tokenUrl)),
      }),
      `obo:${partition}`,
    );
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
