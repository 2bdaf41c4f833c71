// The signed-in Azure CLI as a credential: `az account get-access-token`, run safely and cached.
import type { AccessToken, ClosableCredential, GetTokenOptions } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import { asyncDispose, scopeToResource, troubleshooting } from '@identity/core/internal';
import type { DeveloperTool, ToolOutput, ToolTokenRequest } from '@identity/core/node-process';
import { DeveloperToolClient } from '@identity/core/node-process';
import type { AzureCliCredentialOptions } from './azure-cli-credential-options.js';
import { azureCliFailureKind } from './azure-cli-failure.js';
import { parseAzureCliToken } from './azure-cli-token.js';

const AZURE_CLI: DeveloperTool = {
  credentialName: 'AzureCliCredential',
  toolName: 'Azure CLI',
  anchor: 'azure-cli-credential',
  installHint:
    "Install it (https://aka.ms/azure-cli), then run 'az login' to sign in before using this credential.",
};
// Subscription names may have spaces, so the allow-list is the CLI's own rule; ids always pass. A leading `-`
// would make az read the value as an option.
const SUBSCRIPTION = /^(?!-)[0-9a-zA-Z._ -]+$/;

/**
 * Authenticates as the account signed in to the Azure CLI (`az login`). For development machines and CI
 * jobs that ran `az login`; same constructor and options as `@azure/identity`'s. Node.js only.
 *
 * Every `getToken` checks the scope, tenant and subscription against strict allow-lists, then runs
 * `az account get-access-token` with an argument array (never a shell) from a fixed folder, with stdin closed
 * and a timeout (30 s by default, `processTimeoutInMs`). Tokens are cached until shortly before expiry, and
 * concurrent calls share one `az` process.
 *
 * @example
 * ```ts
 * import { AzureCliCredential } from '@identity/azure-cli';
 *
 * const credential = new AzureCliCredential({ tenantId: 'contoso.onmicrosoft.com' });
 * const { token } = await credential.getToken('https://management.azure.com/.default');
 * ```
 */
export class AzureCliCredential implements ClosableCredential {
  readonly #client: DeveloperToolClient;
  readonly #subscription: string | undefined;

  /**
   * @param options - tenant, subscription, process timeout, allowed tenants
   * @throws `InvalidArgumentError` for a malformed tenant id, subscription or timeout; nothing runs
   */
  constructor(options: AzureCliCredentialOptions = {}) {
    this.#client = new DeveloperToolClient(AZURE_CLI, options);
    const { subscription } = options;
    if (
      subscription !== undefined &&
      (typeof subscription !== 'string' || !SUBSCRIPTION.test(subscription))
    ) {
      throw new InvalidArgumentError(
        `AzureCliCredential: subscription "${String(subscription).slice(0, 80)}" has characters that are not allowed: only letters, digits, "-", ".", "_" and spaces are, and not "-" first. If it is a subscription name, use its id instead. ${troubleshooting('azure-cli-credential')}`,
      );
    }
    this.#subscription = subscription;
  }

  /**
   * Gets a token for one scope (a resource's `/.default` scope) from the Azure CLI.
   *
   * @throws `CredentialUnavailableError` when the CLI is not installed, not signed in, too slow, or fails, and
   * for a claims challenge (with the `az login --claims-challenge` command to run); `InvalidArgumentError` for
   * a scope or tenant outside the allow-lists; `AbortError`
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.getToken(scopes, options, (request) => this.#acquire(request));
  }

  /**
   * Stops every az process still running for this credential (their `getToken` calls reject with an
   * `AbortError`) and resolves once they have been stopped. Idempotent and final: a later `getToken` rejects with a
   * `CredentialUnavailableError`. Called by `await using`, and by a chain or `DefaultAzureCredential` that closes.
   *
   * @example
   * ```ts
   * await using credential = new AzureCliCredential();
   * const { token } = await credential.getToken('https://management.azure.com/.default');
   * ```
   */
  close(): Promise<void> {
    return this.#client.close();
  }

  /** {@link AzureCliCredential.close}, for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  async #acquire({ scopes, tenantId, claims, signal }: ToolTokenRequest): Promise<AccessToken> {
    const client = this.#client;
    const [scope = ''] = scopes;
    const tenantArgs = tenantId ? ['--tenant', tenantId] : [];
    if (claims) {
      const challenge = Buffer.from(claims, 'utf8').toString('base64');
      throw client.unavailable(
        `This credential cannot answer a claims challenge. To sign in with the required claims, run: az login --claims-challenge ${challenge} --scope ${scope}${tenantId ? ` --tenant ${tenantId}` : ''} (Azure CLI 2.76.0 or later).`,
      );
    }
    const args = ['account', 'get-access-token', '--output', 'json', '--resource', scopeToResource(scope)];
    args.push(...tenantArgs);
    if (this.#subscription !== undefined) args.push('--subscription', this.#subscription);
    const output = await client.run(['az'], args, { AZURE_CORE_NO_COLOR: 'true' }, signal);
    if (output.exitCode !== 0) throw this.#failure(output, scope, tenantId);
    try {
      return parseAzureCliToken(output.stdout);
    } catch (error) {
      throw client.unavailable(
        `Azure CLI answered, but ${(error as Error).message}.${client.excerpt(output.stdout, ' It printed: ')}`,
      );
    }
  }

  #failure(output: ToolOutput, scope: string, tenantId: string | undefined): Error {
    const client = this.#client;
    const { stderr } = output;
    const tenant = tenantId ? ` --tenant ${tenantId}` : '';
    switch (azureCliFailureKind(stderr)) {
      case 'not-installed':
        return client.unavailable(`Azure CLI is not installed. ${AZURE_CLI.installHint}`);
      case 'not-logged-in':
        return client.unavailable(
          `Azure CLI is not signed in. Please run 'az login${tenant}' from a command prompt to authenticate before using this credential.`,
        );
      case 'reauthenticate':
        return client.unavailable(
          `Azure CLI's sign-in has expired or is not enough for this resource. Run 'az login --scope ${scope}${tenant}' to sign in again.${client.excerpt(stderr, ' Azure CLI said: ')}`,
        );
      case 'failed':
        return client.unavailable(
          `Azure CLI could not get a token (exit code ${output.exitCode}).${client.excerpt(output.stderr, ' It said: ')}`,
        );
    }
  }
}
