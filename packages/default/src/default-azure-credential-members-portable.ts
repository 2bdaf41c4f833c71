// The members that run on every runtime (only fetch, WebCrypto and an injected `env`): shared by the Node chain
// and the edge chain.
import type { DefaultChainMember } from './default-azure-credential-member.js';

/**
 * `EnvironmentCredential`: a service principal or user from the `AZURE_*` variables of `env`.
 *
 * @example
 * ```ts
 * const chain = [environmentMember, workloadIdentityMember];
 * ```
 */
export const environmentMember: DefaultChainMember = {
  name: 'EnvironmentCredential',
  create: async ({ credentialOptions }) =>
    new (await import('@identity/environment')).EnvironmentCredential(credentialOptions),
};

/**
 * `WorkloadIdentityCredential`: a federated token file (AKS), with the chain's `tenantId` and
 * `workloadIdentityClientId`.
 *
 * @example
 * ```ts
 * const chain = [environmentMember, workloadIdentityMember];
 * ```
 */
export const workloadIdentityMember: DefaultChainMember = {
  name: 'WorkloadIdentityCredential',
  create: async ({ credentialOptions, tenantId, workloadIdentityClientId }) =>
    new (await import('@identity/workload-identity')).WorkloadIdentityCredential({
      ...credentialOptions,
      tenantId,
      clientId: workloadIdentityClientId,
    }),
};
