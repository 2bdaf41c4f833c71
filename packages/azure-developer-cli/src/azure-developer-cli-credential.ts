// The signed-in Azure Developer CLI as a credential: `azd auth token`, run safely and cached.
import type { AccessToken, ClosableCredential, GetTokenOptions } from '@identity/core';
import { asyncDispose } from '@identity/core/internal';
import type { DeveloperTool, ToolOutput, ToolTokenRequest } from '@identity/core/node-process';
import { DeveloperToolClient } from '@identity/core/node-process';
import type { AzureDeveloperCliCredentialOptions } from './azure-developer-cli-credential-options.js';
import { azureDeveloperCliFailureKind, azureDeveloperCliMessages } from './azure-developer-cli-failure.js';
import { parseAzureDeveloperCliToken } from './azure-developer-cli-token.js';

const AZD: DeveloperTool = {
  credentialName: 'AzureDeveloperCliCredential',
  toolName: 'Azure Developer CLI',
  anchor: 'azure-developer-cli-credential',
  installHint:
    "Install it (https://aka.ms/azure-dev/install), then run 'azd auth login' to sign in before using this credential.",
  multipleScopes: true,
};

/**
 * Authenticates as the account signed in to the Azure Developer CLI (`azd auth login`). Same constructor and
 * options as `@azure/identity`'s. Node.js only.
 *
 * Every `getToken` checks the scopes and tenant against strict allow-lists, then runs
 * `azd auth token --output json --no-prompt --scope <s>... [--tenant-id <t>] [--claims <base64>]` with an
 * argument array (never a shell) from a fixed folder, with stdin closed and a timeout (30 s by default,
 * `processTimeoutInMs`). Tokens are cached until shortly before expiry; concurrent calls share one `azd`.
 *
 * @example
 * ```ts
 * import { AzureDeveloperCliCredential } from '@identity/azure-developer-cli';
 *
 * const credential = new AzureDeveloperCliCredential();
 * const { token } = await credential.getToken('https://management.azure.com/.default');
 * ```
 */
export class AzureDeveloperCliCredential implements ClosableCredential {
  readonly #client: DeveloperToolClient;

  /**
   * @param options - tenant, process timeout, allowed tenants
   * @throws `InvalidArgumentError` for a malformed tenant id or timeout; nothing runs
   */
  constructor(options: AzureDeveloperCliCredentialOptions = {}) {
    this.#client = new DeveloperToolClient(AZD, options);
  }

  /**
   * Gets a token for one or more scopes from the Azure Developer CLI. A claims challenge is passed to azd
   * (`--claims`), which answers it when it can.
   *
   * @throws `CredentialUnavailableError` when azd is not installed, not signed in, needs a new sign-in, is too
   * slow, or fails; `InvalidArgumentError` for a scope or tenant outside the allow-lists; `AbortError`
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.getToken(scopes, options, (request) => this.#acquire(request));
  }

  /**
   * Stops every azd process still running for this credential (their `getToken` calls reject with an
   * `AbortError`) and resolves once they have been stopped. Idempotent and final: a later `getToken` rejects with a
   * `CredentialUnavailableError`. Called by `await using`, and by a chain or `DefaultAzureCredential` that closes.
   *
   * @example
   * ```ts
   * await using credential = new AzureDeveloperCliCredential();
   * const { token } = await credential.getToken('https://management.azure.com/.default');
   * ```
   */
  close(): Promise<void> {
    return this.#client.close();
  }

  /** {@link AzureDeveloperCliCredential.close}, for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  async #acquire(request: ToolTokenRequest): Promise<AccessToken> {
    const { scopes, tenantId, claims, signal } = request;
    const client = this.#client;
    const args = ['auth', 'token', '--output', 'json', '--no-prompt'];
    for (const scope of scopes) args.push('--scope', scope);
    if (tenantId) args.push('--tenant-id', tenantId);
    if (claims) args.push('--claims', Buffer.from(claims, 'utf8').toString('base64'));
    const output = await client.run(['azd'], args, { NO_COLOR: 'true' }, signal);
    if (output.exitCode !== 0) throw this.#failure(output, request);
    try {
      return parseAzureDeveloperCliToken(output.stdout);
    } catch (error) {
      throw client.unavailable(
        `Azure Developer CLI answered, but ${(error as Error).message}.${client.excerpt(output.stdout, ' It printed: ')}`,
      );
    }
  }

  #failure(output: ToolOutput, { scopes, tenantId }: ToolTokenRequest): Error {
    const client = this.#client;
    const messages = azureDeveloperCliMessages(output.stderr);
    const tenant = tenantId ? ` --tenant-id ${tenantId}` : '';
    switch (azureDeveloperCliFailureKind(messages)) {
      case 'not-installed':
        return client.unavailable(`Azure Developer CLI is not installed. ${AZD.installHint}`);
      case 'not-logged-in':
        return client.unavailable(
          `Azure Developer CLI is not signed in. Please run 'azd auth login${tenant}' from a command prompt to authenticate before using this credential.`,
        );
      case 'reauthenticate':
        return client.unavailable(
          `Azure Developer CLI's sign-in has expired or is not enough for this resource. Run 'azd auth login${scopes.map((scope) => ` --scope ${scope}`).join('')}${tenant}' to sign in again.${client.excerpt(messages, ' azd said: ')}`,
        );
      case 'failed':
        return client.unavailable(
          `Azure Developer CLI could not get a token (exit code ${output.exitCode}).${client.excerpt(messages, ' It said: ')}`,
        );
    }
  }
}
