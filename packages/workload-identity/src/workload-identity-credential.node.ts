// Node only: the credential of the `node` entry, which reads the token file with node:fs and can send through
// the AKS token proxy. Few pods enable the proxy, so its code is imported on the first request that needs it:
// bundlers that split code emit it as a lazy chunk; one-file bundles inline it.
import {
  WorkloadIdentityCredentialBase,
  type WorkloadIdentityNodeSupport,
} from './workload-identity-credential.js';
import type { AzureProxyConfig } from './workload-identity-proxy-config.js';
import { readSmallFile } from './workload-identity-small-file.js';

const nodeSupport: WorkloadIdentityNodeSupport = {
  readTextFile: readSmallFile,
  // One of the variables is set (the credential checked), so the configuration is complete or this throws.
  azureProxyFetch: async (env) => {
    const [{ createAzureProxyFetch }, { readAzureProxyConfig }] = await Promise.all([
      import('./workload-identity-azure-proxy.js'),
      import('./workload-identity-proxy-config.js'),
    ]);
    return createAzureProxyFetch(readAzureProxyConfig(env) as AzureProxyConfig);
  },
};

/**
 * `WorkloadIdentityCredential` on Node.js (and on Deno and Bun, which resolve the `node` condition): reads the
 * token file with node:fs and, with `enableAzureProxy`, sends through the AKS token proxy.
 *
 * @example
 * ```ts
 * const credential = new WorkloadIdentityCredential({ enableAzureProxy: true });
 * ```
 */
export class WorkloadIdentityCredential extends WorkloadIdentityCredentialBase {
  protected static override get nodeSupport(): WorkloadIdentityNodeSupport {
    return nodeSupport;
  }
}
