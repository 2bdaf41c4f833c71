// Node only: the credential of the `node` entry, which also reaches the sources that need Node.js. Azure Arc's
// key file and Service Fabric's pinned TLS are small and load their built-ins on first use; token exchange
// imports @identity/workload-identity (and its client-assertion and Entra client) only on an AKS pod.
import { existsSync } from 'node:fs';
import { azureArcEndpoint } from './managed-identity-azure-arc-node.js';
import { ManagedIdentityCredential as PortableCredential } from './managed-identity-credential.js';
import { serviceFabricEndpoint } from './managed-identity-service-fabric-node.js';
import type { ManagedIdentityNodeSupport } from './managed-identity-source.js';

/**
 * What the `node` entry's credential gives detection: node:fs, Azure Arc's key file, Service Fabric's pinned TLS
 * and token exchange through `@identity/workload-identity`.
 *
 * @example
 * ```ts
 * detectSource({ env: process.env, id: { kind: 'system' }, node: managedIdentityNodeSupport });
 * ```
 */
export const managedIdentityNodeSupport: ManagedIdentityNodeSupport = {
  // Deno without --allow-read refuses to look; that is a "no" too.
  fileExists: (path) => {
    try {
      return existsSync(path);
    } catch {
      return false;
    }
  },
  azureArcEndpoint: async (...args) => azureArcEndpoint(...args),
  serviceFabricEndpoint: async (...args) => serviceFabricEndpoint(...args),
  workloadIdentity: async (options) =>
    new (await import('@identity/workload-identity')).WorkloadIdentityCredential(options),
};

/**
 * {@link PortableCredential | ManagedIdentityCredential} on Node.js (and on Deno and Bun, which resolve the
 * `node` condition): also serves Azure Arc, Service Fabric and token exchange (AKS workload identity).
 *
 * @example
 * ```ts
 * const credential = new ManagedIdentityCredential({ clientId: '00000000-0000-0000-0000-000000000000' });
 * ```
 */
export class ManagedIdentityCredential extends PortableCredential {
  protected static override get nodeSupport(): ManagedIdentityNodeSupport {
    return managedIdentityNodeSupport;
  }
}
