// DefaultAzureCredential for edge runtimes and browsers: only the members that run there, from an injected
// `env`; no Node built-in is reachable from this entry.
import { DefaultChainCredential } from './default-azure-credential-chain.js';
import type { DefaultChainMember } from './default-azure-credential-member.js';
import { environmentMember, workloadIdentityMember } from './default-azure-credential-members-portable.js';
import type {
  DefaultAzureCredentialClientIdOptions,
  DefaultAzureCredentialOptions,
  DefaultAzureCredentialResourceIdOptions,
} from './default-azure-credential-options.js';

const EDGE_MEMBERS: readonly DefaultChainMember[] = [environmentMember, workloadIdentityMember];

/**
 * The default chain where only `fetch` and WebCrypto exist (Cloudflare Workers, Vercel Edge, Deno, browsers):
 * `EnvironmentCredential` and `WorkloadIdentityCredential`, configured from the `env` option (the worker's
 * bindings). Managed identity and the developer tools cannot run there and are left out.
 *
 * @example
 * ```ts
 * import { DefaultAzureCredential } from '@identity/default';
 *
 * export default {
 *   async fetch(request: Request, env: Record<string, string>) {
 *     const credential = new DefaultAzureCredential({ env });
 *     const { token } = await credential.getToken('https://vault.azure.net/.default');
 *     return new Response(token ? 'ok' : 'no token');
 *   },
 * };
 * ```
 */
export class DefaultAzureCredential extends DefaultChainCredential {
  /** @throws `InvalidArgumentError` as on Node, and when the selected members cannot run here */
  constructor(
    options?:
      | DefaultAzureCredentialOptions
      | DefaultAzureCredentialClientIdOptions
      | DefaultAzureCredentialResourceIdOptions,
  ) {
    super(options, EDGE_MEMBERS);
  }
}

let shared: DefaultAzureCredential | undefined;

/**
 * The one shared `DefaultAzureCredential` of this isolate, created on first call with default options.
 *
 * @example
 * ```ts
 * const credential = getDefaultAzureCredential();
 * ```
 */
export function getDefaultAzureCredential(): DefaultAzureCredential {
  shared ??= new DefaultAzureCredential();
  return shared;
}
