// A service principal that proves itself with an assertion supplied by the caller: a federated token from
// Kubernetes, GitHub Actions, Azure Pipelines, another cloud, or a JWT signed elsewhere.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import {
  AuthenticationError,
  EntraClient,
  InvalidArgumentError,
  isIdentityError,
  troubleshooting,
} from '@identity/core';
import type { ClientAssertionCredentialOptions } from './client-assertion-credential-options.js';

// 'WorkloadIdentityCredential' → 'workload-identity-credential': each credential's section of the guide.
const anchorOf = (name: string) => name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase();

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
  readonly #name: string;
  readonly #anchor: string;

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
    this.#name = options.credentialName ?? 'ClientAssertionCredential';
    this.#anchor = anchorOf(this.#name);
    this.#client = new EntraClient({
      credentialName: this.#name,
      tenantId,
      clientId,
      options,
      anchor: this.#anchor,
    });
    if (typeof getAssertion !== 'function') {
      throw new InvalidArgumentError(
        `${this.#name}: getAssertion must be a function that returns the assertion. ${troubleshooting(this.#anchor)}`,
      );
    }
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
    return this.#client.getToken(scopes, options, async () => ({
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      client_assertion: await this.#assertion(),
    }));
  }

  async #assertion(): Promise<string> {
    let assertion: unknown;
    try {
      assertion = await this.#getAssertion();
    } catch (cause) {
      // Our own errors already say what to do (and whether a chain may move on); keep them as they are.
      if (isIdentityError(cause)) throw cause;
      throw new AuthenticationError(
        0,
        { error: 'assertion_unavailable', error_description: `getAssertion failed: ${describe(cause)}` },
        { credentialName: this.#name, anchor: this.#anchor, cause },
      );
    }
    if (typeof assertion !== 'string' || assertion.trim() === '') {
      throw new InvalidArgumentError(
        `${this.#name}: getAssertion returned ${typeof assertion === 'string' ? 'an empty string' : `a ${typeof assertion}`}; it must return the assertion (a JWT) as a string. ${troubleshooting(this.#anchor)}`,
      );
    }
    return assertion.trim();
  }
}

// The callback's own message says what went wrong; its first line is enough (and is redacted downstream).
function describe(cause: unknown): string {
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return text.split(/\r?\n/)[0]?.slice(0, 300) ?? '';
}
