// Node only: the credential of the `node` entry, which reads the token file with node:fs and can send through
// the AKS token proxy.
import { readFile } from 'node:fs/promises';
import { createAzureProxyFetch } from './workload-identity-azure-proxy.js';
import {
  WorkloadIdentityCredential as PortableCredential,
  type WorkloadIdentityNodeSupport,
} from './workload-identity-credential.js';
import { type AzureProxyConfig, readAzureProxyConfig } from './workload-identity-proxy-config.js';

const nodeSupport: WorkloadIdentityNodeSupport = {
  readTextFile: (path) => readFile(path, 'utf8'),
  // One of the variables is set (the credential checked), so the configuration is complete or this throws.
  azureProxyFetch: (env) => createAzureProxyFetch(readAzureProxyConfig(env) as AzureProxyConfig),
};

/**
 * {@link PortableCredential | WorkloadIdentityCredential} on Node.js (and on Deno and Bun, which resolve the
 * `node` condition): reads the token file with node:fs and, with `enableAzureProxy`, sends through the AKS
 * token proxy.
 *
 * @example
 * ```ts
 * const credential = new WorkloadIdentityCredential({ enableAzureProxy: true });
 * ```
 */
export class WorkloadIdentityCredential extends PortableCredential {
  protected static override get nodeSupport(): WorkloadIdentityNodeSupport {
    return nodeSupport;
  }
}
