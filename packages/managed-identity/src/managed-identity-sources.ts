// The sources in the order they are detected (@azure/identity's order): the first one whose variables are set
// wins, and IMDS, which needs none, comes last.
import { CredentialUnavailableError } from '@identity/core';
import { appServiceSource } from './managed-identity-app-service.js';
import { azureArcSource } from './managed-identity-azure-arc.js';
import { azureMlSource } from './managed-identity-azure-ml.js';
import { cloudShellSource } from './managed-identity-cloud-shell.js';
import { describeIdentity } from './managed-identity-id.js';
import { imdsSource } from './managed-identity-imds.js';
import { managedIdentityMessage } from './managed-identity-message.js';
import { serviceFabricSource } from './managed-identity-service-fabric.js';
import type {
  DetectContext,
  ManagedIdentityEndpoint,
  ManagedIdentitySource,
} from './managed-identity-source.js';
import { tokenExchangeSource } from './managed-identity-token-exchange.js';

/**
 * Every source, in detection order.
 *
 * @example
 * ```ts
 * MANAGED_IDENTITY_SOURCES.length; // 7: token exchange first, IMDS last
 * ```
 */
export const MANAGED_IDENTITY_SOURCES: readonly ManagedIdentitySource[] = [
  tokenExchangeSource,
  serviceFabricSource,
  appServiceSource,
  azureMlSource,
  cloudShellSource,
  azureArcSource,
  imdsSource,
];

/**
 * Finds the source of this environment and checks that it can serve the requested identity; throws a
 * `CredentialUnavailableError` naming the source and what to do when it cannot.
 *
 * @example
 * ```ts
 * const endpoint = detectSource({ env: process.env, id: { kind: 'system' } });
 * ```
 */
export function detectSource(context: DetectContext): ManagedIdentityEndpoint {
  let endpoint: ManagedIdentityEndpoint | undefined;
  // IMDS, last, always detects itself.
  for (const detect of MANAGED_IDENTITY_SOURCES) endpoint ??= detect(context);
  const { id } = context;
  const found = endpoint as ManagedIdentityEndpoint;
  if (id.kind !== 'system' && !found.ids[id.kind]) {
    // The kinds it serves say what to do instead; a source with none has only the identity the platform gives it.
    const kinds = Object.keys(found.ids).join(' or ');
    throw new CredentialUnavailableError(
      managedIdentityMessage(
        `${found.source} cannot serve ${describeIdentity(id)}: ${kinds ? `pass ${kinds}, or no id` : 'it has only its own identity, so pass no id'}.`,
      ),
    );
  }
  return found;
}
