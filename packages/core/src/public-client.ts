// What the credentials that sign a user in share (device code, authorization code, interactive browser): the
// signed-in account and its refresh token, silent acquisition before any prompt (a cached access token, else the
// refresh token for the scope and tenant asked for), one sign-in at a time, `disableAutomaticAuthentication`, and
// the AuthenticationRecord. How the user signs in is the credential's: a function it passes in, so nothing here
// prompts, opens a browser or prints. It shares no code path with the app-only credentials' EntraClient, so their
// bundles carry none of it.

import type { AuthenticationRecord } from './authentication-record.js';
import { checkAuthenticationRecord } from './authentication-record.js';
import { resolveAuthorityHost } from './authority-host.js';
import { AUTHORIZE_OIDC_SCOPES } from './authorize-url.js';
import { withCallerLimits } from './caller-limits.js';
import { mergeClaims } from './claims.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { CredentialLifetime } from './credential-lifetime.js';
import type {
  CredentialPersistenceOptions,
  InteractiveCredentialOptions,
  ProxyOptions,
} from './credential-options.js';
import type { Environment } from './environment.js';
import { defaultEnvironment } from './environment.js';
import { AbortError, AuthenticationError, AuthenticationRequiredError } from './errors.js';
import type { FetchLike } from './http-transport.js';
import { exponentialRetryPolicy, HttpClient } from './http-transport.js';
import { defaultTokenCache } from './identity-plugin.js';
import type { Logger } from './logger.js';
import { createLogger } from './logger.js';
import { resolveTenant } from './multi-tenant.js';
import type { UserAccountStore, UserTokens } from './public-client-accounts.js';
import { accountEnvironment, accountFromTokens, accountKey } from './public-client-accounts.js';
import { postUserForm, requestUserTokens } from './public-client-requests.js';
import type { CachedToken, TokenCache } from './token-cache.js';
import { tokenCacheKey } from './token-cache-key.js';
import type { AbortSignalLike, AccessToken, GetTokenOptions } from './token-credential.js';
import { userAgentHeaders } from './user-agent.js';
import { validateClientId, validateScopes, validateTenantId } from './validation.js';

/**
 * The client id the user credentials sign in to when none is given: Microsoft's development application (the Azure
 * CLI's), as in `@azure/identity`. Register an app of your own for production.
 *
 * @example
 * ```ts
 * new DeviceCodeCredential({ clientId: DEVELOPER_SIGN_ON_CLIENT_ID }); // the default
 * ```
 */
export const DEVELOPER_SIGN_ON_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/**
 * A user credential's client id and tenant, with `@azure/identity`'s defaults: the development application, and
 * the tenant `organizations` for it (work and school accounts), `common` for any other app.
 *
 * @example
 * ```ts
 * userFlowIds({}); // { clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', tenantId: 'organizations' }
 * ```
 */
export function userFlowIds(options: { clientId?: string; tenantId?: string }): {
  clientId: string;
  tenantId: string;
} {
  const clientId = options.clientId || DEVELOPER_SIGN_ON_CLIENT_ID;
  const fallback = clientId === DEVELOPER_SIGN_ON_CLIENT_ID ? 'organizations' : 'common';
  return { clientId, tenantId: options.tenantId || fallback };
}

/**
 * What a credential's sign-in step gets: where and for what to sign the user in, and the ways to reach Entra with
 * what the sign-in yields (a device code, an authorization code).
 *
 * @example
 * ```ts
 * const signIn: SignIn = async (context) => {
 *   const code = await askTheUser(context.authorityHost, context.tenantId, context.scopes, context.abortSignal);
 *   return context.requestTokens({ grant_type: 'authorization_code', code, redirect_uri, code_verifier });
 * };
 * ```
 */
export interface SignInContext {
  /** The credential's name and troubleshooting anchor, for messages. */
  credentialName: string;
  anchor: string | undefined;
  clientId: string;
  /** The tenant to sign in at: the configured one, or the one the call asked for. */
  tenantId: string;
  /** The authority host, such as `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** The tenant's token endpoint. */
  tokenUrl: string;
  /** The scopes to ask for: the caller's, then `openid`, `profile` and `offline_access`. */
  scopes: string[];
  /** The claims request to send (a claims challenge, the CAE capability), if any. */
  claims: string | undefined;
  /** The account the credential knows (its `authenticationRecord`, or the last one signed in), as a hint. */
  account: AuthenticationRecord | undefined;
  /**
   * Why the account's tokens did not serve silently, if they were tried: the `AuthenticationError` of a refused
   * refresh token (an `AuthenticationRequiredError` when there was none). A sign-in that cannot happen names it in
   * its error (`refusal` of `@identity/core/internal`) and keeps it as that error's `cause`.
   */
  cause?: unknown;
  /** The caller's abort signal: the sign-in must stop when it fires. */
  abortSignal: AbortSignalLike | undefined;
  /** The credential's clock: for waits (polling, timeouts). */
  clock: Clock;
  /**
   * Redeems a grant at the token endpoint: the form gets `client_id`, `scope`, `client_info=1`, the claims and a
   * confidential client's secret. Throws the `AuthenticationError` of a refusal (`errorResponse.error` says which).
   */
  requestTokens(grant: Record<string, string>): Promise<UserTokens>;
  /** POSTs a form to another endpoint of the authority (the device-code endpoint) and returns the 200 answer's body. */
  post(url: string, form: Record<string, string>): Promise<string>;
}

/**
 * A credential's way of signing the user in: returns the tokens of the sign-in (from `context.requestTokens`).
 *
 * @example
 * ```ts
 * client.getToken(scopes, options, (context) => signInWithDeviceCode(context));
 * ```
 */
export type SignIn = (context: SignInContext) => Promise<UserTokens>;

/**
 * How a {@link PublicClient} is set up.
 *
 * @example
 * ```ts
 * const config: PublicClientConfig = { credentialName: 'DeviceCodeCredential', ...userFlowIds(options), options, proxyAwareFetch };
 * ```
 */
export interface PublicClientConfig {
  /** The credential's class name, used in every message and log line. */
  credentialName: string;
  tenantId: string;
  clientId: string;
  /**
   * The credential's options: transport, token cache (or `tokenCachePersistenceOptions`), allowed tenants,
   * `authenticationRecord`, `disableAutomaticAuthentication`.
   */
  options?: InteractiveCredentialOptions & CredentialPersistenceOptions;
  /** The troubleshooting anchor of the credential's failures. */
  anchor?: string;
  /**
   * Makes the fetch for Entra when the `fetch` option is not given: `proxyAwareFetch` of `@identity/core/internal`,
   * which on Node (its `node` entry) goes through the configured proxy.
   */
  proxyAwareFetch(env: Environment, proxyOptions?: ProxyOptions): FetchLike;
  /** A confidential client's secret, sent with every token request (AuthorizationCodeCredential's web apps). */
  clientSecret?: string;
}

// Entra's answers to a refresh token that mean "the user must sign in (again)", not "this request is broken".
const INTERACTION_NEEDED = ['invalid_grant', 'interaction_required', 'login_required', 'consent_required'];

// One getToken call, checked.
interface TokenRequest {
  tenantId: string;
  scopes: string[];
  claims: string | undefined;
  options: GetTokenOptions;
  // Why the account's tokens did not serve silently, if they were tried (see SignInContext.cause).
  cause?: unknown;
}

/**
 * The engine of the user credentials. `getToken` serves the signed-in account's cached access token, else
 * redeems its refresh token for the scopes and tenant asked for, and only then signs the user in with the
 * credential's {@link SignIn} (or, with `disableAutomaticAuthentication`, throws `AuthenticationRequiredError`).
 * Concurrent calls share one sign-in. Tokens are cached per account, tenant, scopes and claims.
 *
 * @example
 * ```ts
 * class MyUserCredential {
 *   #client = new PublicClient({ credentialName: 'MyUserCredential', ...userFlowIds(options), options, proxyAwareFetch });
 *   getToken(scopes: string | string[], options?: GetTokenOptions) {
 *     return this.#client.getToken(scopes, options, (context) => mySignIn(context));
 *   }
 * }
 * ```
 */
export class PublicClient {
  readonly credentialName: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly authorityHost: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly http: HttpClient;
  readonly headers: Record<string, string> | undefined;
  readonly anchor: string | undefined;
  readonly #options: InteractiveCredentialOptions;
  readonly #env: Environment;
  readonly #clientSecret: string | undefined;
  readonly #accounts: UserAccountStore;
  readonly #cache: TokenCache;
  readonly #lifetime: CredentialLifetime;
  // The authority as AuthenticationRecord.authority and MSAL's `environment` name it.
  readonly #authority: string;
  #account: AuthenticationRecord | undefined;
  #signingIn: Promise<AccessToken> | undefined;

  /** @throws `InvalidArgumentError` for a malformed id, a non-https authority, or an `authenticationRecord` that is not one */
  constructor(config: PublicClientConfig) {
    const options = config.options ?? {};
    const name = config.credentialName;
    const env = options.env ?? defaultEnvironment();
    this.credentialName = name;
    this.tenantId = validateTenantId(name, config.tenantId);
    this.clientId = validateClientId(name, config.clientId);
    this.headers = userAgentHeaders(options);
    this.authorityHost = resolveAuthorityHost(options.authorityHost, env);
    this.clock = options.clock ?? systemClock;
    this.logger = createLogger(name);
    this.anchor = config.anchor;
    this.http = new HttpClient({
      fetch: options.fetch ?? config.proxyAwareFetch(env, options.proxyOptions),
      clock: this.clock,
      retryPolicy: exponentialRetryPolicy(options.retryOptions),
      timeoutInMs: options.requestTimeoutInMs,
      logger: this.logger,
    });
    this.#options = options;
    this.#env = env;
    this.#clientSecret = config.clientSecret;
    const cache = options.tokenCache ?? defaultTokenCache(options);
    this.#cache = cache;
    this.#lifetime = new CredentialLifetime(name);
    // A persistent cache keeps the accounts (and their refresh tokens) too, so the next run signs in silently.
    this.#accounts = cache.accounts ?? new Map();
    this.#authority = accountEnvironment(this.authorityHost);
    const record = options.authenticationRecord;
    this.#account = record && checkAuthenticationRecord(record, `${name}: authenticationRecord`);
  }

  /** The account signed in last (or the `authenticationRecord` given), if any. */
  get record(): AuthenticationRecord | undefined {
    return this.#account;
  }

  /**
   * A token for the scopes: silently if the account's cached token or refresh token serves, else after
   * `signIn`. With `disableAutomaticAuthentication`, throws `AuthenticationRequiredError` instead of signing in.
   */
  getToken(
    scopes: string | string[],
    options: GetTokenOptions | undefined,
    signIn: SignIn,
  ): Promise<AccessToken> {
    return this.#getToken(scopes, options ?? {}, signIn, this.#options.disableAutomaticAuthentication);
  }

  /**
   * Signs the user in (silently, when the account's tokens serve the scopes: as `@azure/identity` does) even with
   * `disableAutomaticAuthentication`, and returns the account's record.
   */
  async authenticate(
    scopes: string | string[],
    options: GetTokenOptions | undefined,
    signIn: SignIn,
  ): Promise<AuthenticationRecord> {
    await this.#getToken(scopes, options ?? {}, signIn);
    return this.#account as AuthenticationRecord;
  }

  /**
   * Closes the client, once: a sign-in in progress stops (its callers reject with an `AbortError`), then the cache
   * it made from `tokenCachePersistenceOptions` is closed (its pending writes flushed; a `tokenCache` the app
   * passed in is the app's to close). Later calls reject with a `CredentialUnavailableError`.
   */
  close(): Promise<void> {
    // Only the cache this client made (from tokenCachePersistenceOptions), never the app's.
    return this.#lifetime.close(
      () => this.#options.tokenCache || (this.#cache as { close?: () => unknown }).close?.(),
    );
  }

  /**
   * The token endpoint of a tenant: `<authority>/<tenant>/oauth2/v2.0/token`, or ADFS's `/adfs/oauth2/token`.
   */
  tokenUrl(tenantId: string): string {
    return tenantId === 'adfs'
      ? `${this.authorityHost}/adfs/oauth2/token`
      : `${this.authorityHost}/${tenantId}/oauth2/v2.0/token`;
  }

  async #getToken(
    scopes: string | string[],
    options: GetTokenOptions,
    signIn: SignIn,
    silentOnly?: boolean,
  ): Promise<AccessToken> {
    const name = this.credentialName;
    this.#lifetime.check();
    const request: TokenRequest = {
      scopes: validateScopes(name, scopes),
      // Given the configured tenant, resolveTenant always returns one.
      tenantId: resolveTenant(
        name,
        this.tenantId,
        options.tenantId,
        this.#options.additionallyAllowedTenants ?? [],
        this.#env,
      ) as string,
      claims: mergeClaims(options.claims, options.enableCae),
      options,
    };
    for (;;) {
      // Another call's sign-in first: its account may serve this call silently. Its failure is this call's too,
      // unless that call was aborted.
      // (The owner of a sign-in clears it before its waiters hear how it ended: it awaited it first.)
      if (this.#signingIn) {
        await withCallerLimits(this.#signingIn, options).catch((error) => {
          if (!AbortError.isInstance(error) || options.abortSignal?.aborted || this.#lifetime.closed)
            throw error;
        });
      }
      const account = this.#account;
      if (account) {
        try {
          return await this.#silent(account, request);
        } catch (error) {
          // Only a refusal the user can fix by signing in leads to a sign-in. (Any invalid_grant here is about the
          // refresh token, so the list is wider than needsInteraction's, which a password grant's refusal goes by.)
          if (
            !AuthenticationRequiredError.isInstance(error) &&
            !(AuthenticationError.isInstance(error) && INTERACTION_NEEDED.includes(error.errorResponse.error))
          ) {
            throw error;
          }
          // Why the account's tokens did not serve: the error of a sign-in that cannot happen says it.
          request.cause = error;
        }
      }
      // A sign-in that started meanwhile serves this call too.
      if (this.#signingIn) continue;
      if (silentOnly)
        throw new AuthenticationRequiredError({
          scopes: request.scopes,
          getTokenOptions: options,
          cause: request.cause,
        });
      // The caller's timeout ends the sign-in as its abort does (nothing more is shown or sent); the caller hears
      // REQUEST_TIMEOUT, and calls that joined it start their own.
      const timedOut = new AbortController();
      const signingIn = this.#signIn(request, signIn, timedOut.signal);
      this.#signingIn = signingIn;
      try {
        return await withCallerLimits(signingIn, { requestOptions: options.requestOptions }, () =>
          timedOut.abort(),
        );
      } finally {
        if (this.#signingIn === signingIn) this.#signingIn = undefined;
      }
    }
  }

  // The cache key of a token: everything that changes it, nothing secret.
  #key(account: AuthenticationRecord, { tenantId, scopes, claims }: TokenRequest): string {
    return tokenCacheKey(this.authorityHost, this.clientId, account.homeAccountId, tenantId, scopes, claims);
  }

  // The account's cached token, or a new one from its refresh token (one request per key; a claims challenge is
  // answered with a new token, never a cached one).
  #silent(account: AuthenticationRecord, request: TokenRequest): Promise<CachedToken> {
    return this.#cache.getToken(
      this.#key(account, request),
      // Closing the client stops the refresh too, so nothing is written to the cache after close.
      (cacheSignal) =>
        this.#lifetime.run(cacheSignal, async (signal) => {
          const key = accountKey(account.homeAccountId, this.clientId, this.#authority);
          const known = await this.#accounts.get(key);
          if (!known?.refreshToken) throw new AuthenticationRequiredError({ scopes: request.scopes });
          const grant = { grant_type: 'refresh_token', refresh_token: known.refreshToken };
          const tokens = await this.#requestTokens(request, grant, signal).catch(async (error) => {
            // A token Entra calls dead (revoked, expired) is forgotten where it is kept, so that no call, in no process,
            // sends it again; on that suberror only, as MSAL: another invalid_grant may be about the request. (The raw
            // body is JSON.stringify's: a description cannot fake this.) An in-memory store (a Map) holds this very
            // object (a store's frozen copy keeps it: the refusal is still what the caller gets); a persistent one
            // forgets its copies.
            if (/"suberror":"bad_token"/.test(error.rawBody)) {
              Reflect.deleteProperty(known, 'refreshToken');
              await this.#accounts.forgetRefreshToken?.(key, grant.refresh_token);
            }
            throw error;
          });
          // Entra rotates refresh tokens: the newest replaces the last.
          await this.#accounts.set(key, {
            ...known,
            refreshToken: tokens.refreshToken ?? known.refreshToken,
          });
          return tokens.token;
        }),
      {
        ...request.options,
        forceRefresh: Boolean(request.options.claims),
        clock: this.clock,
        logger: this.logger,
      },
    );
  }

  // The sign-in stops when the caller aborts or times out, or the client closes.
  #signIn(request: TokenRequest, signIn: SignIn, timedOut: AbortSignal): Promise<AccessToken> {
    return this.#lifetime.run(
      request.options.abortSignal,
      (signal) => this.#signInUntil(request, signIn, signal),
      timedOut,
    );
  }

  async #signInUntil(request: TokenRequest, signIn: SignIn, signal: AbortSignal): Promise<AccessToken> {
    // No sign-in starts after an abort: nothing is shown or sent, and nothing single-use (a code) is spent.
    if (signal.aborted) throw new AbortError();
    const { tenantId, scopes, claims, cause } = request;
    const context: SignInContext = {
      ...this,
      tenantId,
      tokenUrl: this.tokenUrl(tenantId),
      scopes: withSignInScopes(scopes),
      claims,
      account: this.#account,
      cause,
      abortSignal: signal,
      requestTokens: (grant: Record<string, string>) => this.#requestTokens(request, grant, signal),
      post: (url: string, form: Record<string, string>) => postUserForm(url, form, { ...this, signal }),
    };
    const tokens = await signIn(context);
    const account = accountFromTokens(tokens, {
      authority: this.#authority,
      clientId: this.clientId,
      credentialName: this.credentialName,
    });
    await this.#accounts.set(accountKey(account.homeAccountId, this.clientId, this.#authority), account);
    // The record: the account's five fields, nothing secret.
    this.#account = checkAuthenticationRecord(account, this.credentialName);
    // The next call for these scopes is served from the cache: the token goes in under the account's key (the
    // cache has no setter; a request that resolves at once to this token stores it).
    return this.#cache.getToken(this.#key(account, request), async () => tokens.token, {
      forceRefresh: true,
      clock: this.clock,
    });
  }

  #requestTokens(
    { tenantId, scopes, claims }: TokenRequest,
    grant: Record<string, string>,
    signal: AbortSignalLike | undefined,
  ): Promise<UserTokens> {
    const form: Record<string, string> = {
      client_id: this.clientId,
      scope: withSignInScopes(scopes).join(' '),
      // Asks for the account's ids (uid, utid): its home account id.
      client_info: '1',
      ...grant,
    };
    if (claims) form.claims = claims;
    if (this.#clientSecret) form.client_secret = this.#clientSecret;
    // This client is the request's context: it has the name, transport, clock and anchor the request needs.
    return requestUserTokens(this.tokenUrl(tenantId), form, { ...this, signal });
  }
}

// The caller's scopes, then the OpenID ones (an ID token, the user's name, a refresh token), each once.
const withSignInScopes = (scopes: string[]) => [...new Set([...scopes, ...AUTHORIZE_OIDC_SCOPES])];
