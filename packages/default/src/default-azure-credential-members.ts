// The Node chain, as data: each member's package is imported only when the chain reaches it. The literal
// specifiers let bundlers split each member into a chunk of its own, loaded on demand.
import type { DefaultChainMember } from './default-azure-credential-member.js';
import { environmentMember, workloadIdentityMember } from './default-azure-credential-members-portable.js';

/**
 * The members of the default chain on Node, in order: environment, workload identity, managed identity (probe
 * mode), Azure CLI, Azure PowerShell, Azure Developer CLI.
 *
 * @example
 * ```ts
 * DEFAULT_CHAIN_MEMBERS.map((member) => member.name);
 * ```
 */
export const DEFAULT_CHAIN_MEMBERS: readonly DefaultChainMember[] = [
  environmentMember,
  workloadIdentityMember,
  {
    name: 'ManagedIdentityCredential',
    create: async ({ credentialOptions, managedIdentity, probe }) =>
      new (await import('@identity/managed-identity')).ManagedIdentityCredential({
        ...credentialOptions,
        ...managedIdentity,
        probe,
      }),
  },
  {
    name: 'AzureCliCredential',
    headStart: true,
    create: async ({ credentialOptions, tenantId, processTimeoutInMs }) =>
      new (await import('@identity/azure-cli')).AzureCliCredential({
        ...credentialOptions,
        tenantId,
        processTimeoutInMs,
      }),
  },
  {
    name: 'AzurePowerShellCredential',
    headStart: true,
    create: async ({ credentialOptions, tenantId, processTimeoutInMs }) =>
      new (await import('@identity/azure-powershell')).AzurePowerShellCredential({
        ...credentialOptions,
        tenantId,
        processTimeoutInMs,
      }),
  },
  {
    name: 'AzureDeveloperCliCredential',
    headStart: true,
    create: async ({ credentialOptions, tenantId, processTimeoutInMs }) =>
      new (await import('@identity/azure-developer-cli')).AzureDeveloperCliCredential({
        ...credentialOptions,
        tenantId,
        processTimeoutInMs,
      }),
  },
];
