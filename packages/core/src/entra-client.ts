// What every credential that talks to the Entra token endpoint shares: checked configuration, tenant
// resolution, CAE claims, the cache key, and one cached, single-flight request per key. A credential only
// says which grant parameters prove who it is.

import { resolveAuthorityHost } from './authority-host.js';
import { mergeClaims } from './claims.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type {
  CredentialPersistenceOptions,
  ProxyOptions,
  TokenCredentialOptions,
} from './credential-options.js';
import type { Environment } from './environment.js';
import { defaultEnvironment } from './environment.js';
import type { FetchLike } from './http-transport.js';
import { exponentialRetryPolicy, HttpClient } from './http-transport.js';
import { defaultTokenCache } from './identity-plugin.js';
import type { Logger } from './logger.js';
import { createLogger } from './logger.js';
import { resolveTenant } from './multi-tenant.js';
import { proxyAwareFetch } from './proxy-fetch.js';
import { ScopeKeys } from './scope-keys.js';
import type { CachedToken, TokenCache } from './token-cache.js';
import type { AccessToken, GetTokenOptions } from './token-credential.js';
import { requestToken } from './token-endpoint.js';
import { userAgentHeaders } from './user-agent.js';
import { validateClientId, validateScopes, validateTenantId } from './validation.js';

/**
 * What a credential's grant gets to build its parameters.
 *
 * @example
 * ```ts
 * const grant = async ({ tokenUrl }: GrantContext): Promise<GrantParameters> => ({
 *   grant_type: 'client_credentials',
 *   client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
 *   client_assertion: await signAssertion({ aud: tokenUrl }),
 * });
 * ```
 */
export interface GrantContext {
  /** The tenant this request goes to. */
  tenantId: string;
  /** The token endpoint URL (the `aud` of a client assertion). */
  tokenUrl: string;
  /** The requested scopes. */
  scopes: string[];
}

/**
 * The form parameters that prove who the client is (and which grant it uses).
 *
 * @example
 * ```ts
 * const parameters: GrantParameters = { grant_type: 'client_credentials', client_secret: clientSecret };
 * ```
 */
export type GrantParameters = Record<string, string>;

/**
 * How a credential's {@link EntraClient} is set up.
 *
 * @example
 * ```ts
 * const config: EntraClientConfig = {
 *   credentialName: 'ClientSecretCredential',
 *   tenantId,
 *   clientId,
 *   options,
 *   anchor: 'client-secret-credential',
 * };
 * const client = new EntraClient(config);
 * ```
 */
export interface EntraClientConfig {
  /** The credential's class name, used in every message and log line. */
  credentialName: string;
  tenantId: string;
  clientId: string;
  options?: TokenCredentialOptions & CredentialPersistenceOptions;
  /** The troubleshooting anchor for this credential's failures. */
  anchor?: string;
}

/**
 * The shared engine of the token-endpoint credentials. Each entry of `@identity/core/internal` exports a subclass
 * named `EntraClient` that says how requests reach Entra ({@link EntraClient} here, the `node` entry's through
 * proxies); two classes of one name in a bundle file would have one renamed.
 *
 * @example
 * ```ts
 * class MyCredential {
 *   #client = new EntraClient({ credentialName: 'MyCredential', tenantId, clientId, options });
 *   getToken(scopes: string | string[], options?: GetTokenOptions) {
 *     return this.#client.getToken(scopes, options, () => ({ grant_type: 'client_credentials', client_secret: secret }));
 *   }
 * }
 * ```
 */
export abstract class EntraClientBase {
  readonly credentialName: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly authorityHost: string;
  readonly env: Environment;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly http: HttpClient;
  /** The `userAgentOptions` User-Agent, on every token request. */
  readonly headers: Record<string, string> | undefined;
  /** The troubleshooting anchor of this credential's failures. */
  readonly anchor: string | undefined;
  readonly #allowedTenants: readonly string[];
  readonly #cache: TokenCache;
  readonly #scopeKeys = new ScopeKeys();

  /** Makes the fetch for Entra when the `fetch` option is not given. */
  protected abstract proxyAwareFetch(env: Environment, proxyOptions?: ProxyOptions): FetchLike;

  constructor(config: EntraClientConfig) {
    const options = config.options ?? {};
    const name = config.credentialName;
    this.credentialName = name;
    this.tenantId = validateTenantId(name, config.tenantId);
    this.clientId = validateClientId(name, config.clientId);
    this.headers = userAgentHeaders(options);
    this.env = options.env ?? defaultEnvironment();
    this.authorityHost = resolveAuthorityHost(options.authorityHost, this.env);
    this.clock = options.clock ?? systemClock;
    this.logger = createLogger(name);
    this.#allowedTenants = options.additionallyAllowedTenants ?? [];
    this.anchor = config.anchor;
    // Entra may sit behind a proxy.
    this.http = new HttpClient({
      fetch: options.fetch ?? this.proxyAwareFetch(this.env, options.proxyOptions),
      clock: this.clock,
      retryPolicy: exponentialRetryPolicy(options.retryOptions),
      timeoutInMs: options.requestTimeoutInMs,
      logger: this.logger,
    });
    this.#cache = options.tokenCache ?? defaultTokenCache(options);
  }

  /**
   * The token endpoint of a tenant: `<authority>/<tenant>/oauth2/v2.0/token`, or ADFS's `/adfs/oauth2/token`.
   */
  tokenUrl(tenantId: string): string {
    return tenantId === 'adfs'
      ? `${this.authorityHost}/adfs/oauth2/token`
      : `${this.authorityHost}/${tenantId}/oauth2/v2.0/token`;
  }

  /**
   * Gets a token for the scopes with the credential's grant: from the cache when it holds a usable one, else
   * with one request shared by every concurrent caller. `partition` separates cache entries that differ in
   * something the key does not show (a user assertion's hash, never the assertion).
   */
  getToken(
    scopes: string | string[],
    options: GetTokenOptions | undefined,
    grant: (context: GrantContext) => GrantParameters | Promise<GrantParameters>,
    partition = '',
  ): Promise<AccessToken> {
    // A repeated plain call (no tenant, claims, CAE or partition) goes straight to its cached token.
    const plain = !(partition || options?.tenantId || options?.claims || options?.enableCae);
    return (
      (plain && this.#scopeKeys.fresh(this.#cache, scopes, options, this.clock)) ||
      this.#getToken(scopes, options, grant, partition, plain)
    );
  }

  async #getToken(
    scopes: string | string[],
    options: GetTokenOptions | undefined,
    grant: (context: GrantContext) => GrantParameters | Promise<GrantParameters>,
    partition: string,
    plain: boolean,
  ): Promise<AccessToken> {
    const scopeList = validateScopes(this.credentialName, scopes);
    // Given the configured tenant, resolveTenant always returns one.
    const tenantId = resolveTenant(
      this.credentialName,
      this.tenantId,
      options?.tenantId,
      this.#allowedTenants,
      this.env,
    ) as string;
    const claims = mergeClaims(options?.claims, options?.enableCae);
    // Everything that changes the token is in the key (CAE through the claims it adds); nothing secret is. The
    // layout is tokenCacheKey's (a persistent store reads it back), written out here: these bundles are the
    // smallest, and entra-client.test.ts checks the two agree.
    const key = [
      this.authorityHost,
      this.clientId,
      partition,
      tenantId.toLowerCase(),
      [...scopeList].sort().join(' '),
      claims,
    ].join('|');
    if (plain) this.#scopeKeys.remember(scopeList, key);
    // `signal` fires once every caller waiting for this shared request has aborted.
    const acquire = async (signal: AbortSignal): Promise<CachedToken> => {
      const tokenUrl = this.tokenUrl(tenantId);
      const parameters = await grant({ tenantId, tokenUrl, scopes: scopeList });
      const form: Record<string, string> = {
        client_id: this.clientId,
        scope: scopeList.join(' '),
        ...parameters,
      };
      if (claims) form.claims = claims;
      // This client is the request's context: it has the name, transport, clock and anchor the request needs.
      const token = await requestToken(tokenUrl, form, { ...this, signal });
      this.logger.info(`new token for ${scopeList}, tenant ${tenantId}`);
      return token;
    };
    return this.#cache.getToken(key, acquire, {
      ...options,
      forceRefresh: Boolean(options?.claims),
      clock: this.clock,
      logger: this.logger,
    });
  }
}

/**
 * {@link EntraClientBase} for every runtime: without a `fetch` option, requests go through the runtime's own fetch,
 * which follows the proxy settings of Deno, Bun and browsers; `proxyOptions` fails, as only Node's is honoured.
 *
 * @example
 * ```ts
 * const client = new EntraClient({ credentialName: 'MyCredential', tenantId, clientId, options });
 * ```
 */
export class EntraClient extends EntraClientBase {
  protected proxyAwareFetch(env: Environment, proxyOptions?: ProxyOptions): FetchLike {
    return proxyAwareFetch(env, proxyOptions);
  }
}
