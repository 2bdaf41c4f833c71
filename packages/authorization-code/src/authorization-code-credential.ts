// A user who signed in to your app through the authorize endpoint: the app got an authorization code at its
// redirect URI, and this credential redeems it once, then gets every later token with the refresh token it gave.
import type { AccessToken, Environment, GetTokenOptions, TokenCredential } from '@identity/core';
import { AuthenticationRequiredError, InvalidArgumentError } from '@identity/core';
import type { SignInContext, UserTokens } from '@identity/core/internal';
import {
  defaultEnvironment,
  PublicClient,
  proxyAwareFetch,
  refusal,
  resolveTenant,
  troubleshooting,
} from '@identity/core/internal';
import type { AuthorizationCodeCredentialOptions } from './authorization-code-credential-options.js';

const CREDENTIAL = 'AuthorizationCodeCredential';
const ANCHOR = 'authorization-code-credential';

function required(name: string, value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) {
    throw new InvalidArgumentError(`${CREDENTIAL}: ${name} is missing. ${troubleshooting(ANCHOR)}`);
  }
  return value;
}

/**
 * Redeems an authorization code that your app got from Entra's authorize endpoint (the code flow, see
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow), once, then refreshes silently with
 * the refresh token that came with it, for any scope or allowed tenant. Same constructors as `@azure/identity`'s:
 * with a client secret (a web app) or without (a public client). Runs on every runtime.
 *
 * @example
 * ```ts
 * import { AuthorizationCodeCredential } from '@identity/authorization-code';
 *
 * // In the handler of the redirect URI, with the `code` query parameter Entra sent back:
 * const credential = new AuthorizationCodeCredential(tenantId, clientId, clientSecret, code, 'https://app.contoso.com/auth');
 * const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
 * ```
 */
export class AuthorizationCodeCredential implements TokenCredential {
  readonly #client: PublicClient;
  readonly #redirectUri: string;
  readonly #allowedTenants: readonly string[];
  readonly #env: Environment;
  #code: string | undefined;

  /**
   * A web app's code, redeemed with its client secret.
   *
   * @param tenantId - the tenant the code was issued at (or `common` / `organizations`)
   * @param clientId - the application (client) id of the app registration
   * @param clientSecret - a client secret of the app registration
   * @param authorizationCode - the `code` Entra sent to the redirect URI; not redeemed before
   * @param redirectUri - the redirect URI the code was sent to, exactly as in the authorize request
   * @param options - authority host, allowed tenants, retries, transport
   * @throws `InvalidArgumentError` for a malformed id, an empty secret or code, a redirect URI that is not an
   * absolute URL (or has a user name, password or fragment), or a non-https authority; nothing is sent
   */
  constructor(
    tenantId: string,
    clientId: string,
    clientSecret: string,
    authorizationCode: string,
    redirectUri: string,
    options?: AuthorizationCodeCredentialOptions,
  );
  /**
   * A public client's code (a desktop or mobile app), redeemed without a secret.
   *
   * @param tenantId - the tenant the code was issued at (or `common` / `organizations`)
   * @param clientId - the application (client) id of a public client app registration
   * @param authorizationCode - the `code` Entra sent to the redirect URI; not redeemed before
   * @param redirectUri - the redirect URI the code was sent to, exactly as in the authorize request
   * @param options - authority host, allowed tenants, retries, transport
   * @throws `InvalidArgumentError` for a malformed id, an empty code, a redirect URI that is not an absolute URL
   * (or has a user name, password or fragment), or a non-https authority; nothing is sent
   */
  constructor(
    tenantId: string,
    clientId: string,
    authorizationCode: string,
    redirectUri: string,
    options?: AuthorizationCodeCredentialOptions,
  );
  constructor(
    tenantId: string,
    clientId: string,
    secretOrCode: string,
    codeOrRedirectUri: string,
    redirectUriOrOptions?: string | AuthorizationCodeCredentialOptions,
    maybeOptions?: AuthorizationCodeCredentialOptions,
  ) {
    // As in @azure/identity, a string in the fifth place is the redirect URI of the overload with a secret.
    const withSecret = typeof redirectUriOrOptions === 'string';
    const [clientSecret, code, redirectUri, options = {}] = withSecret
      ? [required('clientSecret', secretOrCode), codeOrRedirectUri, redirectUriOrOptions, maybeOptions]
      : [undefined, secretOrCode, codeOrRedirectUri, redirectUriOrOptions];
    this.#client = new PublicClient({
      credentialName: CREDENTIAL,
      tenantId,
      clientId,
      options,
      anchor: ANCHOR,
      proxyAwareFetch,
      clientSecret,
    });
    this.#allowedTenants = options.additionallyAllowedTenants ?? [];
    this.#env = options.env ?? defaultEnvironment();
    this.#code = required('authorizationCode', code);
    // A redirect URI has no user name, password or fragment (RFC 6749 3.1.2); Entra would refuse one, and quote it
    // (a password with it) in its error.
    const url = URL.canParse(required('redirectUri', redirectUri)) && new URL(redirectUri);
    if (!url || url.username || url.password || redirectUri.includes('#')) {
      throw new InvalidArgumentError(
        `${CREDENTIAL}: redirectUri must be an absolute URL without user name, password or fragment, exactly the one the code was sent to. ${troubleshooting(ANCHOR)}`,
      );
    }
    this.#redirectUri = redirectUri;
  }

  /**
   * Gets a token for the scopes: the first call redeems the code; later ones use the cached token or the refresh
   * token (concurrent first calls share the one redemption).
   *
   * @throws `AuthenticationError` when Entra refuses the code (expired, redeemed already, another redirect URI) or
   * cannot be reached (the code is then kept for the next call); `AuthenticationRequiredError` once the code is
   * spent and the refresh token no longer works
   */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const signIn = (context: SignInContext) => this.#redeem(context, scopes, options);
    // The code is Entra's for the tenant it was issued at, the configured one (AADSTS700005 anywhere else): a first
    // call for another tenant redeems it there, then gets that tenant's token with the refresh token it gave.
    // The tenant is checked first: a call refused for it (not allowed, malformed) sends nothing, and keeps the code.
    const tenantId =
      this.#code &&
      resolveTenant(CREDENTIAL, this.#client.tenantId, options?.tenantId, this.#allowedTenants, this.#env);
    if (tenantId && tenantId !== this.#client.tenantId) {
      await this.#client.getToken(scopes, { ...options, tenantId: undefined }, signIn);
    }
    return this.#client.getToken(scopes, options, signIn);
  }

  // A code Entra answered for (a token, or a refusal) is spent: a second try could only be refused. One it never
  // took (no answer, a 5xx, 429 or 408 after the retries, a 200 that is no token answer, such as a proxy's page, the
  // caller gave up) is kept for the next call, as the code lives 10 minutes: at worst Entra refuses it then
  // (AADSTS54005).
  async #redeem(
    context: SignInContext,
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<UserTokens> {
    const code = this.#code;
    this.#code = undefined;
    if (!code) {
      const list = [scopes].flat();
      throw new AuthenticationRequiredError({
        scopes: list,
        getTokenOptions: options,
        message: `${CREDENTIAL}: the authorization code was used already, and no token or refresh token serves ${list.join(' ')}.${refusal(context.cause)} Get a new code and create a new credential with it. ${troubleshooting(ANCHOR)}`,
        cause: context.cause,
      });
    }
    try {
      return await context.requestTokens({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.#redirectUri,
      });
    } catch (error) {
      const { statusCode: status = 0, code: kind } = (error ?? {}) as { statusCode?: number; code?: string };
      if (!status || status > 499 || status === 429 || status === 408 || kind === 'INVALID_RESPONSE') {
        this.#code = code;
      }
      throw error;
    }
  }
}
