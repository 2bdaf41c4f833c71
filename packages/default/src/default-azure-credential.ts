// DefaultAzureCredential on Node: the whole chain, each member imported when the chain first reaches it.
import { DefaultChainCredential } from './default-azure-credential-chain.js';
import { DEFAULT_CHAIN_MEMBERS } from './default-azure-credential-members.js';
import type {
  DefaultAzureCredentialClientIdOptions,
  DefaultAzureCredentialOptions,
  DefaultAzureCredentialResourceIdOptions,
} from './default-azure-credential-options.js';

/**
 * "Whatever works here": tries, in order, `EnvironmentCredential`, `WorkloadIdentityCredential`,
 * `ManagedIdentityCredential` (with a quick IMDS probe), `AzureCliCredential`, `AzurePowerShellCredential` and
 * `AzureDeveloperCliCredential`, and remembers the first that returns a token. A member that is configured
 * but fails (a wrong secret) stops the chain with its error instead of silently switching identity.
 * `AZURE_TOKEN_CREDENTIALS` (`dev`, `prod`, or one credential's name) and the `exclude…Credential` options
 * narrow the chain.
 *
 * @example
 * ```ts
 * import { DefaultAzureCredential } from '@identity/default';
 *
 * const credential = new DefaultAzureCredential();
 * const { token } = await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class DefaultAzureCredential extends DefaultChainCredential {
  /**
   * @throws `InvalidArgumentError` for an invalid `AZURE_TOKEN_CREDENTIALS`, a missing `requiredEnvVars`
   * variable, a malformed `tenantId`, or more than one managed identity id
   */
  constructor(
    options?:
      | DefaultAzureCredentialOptions
      | DefaultAzureCredentialClientIdOptions
      | DefaultAzureCredentialResourceIdOptions,
  ) {
    super(options, DEFAULT_CHAIN_MEMBERS);
  }
}

let shared: DefaultAzureCredential | undefined;

/**
 * The process's one `DefaultAzureCredential`, created on first call with default options: every caller shares
 * its token cache and its remembered member.
 *
 * @example
 * ```ts
 * import { getDefaultAzureCredential } from '@identity/default';
 *
 * const client = new SecretClient(vaultUrl, getDefaultAzureCredential());
 * ```
 */
export function getDefaultAzureCredential(): DefaultAzureCredential {
  shared ??= new DefaultAzureCredential();
  return shared;
}
