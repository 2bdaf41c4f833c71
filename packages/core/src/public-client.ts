// What the credentials that sign a user in share (device code, authorization code, interactive browser): the
// signed-in account and its refresh token, silent acquisition before any prompt (a cached access token, else the
// refresh token for the scope and tenant asked for), one sign-in at a time, `disableAutomaticAuthentication`, and
// the AuthenticationRecord. How the user signs in is the credential's: a function it passes in, so nothing here
// prompts, opens a browser or prints.
import type { AuthenticationRecord } from './authentication-record.js';
import { checkAuthenticationRecord } from './authentication-record.js';
import { AUTHORIZE_OIDC_SCOPES } from './authorize-url.js';
import { withCallerLimits } from './caller-limits.js';
import { mergeClaims } from './claims.js';
import type { InteractiveCredentialOptions } from './credential-options.js';
import type { EntraClientBase } from './entra-client.js';
import { AbortError, AuthenticationError, AuthenticationRequiredError, troubleshooting } from './errors.js';
import { resolveTenant } from './multi-tenant.js';
import type { UserAccount, UserAccountStore, UserTokens } from './public-client-accounts.js';
import {
  accountEnvironment,
  accountFromTokens,
  MemoryAccountStore,
  recordOf,
} from './public-client-accounts.js';
import { requestUserTokens } from './public-client-tokens.js';
import type { CachedToken } from './token-cache.js';
import { TokenCache } from './token-cache.js';
import type { AbortSignalLike, AccessToken, GetTokenOptions } from './token-credential.js';
import { validateScopes } from './validation.js';

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
 * What a credential's sign-in step gets: where and for what to sign the user in, and the way to redeem what the
 * sign-in yields (a device code, an authorization code) at the token endpoint.
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
  /** The tenant to sign in at: the configured one, or the one the call asked for. */
  tenantId: string;
  /** The authority host, such as `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** The tenant's token endpoint. */
  tokenUrl: string;
  /** The scopes to ask for: the caller's, then `openid`, `profile` and `offline_access`. */
  scopes: string[];
  /** The claims request to send (a claims challenge, the CAE capability), if any. */
  claims?: string;
  /** The account the credential knows (its `authenticationRecord`, or the last one signed in), as a hint. */
  account?: AuthenticationRecord;
  /** The caller's abort signal: the sign-in must stop when it fires. */
  abortSignal?: AbortSignalLike;
  /**
   * Redeems a grant at the token endpoint: the form gets `client_id`, `scope`, `client_info=1`, the claims and a
   * confidential client's secret. Throws the `AuthenticationError` of a refusal (`errorResponse.error` says which).
   */
  requestTokens(grant: Record<string, string>): Promise<UserTokens>;
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
 * const config: PublicClientConfig = { entra: new EntraClient({ credentialName, tenantId, clientId, options }), options };
 * ```
 */
export interface PublicClientConfig {
  /** The credential's Entra client: its name, tenant, client id, authority host, transport, clock and logger. */
  entra: EntraClientBase;
  /** The credential's options: token cache, allowed tenants, `authenticationRecord`, `disableAutomaticAuthentication`. */
  options?: InteractiveCredentialOptions;
  /** A confidential client's secret, sent with every token request (AuthorizationCodeCredential's web apps). */
  clientSecret?: string;
  /** Where accounts and their refresh tokens live. Default: in memory, for this client's life. */
  accounts?: UserAccountStore;
}

// Entra's answers to a refresh token that mean "the user must sign in (again)", not "this request is broken".
const INTERACTION_NEEDED = ['invalid_grant', 'interaction_required', 'login_required', 'consent_required'];

function needsInteraction(error: unknown): boolean {
  return (
    AuthenticationRequiredError.isInstance(error) ||
    (AuthenticationError.isInstance(error) && INTERACTION_NEEDED.includes(error.errorResponse.error))
  );
}

// One getToken call, checked.
interface TokenRequest {
  tenantId: string;
  scopes: string[];
  claims: string | undefined;
  options: GetTokenOptions;
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
 *   #client = new PublicClient({ entra: new EntraClient({ credentialName: 'MyUserCredential', ...userFlowIds(options), options }), options });
 *   getToken(scopes: string | string[], options?: GetTokenOptions) {
 *     return this.#client.getToken(scopes, options, (context) => mySignIn(context));
 *   }
 * }
 * ```
 */
export class PublicClient {
  readonly #entra: EntraClientBase;
  readonly #options: InteractiveCredentialOptions;
  readonly #clientSecret: string | undefined;
  readonly #accounts: UserAccountStore;
  readonly #cache: TokenCache;
  // The authority's host name, as AuthenticationRecord.authority and MSAL's `environment` write it.
  readonly #environment: string;
  #account: AuthenticationRecord | undefined;
  #signingIn: Promise<AccessToken> | undefined;

  /** @throws `InvalidArgumentError` for an `authenticationRecord` that is not one */
  constructor(config: PublicClientConfig) {
    const options = config.options ?? {};
    this.#entra = config.entra;
    this.#options = options;
    this.#clientSecret = config.clientSecret;
    this.#accounts = config.accounts ?? new MemoryAccountStore();
    this.#cache = options.tokenCache ?? new TokenCache();
    this.#environment = accountEnvironment(config.entra.authorityHost);
    const record = options.authenticationRecord;
    this.#account =
      record && checkAuthenticationRecord(record, `${config.entra.credentialName}: authenticationRecord`);
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
    return this.#getToken(
      scopes,
      options ?? {},
      signIn,
      Boolean(this.#options.disableAutomaticAuthentication),
    );
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
    await this.#getToken(scopes, options ?? {}, signIn, false);
    return this.#account as AuthenticationRecord;
  }

  async #getToken(
    scopes: string | string[],
    options: GetTokenOptions,
    signIn: SignIn,
    silentOnly: boolean,
  ): Promise<AccessToken> {
    const { credentialName, env } = this.#entra;
    const request: TokenRequest = {
      scopes: validateScopes(credentialName, scopes),
      // Given the configured tenant, resolveTenant always returns one.
      tenantId: resolveTenant(
        credentialName,
        this.#entra.tenantId,
        options.tenantId,
        this.#options.additionallyAllowedTenants ?? [],
        env,
      ) as string,
      claims: mergeClaims(options.claims, options.enableCae),
      options,
    };
    for (;;) {
      // Another call's sign-in first: its account may serve this call silently. Its failure is this call's too,
      // unless that call was aborted.
      const pending = this.#signingIn;
      if (pending) {
        await withCallerLimits(pending, options).catch((error) => {
          if (!AbortError.isInstance(error) || options.abortSignal?.aborted) throw error;
        });
      }
      const account = this.#account;
      if (account) {
        try {
          return await this.#silent(account, request);
        } catch (error) {
          if (!needsInteraction(error)) throw error;
          this.#entra.logger.info(`no silent token for ${request.scopes}: ${(error as Error).message}`);
        }
      }
      // A sign-in that started meanwhile serves this call too.
      if (this.#signingIn) continue;
      if (silentOnly) {
        throw new AuthenticationRequiredError({
          scopes: request.scopes,
          getTokenOptions: options,
          message: `${credentialName}: signing in is needed for ${request.scopes.join(' ')}, and disableAutomaticAuthentication is set. Call authenticate() to sign in. ${troubleshooting('authentication-required')}`,
        });
      }
      const signingIn = this.#signIn(request, signIn);
      this.#signingIn = signingIn;
      try {
        return await signingIn;
      } finally {
        if (this.#signingIn === signingIn) this.#signingIn = undefined;
      }
    }
  }

  // The cache key of a token: everything that changes it, nothing secret.
  #key(account: AuthenticationRecord, { tenantId, scopes, claims }: TokenRequest): string {
    const { authorityHost, clientId } = this.#entra;
    // Space-joined: no scope contains a space.
    const scopeKey = [...scopes].sort().join(' ');
    return [authorityHost, clientId, account.homeAccountId, tenantId.toLowerCase(), scopeKey, claims].join(
      '|',
    );
  }

  // The account's cached token, or a new one from its refresh token, one request per key.
  #silent(account: AuthenticationRecord, request: TokenRequest): Promise<CachedToken> {
    const { clock, logger } = this.#entra;
    return this.#cache.getToken(
      this.#key(account, request),
      (signal) => this.#refresh(account, request, signal),
      {
        ...request.options,
        // A claims challenge is answered with a new token, never a cached one.
        forceRefresh: Boolean(request.options.claims),
        clock,
        logger,
      },
    );
  }

  async #refresh(
    account: AuthenticationRecord,
    request: TokenRequest,
    signal: AbortSignal,
  ): Promise<CachedToken> {
    const known = await this.#stored(account);
    if (!known?.refreshToken) {
      throw new AuthenticationRequiredError({
        scopes: request.scopes,
        getTokenOptions: request.options,
        message: `${this.#entra.credentialName}: this credential holds no refresh token for the account. Call authenticate() to sign in. ${troubleshooting('authentication-required')}`,
      });
    }
    const grant = { grant_type: 'refresh_token', refresh_token: known.refreshToken };
    const tokens = await this.#requestTokens(request, grant, signal);
    await this.#remember(tokens, request.tenantId, known);
    return tokens.token;
  }

  async #signIn(request: TokenRequest, signIn: SignIn): Promise<AccessToken> {
    const { tenantId, scopes, claims, options } = request;
    const { authorityHost, clock } = this.#entra;
    const context: SignInContext = {
      tenantId,
      authorityHost,
      tokenUrl: this.#entra.tokenUrl(tenantId),
      scopes: withSignInScopes(scopes),
      claims,
      account: this.#account,
      abortSignal: options.abortSignal,
      requestTokens: (grant) => this.#requestTokens(request, grant, options.abortSignal),
    };
    const tokens = await signIn(context);
    const account = await this.#remember(tokens, tenantId);
    // The next call for these scopes is served from the cache: the token goes in under the account's key (the
    // cache has no setter; a request that resolves at once to this token stores it).
    return this.#cache.getToken(this.#key(account, request), async () => tokens.token, {
      forceRefresh: true,
      clock,
    });
  }

  #requestTokens(
    { tenantId, scopes, claims }: TokenRequest,
    grant: Record<string, string>,
    signal: AbortSignalLike | undefined,
  ): Promise<UserTokens> {
    const form: Record<string, string> = {
      client_id: this.#entra.clientId,
      scope: withSignInScopes(scopes).join(' '),
      // Asks for the account's ids (uid, utid): its home account id.
      client_info: '1',
      ...grant,
    };
    if (claims) form.claims = claims;
    if (this.#clientSecret) form.client_secret = this.#clientSecret;
    // The Entra client is the request's context: it has the name, transport, clock and anchor the request needs.
    return requestUserTokens(this.#entra.tokenUrl(tenantId), form, { ...this.#entra, signal });
  }

  // The account's stored state (refresh token included); a failing store is logged and reads as empty.
  async #stored(account: AuthenticationRecord): Promise<UserAccount | undefined> {
    try {
      return await this.#accounts.get(account.homeAccountId, this.#environment, this.#entra.clientId);
    } catch (error) {
      this.#entra.logger.warning(`account store read failed: ${(error as Error)?.message}`);
      return undefined;
    }
  }

  // Keeps the account a token answer is about (its newest refresh token included) as the current account.
  async #remember(tokens: UserTokens, tenantId: string, known?: UserAccount): Promise<AuthenticationRecord> {
    const { credentialName, clientId, logger } = this.#entra;
    const previous = known ?? (this.#account && (await this.#stored(this.#account)));
    const account = accountFromTokens(
      tokens,
      { environment: this.#environment, clientId, tenantId, credentialName },
      previous,
    );
    try {
      await this.#accounts.set(account);
    } catch (error) {
      // The token is good: a store that cannot keep the account costs a sign-in later, not this call.
      logger.warning(`account store write failed: ${(error as Error)?.message}`);
    }
    this.#account = recordOf(account);
    return this.#account;
  }
}

// The caller's scopes, then the OpenID ones (an ID token, the user's name, a refresh token), each once.
const withSignInScopes = (scopes: string[]) => [...new Set([...scopes, ...AUTHORIZE_OIDC_SCOPES])];
