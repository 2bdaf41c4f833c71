// Azure PowerShell (Az.Accounts) as a credential: one fixed script, inputs through environment variables.
import type { AccessToken, ClosableCredential, GetTokenOptions } from '@identity/core';
import { asyncDispose, scopeToResource } from '@identity/core/internal';
import type { DeveloperTool, ToolOutput, ToolTokenRequest } from '@identity/core/node-process';
import { DeveloperToolClient } from '@identity/core/node-process';
import type { AzurePowerShellCredentialOptions } from './azure-powershell-credential-options.js';
import { azurePowerShellFailureKind } from './azure-powershell-failure.js';
import { redactPowerShellTokens } from './azure-powershell-redaction.js';
import { AZURE_POWERSHELL_SCRIPT, RESOURCE_VARIABLE, TENANT_VARIABLE } from './azure-powershell-script.js';
import { parseAzurePowerShellToken } from './azure-powershell-token.js';

const POWERSHELL: DeveloperTool = {
  credentialName: 'AzurePowerShellCredential',
  toolName: 'PowerShell',
  anchor: 'azure-powershell-credential',
  installHint:
    "Install PowerShell 7 (https://aka.ms/powershell) and the Az.Accounts module ('Install-Module -Name Az.Accounts -Scope CurrentUser'), then run 'Connect-AzAccount' to sign in.",
};

/**
 * The PowerShell executables tried in order: PowerShell 7 (`pwsh`) everywhere, then Windows PowerShell on Windows.
 *
 * @example
 * ```ts
 * powerShellCommands('win32'); // ['pwsh', 'powershell']
 * ```
 */
export function powerShellCommands(platform: NodeJS.Platform = process.platform): string[] {
  return platform === 'win32' ? ['pwsh', 'powershell'] : ['pwsh'];
}

/**
 * Authenticates as the account signed in to Azure PowerShell (`Connect-AzAccount`). Same constructor and options
 * as `@azure/identity`'s. Node.js only.
 *
 * Every `getToken` checks the scope and tenant against strict allow-lists, then runs
 * `pwsh -NoProfile -NonInteractive -Command <script>` (Windows falls back to `powershell`) with an argument array
 * (never a shell), from a fixed folder, stdin closed, and a timeout (30 s by default, `processTimeoutInMs`). The
 * script never changes: the resource and tenant reach it only as the environment variables
 * `AZURE_IDENTITY_POWERSHELL_RESOURCE` and `AZURE_IDENTITY_POWERSHELL_TENANT_ID`. Tokens are cached until shortly
 * before expiry; concurrent calls share one process.
 *
 * @example
 * ```ts
 * import { AzurePowerShellCredential } from '@identity/azure-powershell';
 *
 * const credential = new AzurePowerShellCredential();
 * const { token } = await credential.getToken('https://management.azure.com/.default');
 * ```
 */
export class AzurePowerShellCredential implements ClosableCredential {
  readonly #client: DeveloperToolClient;

  /**
   * @param options - tenant, process timeout, allowed tenants
   * @throws `InvalidArgumentError` for a malformed tenant id or timeout; nothing runs
   */
  constructor(options: AzurePowerShellCredentialOptions = {}) {
    this.#client = new DeveloperToolClient(POWERSHELL, options);
  }

  /**
   * Gets a token for one scope from Azure PowerShell.
   *
   * @throws `CredentialUnavailableError` when PowerShell or Az.Accounts is missing, no one is signed in, the
   * execution policy blocks the module, it is too slow, or it fails, and for a claims challenge (with the
   * `Connect-AzAccount -ClaimsChallenge` command to run); `InvalidArgumentError` for a scope or tenant outside the
   * allow-lists; `AbortError`
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#client.getToken(scopes, options, (request) => this.#acquire(request));
  }

  /**
   * Stops every PowerShell process still running for this credential (their `getToken` calls reject with an
   * `AbortError`) and resolves once they have been stopped. Idempotent and final: a later `getToken` rejects with a
   * `CredentialUnavailableError`. Called by `await using`, and by a chain or `DefaultAzureCredential` that closes.
   *
   * @example
   * ```ts
   * await using credential = new AzurePowerShellCredential();
   * const { token } = await credential.getToken('https://management.azure.com/.default');
   * ```
   */
  close(): Promise<void> {
    return this.#client.close();
  }

  /** {@link AzurePowerShellCredential.close}, for `await using`. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  async #acquire({ scopes, tenantId, claims, signal }: ToolTokenRequest): Promise<AccessToken> {
    const client = this.#client;
    const [scope = ''] = scopes;
    if (claims) {
      const challenge = Buffer.from(claims, 'utf8').toString('base64');
      throw client.unavailable(
        `This credential cannot answer a claims challenge. To sign in with the required claims, run in PowerShell: Connect-AzAccount -ClaimsChallenge ${challenge}${tenantId ? ` -Tenant ${tenantId}` : ''}`,
      );
    }
    const output = await client.run(
      powerShellCommands(),
      ['-NoProfile', '-NonInteractive', '-Command', AZURE_POWERSHELL_SCRIPT],
      // Set even when empty, so a variable inherited from the parent cannot choose the tenant.
      { [RESOURCE_VARIABLE]: scopeToResource(scope), [TENANT_VARIABLE]: tenantId ?? '' },
      signal,
    );
    const kind = azurePowerShellFailureKind(output.stdout, output.stderr);
    if (output.exitCode !== 0 || kind === 'no-module') throw this.#failure(output, kind, tenantId);
    try {
      return parseAzurePowerShellToken(output.stdout);
    } catch (error) {
      throw client.unavailable(
        `Azure PowerShell answered, but ${(error as Error).message}.${client.excerpt(redactPowerShellTokens(output.stdout), ' It printed: ')}`,
      );
    }
  }

  #failure(
    output: ToolOutput,
    kind: ReturnType<typeof azurePowerShellFailureKind>,
    tenantId?: string,
  ): Error {
    const client = this.#client;
    switch (kind) {
      case 'no-module':
        return client.unavailable(
          "The Az.Accounts module (2.2.0 or later) is not installed. Run 'Install-Module -Name Az.Accounts -Scope CurrentUser' in PowerShell, then 'Connect-AzAccount'.",
        );
      case 'not-logged-in':
        return client.unavailable(
          `Azure PowerShell is not signed in. Please run 'Connect-AzAccount${tenantId ? ` -Tenant ${tenantId}` : ''}' from PowerShell to authenticate before using this credential.`,
        );
      case 'blocked':
        return client.unavailable(
          "PowerShell's execution policy blocked the Az.Accounts module. Allow it (for example 'Set-ExecutionPolicy -Scope CurrentUser RemoteSigned'), or use another credential.",
        );
      case 'failed':
        return client.unavailable(
          `Azure PowerShell could not get a token (exit code ${output.exitCode}).${client.excerpt(redactPowerShellTokens(output.stderr), ' It said: ')}`,
        );
    }
  }
}
