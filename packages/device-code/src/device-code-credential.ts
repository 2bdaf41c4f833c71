// A user who signs in on another device: the credential shows a code, the user types it at
// https://microsoft.com/devicelogin and signs in there, and the credential polls until they have.
import type { AccessToken, AuthenticationRecord, ClosableCredential, GetTokenOptions } from '@identity/core';
import type { SignIn } from '@identity/core/internal';
import { asyncDispose, PublicClient, proxyAwareFetch, userFlowIds } from '@identity/core/internal';
import type { DeviceCodeCredentialOptions } from './device-code-credential-options.js';
import { printDeviceCodeMessage, signInWithDeviceCode } from './device-code-sign-in.js';

/**
 * Signs a user in with the device code flow: for command-line tools, SSH sessions, containers and devices without
 * a browser. Same constructor and options as `@azure/identity`'s; runs on Node, Deno, Bun, Cloudflare Workers,
 * Vercel Edge and browsers (it needs only `fetch`).
 *
 * `getToken` is silent when it can be: the account's cached token, else its refresh token for the scopes and
 * tenant asked for; only then does it show a new code (or, with `disableAutomaticAuthentication`, throw
 * `AuthenticationRequiredError`).
 *
 * @example
 * ```ts
 * import { DeviceCodeCredential } from '@identity/device-code';
 *
 * const credential = new DeviceCodeCredential({
 *   tenantId: process.env.AZURE_TENANT_ID,
 *   clientId: process.env.AZURE_CLIENT_ID,
 *   userPromptCallback: (info) => console.log(info.message),
 * });
 * const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
 * ```
 */
export class DeviceCodeCredential implements ClosableCredential {
  readonly #client: PublicClient;
  readonly #signIn: SignIn;

  /**
   * @param options - tenant and client, the prompt, `authenticationRecord`, `disableAutomaticAuthentication`, and
   * the shared options (authority host, allowed tenants, token cache, transport)
   * @throws `InvalidArgumentError` for a malformed tenant or client id, a non-https authority or an
   * `authenticationRecord` that is not one; nothing is sent
   */
  constructor(options: DeviceCodeCredentialOptions = {}) {
    this.#client = new PublicClient({
      credentialName: 'DeviceCodeCredential',
      ...userFlowIds(options),
      options,
      anchor: 'device-code-credential',
      proxyAwareFetch,
    });
    const prompt = options.userPromptCallback ?? printDeviceCodeMessage;
    this.#signIn = (context) => signInWithDeviceCode(context, prompt);
  }

  /**
   * Gets a token for the scopes (delegated ones, such as `https://graph.microsoft.com/User.Read`): silently when
   * the account's tokens serve them, else after the user signs in with a new code.
   *
   * @throws `AuthenticationRequiredError` when a sign-in is needed and `disableAutomaticAuthentication` is set;
   * `AuthenticationError` when the user declines, the code expires or Entra refuses; `AbortError` on abort
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.getToken(scopes, options, this.#signIn);
  }

  /**
   * Signs the user in (silently if the account's tokens serve the scopes), even with
   * `disableAutomaticAuthentication`, and returns the account's record: save it with
   * `serializeAuthenticationRecord` and pass it back as `authenticationRecord`.
   *
   * @example
   * ```ts
   * const record = await credential.authenticate('https://graph.microsoft.com/.default');
   * ```
   */
  authenticate(scopes: string | string[], options?: GetTokenOptions): Promise<AuthenticationRecord> {
    return this.#client.authenticate(scopes, options, this.#signIn);
  }

  /**
   * Stops a sign-in in progress (no poll is sent after close resolves; the waiting `getToken` and `authenticate`
   * calls reject with an `AbortError`), then flushes the persistent cache the credential made from
   * `tokenCachePersistenceOptions` (a `tokenCache` you passed in is yours to close). Idempotent and final: a later
   * call rejects with a `CredentialUnavailableError`.
   *
   * @example
   * ```ts
   * await using credential = new DeviceCodeCredential();
   * const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
   * ```
   */
  close(): Promise<void> {
    return this.#client.close();
  }

  /** {@link DeviceCodeCredential.close}, for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }
}
