// The Node-only parts (Azure Arc's key file, Service Fabric's pinned TLS) live in the `./node` entry, loaded
// only when one of those sources is used, so bundles for other runtimes never contain node: imports.
import { CredentialUnavailableError } from '@identity/core';
import { managedIdentityMessage } from './managed-identity-message.js';

type NodeSupport = typeof import('./managed-identity-node.js');

/**
 * Loads `@identity/managed-identity/node`, or says that this source needs Node.js.
 *
 * @example
 * ```ts
 * const { pinnedFetch } = await loadNodeSupport('ServiceFabric');
 * ```
 */
export async function loadNodeSupport(source: string): Promise<NodeSupport> {
  // A variable specifier: bundlers leave it for run time instead of pulling node: modules into every bundle.
  const specifier = '@identity/managed-identity/node';
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as NodeSupport;
  } catch (cause) {
    throw new CredentialUnavailableError(
      managedIdentityMessage(`${source} needs Node.js and ${specifier}.`),
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
