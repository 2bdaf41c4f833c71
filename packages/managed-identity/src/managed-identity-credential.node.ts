// Node only: the credential of the `node` entry, which also reaches the sources that need Node.js. Most hosts are
// none of them, so each one's code is imported when its source is first used: Azure Arc's key file, Service
// Fabric's pinned TLS, and token exchange's @identity/workload-identity (with client assertions and the Entra
// client). Bundlers that split code emit them as lazy chunks; one-file bundles inline them.
import { existsSync } from 'node:fs';
import { ManagedIdentityCredentialBase } from './managed-identity-credential.js';
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
  // The endpoints are plain http on the host or its link-local network (IMDS, App Service, Azure ML, Cloud Shell,
  // Azure Arc). node:http reaches them without starting Node's fetch implementation, which costs tens of ms on a
  // process's first request: most of what a chain that finds no IMDS would spend.
  fetch: async (...args) => (await import('@identity/core/node')).nodeHttpFetch(...args),
  // Deno without --allow-read refuses to look; that is a "no" too.
  fileExists: (path) => {
    try {
      return existsSync(path);
    } catch {
      return false;
    }
  },
  azureArcEndpoint: async (...args) =>
    (await import('./managed-identity-azure-arc-node.js')).azureArcEndpoint(...args),
  serviceFabricEndpoint: async (...args) =>
    (await import('./managed-identity-service-fabric-node.js')).serviceFabricEndpoint(...args),
  workloadIdentity: async (options) =>
    new (await import('@identity/workload-identity')).WorkloadIdentityCredential(options),
};

/**
 * `ManagedIdentityCredential` on Node.js (and on Deno and Bun, which resolve the `node` condition): every source the
 * portable entry's serves, and also Azure Arc, Service Fabric and token exchange (AKS workload identity).
 *
 * @example
 * ```ts
 * const credential = new ManagedIdentityCredential({ clientId: '00000000-0000-0000-0000-000000000000' });
 * ```
 */
export class ManagedIdentityCredential extends ManagedIdentityCredentialBase {
  protected static override get nodeSupport(): ManagedIdentityNodeSupport {
    return managedIdentityNodeSupport;
  }
}
