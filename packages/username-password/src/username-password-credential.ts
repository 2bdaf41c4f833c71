// A user who signs in with a name and a password (the resource owner password credentials grant, ROPC).
// Microsoft deprecates it: it cannot satisfy MFA, which Entra now requires for most sign-ins.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { AuthenticationRequiredError, InvalidArgumentError } from '@identity/core';
import {
  createLogger,
  EntraClient,
  needsInteraction,
  splitTroubleshooting,
  troubleshooting,
} from '@identity/core/internal';
import type { UsernamePasswordCredentialOptions } from './username-password-credential-options.js';

const CREDENTIAL = 'UsernamePasswordCredential';
const ANCHOR = 'username-password-credential';
// Registered, so two installed copies of this package still warn only once per process.
const WARNED = Symbol.for('@identity/username-password:deprecation-warned');

function warnOnce(): void {
  const flags = globalThis as { [WARNED]?: boolean };
  if (flags[WARNED]) return;
  flags[WARNED] = true;
  createLogger(CREDENTIAL).warning(
    'UsernamePasswordCredential is deprecated by Microsoft: the password grant cannot satisfy multi-factor authentication, which Entra ID enforces for most users. Move to InteractiveBrowserCredential or DeviceCodeCredential for users, or a service principal or managed identity for apps.',
  );
}

/**
 * Authenticates a user with their name and password. Same constructor as `@azure/identity`'s; runs on Node,
 * Deno, Bun, Cloudflare Workers, Vercel Edge and browsers.
 *
 * @deprecated Microsoft deprecates the password grant: it fails for every user who must use MFA
 * (AADSTS50076). Prefer `InteractiveBrowserCredential` or `DeviceCodeCredential`, or a service principal.
 * @example
 * ```ts
 * import { UsernamePasswordCredential } from '@identity/username-password';
 *
 * const credential = new UsernamePasswordCredential(tenantId, clientId, 'ada@contoso.com', password);
 * const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
 * ```
 */
export class UsernamePasswordCredential implements TokenCredential {
  readonly #client: EntraClient;
  readonly #username: string;
  readonly #password: string;
  // Its tokens in a shared cache are its own: another credential for the same user, whose password may be a guess,
  // must ask Entra instead of being served them. Random, so no key holds the user's name or anything of the password.
  readonly #partition = crypto.randomUUID();

  /**
   * @param tenantId - the directory (tenant) id (or `organizations`)
   * @param clientId - the application (client) id of a public client app registration
   * @param username - the user's sign-in name (UPN)
   * @param password - the user's password
   * @param options - authority host, allowed tenants, retries, transport
   * @throws `InvalidArgumentError` for an empty or malformed id, an empty username or password, or a non-https authority
   */
  constructor(
    tenantId: string,
    clientId: string,
    username: string,
    password: string,
    options: UsernamePasswordCredentialOptions = {},
  ) {
    this.#client = new EntraClient({
      credentialName: CREDENTIAL,
      tenantId,
      clientId,
      options,
      anchor: ANCHOR,
    });
    for (const [name, value] of [
      ['username', username],
      ['password', password],
    ] as const) {
      if (typeof value !== 'string' || value.trim() === '') {
        throw new InvalidArgumentError(`${CREDENTIAL}: ${name} is missing. ${troubleshooting(ANCHOR)}`);
      }
    }
    this.#username = username;
    this.#password = password;
    warnOnce();
  }

  /**
   * Gets a delegated token for the scopes (such as `https://graph.microsoft.com/User.Read`). Cached per
   * credential, tenant, scopes, claims and CAE (a shared cache never serves it to another credential, not even one
   * for the same user); concurrent calls share one request; refreshed ahead of expiry.
   *
   * @throws `AuthenticationRequiredError` when the user must sign in interactively, which the password grant cannot
   * do: Entra answers `interaction_required`, `consent_required` or `login_required`, or a `suberror` such as
   * `basic_action` (MFA required, AADSTS50076); its `cause` is Entra's refusal, an `AuthenticationError`
   * @throws `AuthenticationError` when Entra refuses the sign-in otherwise: a wrong password (AADSTS50126), or an app
   * that is not a public client (AADSTS7000218)
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client
      .getToken(
        scopes,
        options,
        () => ({ grant_type: 'password', username: this.#username, password: this.#password }),
        this.#partition,
      )
      .catch((error: unknown) => {
        // As @azure/identity (MSAL's interaction-required errors), so code that catches AuthenticationRequiredError
        // for MFA keeps working; a wrong password stays an AuthenticationError, so a chain does not skip it.
        if (!needsInteraction(error)) throw error;
        throw new AuthenticationRequiredError({
          scopes: [scopes].flat(),
          getTokenOptions: options,
          cause: error,
          // Entra's refusal as the message has it (AADSTS code, correlation id), then what to do instead.
          message: `${splitTroubleshooting(error.message)[0]} Sign the user in interactively (InteractiveBrowserCredential, DeviceCodeCredential): the password grant cannot. ${troubleshooting(ANCHOR)}`,
        });
      });
  }
}
