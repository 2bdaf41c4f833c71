// Modules some sources load only when they are used: the `./node` entry (Azure Arc's key file, Service Fabric's
// pinned TLS) and `@identity/workload-identity` (token exchange). Their specifiers are variables, so bundlers
// leave them for run time and bundles for other hosts and runtimes never carry them or their node: imports.
import { CredentialUnavailableError } from '@identity/core';
import { managedIdentityMessage } from './managed-identity-message.js';

/**
 * The `@identity/managed-identity/node` entry's specifier.
 *
 * @example
 * ```ts
 * const { pinnedFetch } = await importAtRunTime<NodeSupport>(NODE_SUPPORT, 'ServiceFabric');
 * ```
 */
export const NODE_SUPPORT = '@identity/managed-identity/node';

/**
 * The `./node` entry's exports.
 *
 * @example
 * ```ts
 * const support: NodeSupport = await importAtRunTime(NODE_SUPPORT, 'AzureArc');
 * ```
 */
export type NodeSupport = typeof import('./managed-identity-node.js');

/**
 * Imports `specifier` at run time, or throws a `CredentialUnavailableError` saying that `user` needs it (on
 * Node.js, installed rather than bundled).
 *
 * @example
 * ```ts
 * const { arcChallengeKey } = await importAtRunTime<NodeSupport>(NODE_SUPPORT, 'AzureArc');
 * ```
 */
export async function importAtRunTime<T>(specifier: string, user: string): Promise<T> {
  try {
    return await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
  } catch (cause) {
    throw new CredentialUnavailableError(
      managedIdentityMessage(
        `${user} loads ${specifier} at run time: run on Node.js with it installed, not bundled.`,
      ),
      { cause },
    );
  }
}

/**
 * Whether a file exists, through Node's fs where this runtime has it (synchronously, without importing it);
 * `false` on runtimes without a file system.
 *
 * @example
 * ```ts
 * fileExists('/opt/azcmagent/bin/himds');
 * ```
 */
export function fileExists(path: string): boolean {
  try {
    const process = (globalThis as { process?: { getBuiltinModule?(name: string): unknown } }).process;
    const fs = process?.getBuiltinModule?.('fs') as typeof import('node:fs') | undefined;
    return fs?.existsSync(path) ?? false;
  } catch {
    return false;
  }
}
