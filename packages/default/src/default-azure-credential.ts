// DefaultAzureCredential: the chain engine over DEFAULT_CHAIN. The same source is the Node entry and the edge
// entry; the edge build leaves out the members that need Node.js (see default-azure-credential-members.ts).
import { DefaultChainCredential } from './default-azure-credential-chain.js';
import { DEFAULT_CHAIN } from './default-azure-credential-members.js';
import type {
  DefaultAzureCredentialClientIdOptions,
  DefaultAzureCredentialOptions,
  DefaultAzureCredentialResourceIdOptions,
} from './default-azure-credential-options.js';

/**
 * "Whatever works here": tries, in order, `EnvironmentCredential`, `WorkloadIdentityCredential`,
 * `ManagedIdentityCredential` (with a quick IMDS probe), `AzureCliCredential`, `AzurePowerShellCredential` and
 * `AzureDeveloperCliCredential`, and remembers the first that returns a token. `InteractiveBrowserCredential`,
 * which opens a browser for the user to sign in, comes last when asked for (`excludeInteractiveBrowserCredential:
 * false`, or `AZURE_TOKEN_CREDENTIALS=InteractiveBrowserCredential`). A member that is configured
 * but fails (a wrong secret) stops the chain with its error instead of silently switching identity.
 * `AZURE_TOKEN_CREDENTIALS` (`dev`, `prod`, or one credential's name) and the `exclude…Credential` options
 * narrow the chain.
 *
 * Where only `fetch` and WebCrypto exist (Cloudflare Workers, Vercel Edge, Deno, browsers: the `workerd`,
 * `edge-light`, `deno` and `browser` export conditions), the chain is `EnvironmentCredential` and
 * `WorkloadIdentityCredential`, configured from the `env` option (the worker's bindings); the others are
 * reported as unable to run there.
 *
 * @example
 * ```ts
 * import { DefaultAzureCredential } from '@identity/default';
 *
 * const credential = new DefaultAzureCredential();
 * const { token } = await credential.getToken('https://vault.azure.net/.default');
 * ```
 * @example
 * ```ts
 * // In a Cloudflare Worker:
 * export default {
 *   async fetch(request: Request, env: Record<string, string>) {
 *     const { token } = await new DefaultAzureCredential({ env }).getToken('https://vault.azure.net/.default');
 *     return new Response(token ? 'ok' : 'no token');
 *   },
 * };
 * ```
 */
export class DefaultAzureCredential extends DefaultChainCredential {
  /**
   * @throws `InvalidArgumentError` for an invalid `AZURE_TOKEN_CREDENTIALS`, a missing `requiredEnvVars`
   * variable, a malformed `tenantId`, more than one managed identity id, or a chain with no member left (say,
   * `AZURE_TOKEN_CREDENTIALS=dev` where the developer tools cannot run)
   */
  constructor(
    options:
      | DefaultAzureCredentialOptions
      | DefaultAzureCredentialClientIdOptions
      | DefaultAzureCredentialResourceIdOptions = {},
  ) {
    super(options, DEFAULT_CHAIN);
  }
}

let shared: DefaultAzureCredential | undefined;

/**
 * The process's (or isolate's) one `DefaultAzureCredential`, created on first call with default options: every
 * caller shares its token cache and its remembered member.
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
