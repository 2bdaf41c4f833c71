// A service principal that proves itself with an assertion supplied by the caller: a federated token from
// Kubernetes, GitHub Actions, Azure Pipelines, another cloud, or a JWT signed elsewhere.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { AuthenticationError, InvalidArgumentError, isIdentityError } from '@identity/core';
import { EntraClient, troubleshooting } from '@identity/core/internal';
import type { ClientAssertionCredentialOptions } from './client-assertion-credential-options.js';

/**
 * The `client_assertion_type` of a JWT client assertion (RFC 7523).
 *
 * @example
 * ```ts
 * form.set('client_assertion_type', JWT_BEARER_ASSERTION_TYPE);
 * ```
 */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Authenticates an application with a client assertion that `getAssertion` supplies. Same constructor as
 * `@azure/identity`'s; runs on Node, Deno, Bun, Cloudflare Workers, Vercel Edge and browsers.
 *
 * `getAssertion` runs once per token request: never for a cached token, and once for all the concurrent
 * callers that share a request. It may return a cached assertion, as long as it has not expired.
 *
 * @example
 * ```ts
 * import { ClientAssertionCredential } from '@identity/client-assertion';
 *
 * const credential = new ClientAssertionCredential(tenantId, clientId, () => getGitHubOidcToken());
 * const { token } = await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class ClientAssertionCredential implements TokenCredential {
  readonly #client: EntraClient;
  readonly #getAssertion: () => string | Promise<string>;
  // One message for a callback that is not a function and for one that returns nothing usable.
  readonly #invalid: string;

  /**
   * @param tenantId - the directory (tenant) id
   * @param clientId - the application (client) id of the app registration
   * @param getAssertion - returns the assertion (a JWT) to present; called once per token request
   * @param options - authority host, allowed tenants, retries, transport
   * @throws `InvalidArgumentError` for an empty or malformed id, a missing callback or a non-https authority
   */
  constructor(
    tenantId: string,
    clientId: string,
    getAssertion: () => string | Promise<string>,
    options: ClientAssertionCredentialOptions = {},
  ) {
    const credentialName = options.credentialName ?? 'ClientAssertionCredential';
    // 'WorkloadIdentityCredential' → 'workload-identity-credential': each credential's section of the guide.
    const anchor = credentialName.replace(/\B[A-Z]/g, '-$&').toLowerCase();
    this.#client = new EntraClient({ credentialName, tenantId, clientId, options, anchor });
    this.#invalid = `${credentialName}: getAssertion must be a function returning the assertion (a JWT). ${troubleshooting(anchor)}`;
    if (typeof getAssertion !== 'function') throw new InvalidArgumentError(this.#invalid);
    this.#getAssertion = getAssertion;
  }

  /**
   * Gets a token for the scopes (one resource's `/.default` scope). Cached per tenant, scopes, claims and CAE;
   * concurrent calls share one request (and one `getAssertion` call); refreshed ahead of expiry.
   *
   * @throws `AuthenticationError` when Entra refuses the assertion or `getAssertion` fails
   * @throws `InvalidArgumentError` when `getAssertion` returns an empty or non-string value
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.getToken(scopes, options, async () => {
      let assertion: unknown;
      try {
        assertion = await this.#getAssertion();
      } catch (cause) {
        // Our own errors already say what to do (and whether a chain may move on): keep them as they are.
        if (isIdentityError(cause)) throw cause;
        throw new AuthenticationError(
          0,
          // The callback's own message says what went wrong (redacted, like every message).
          { error: 'assertion_unavailable', error_description: `getAssertion failed: ${String(cause)}` },
          // The client carries the credential's name and anchor, as for every error of its requests.
          { ...this.#client, cause },
        );
      }
      const trimmed = typeof assertion === 'string' && assertion.trim();
      if (!trimmed) throw new InvalidArgumentError(this.#invalid);
      return {
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
        client_assertion: trimmed,
      };
    });
  }
}
