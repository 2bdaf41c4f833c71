// Which managed identity a credential asks for: the system-assigned one, or a user-assigned one named by
// exactly one of its client id, object (principal) id or Azure resource id.
import { InvalidArgumentError } from '@identity/core';
import { validateClientId } from '@identity/core/internal';
import { MANAGED_IDENTITY, managedIdentityMessage } from './managed-identity-message.js';

/**
 * The kinds of identifier a managed identity can be asked for by.
 *
 * @example
 * ```ts
 * const kind: ManagedIdentityIdKind = 'clientId';
 * ```
 */
export type ManagedIdentityIdKind = 'system' | 'clientId' | 'objectId' | 'resourceId';

/**
 * The identity a credential asks for.
 *
 * @example
 * ```ts
 * const id: ManagedIdentityId = { kind: 'clientId', value: '00000000-0000-0000-0000-000000000000' };
 * ```
 */
export type ManagedIdentityId =
  | { kind: 'system' }
  | { kind: 'clientId' | 'objectId' | 'resourceId'; value: string };

// An ARM resource id: /subscriptions/<id>/resourceGroups/<name>/providers/.../<name>. Letters of any script,
// digits and the punctuation ARM names allow; nothing that could end a query parameter.
const RESOURCE_ID = /^\/subscriptions\/[\p{L}\p{N}._()/-]{1,1024}$/iu;

/**
 * Reads the identity from the constructor's arguments: at most one of `clientId`, `objectId`, `resourceId`.
 * Throws an `InvalidArgumentError` for two at once or a malformed id.
 *
 * @example
 * ```ts
 * managedIdentityId({ resourceId: '/subscriptions/…/userAssignedIdentities/worker' }); // { kind: 'resourceId', … }
 * ```
 */
export function managedIdentityId(given: {
  clientId?: string;
  objectId?: string;
  resourceId?: string;
}): ManagedIdentityId {
  const kinds = (['clientId', 'objectId', 'resourceId'] as const).filter((kind) => given[kind] !== undefined);
  if (kinds.length > 1) {
    throw new InvalidArgumentError(managedIdentityMessage(`pass only one of ${kinds.join(', ')}.`));
  }
  const kind = kinds[0];
  if (kind === undefined) return { kind: 'system' };
  const value = given[kind];
  if (kind === 'resourceId') {
    if (typeof value !== 'string' || !RESOURCE_ID.test(value)) {
      throw new InvalidArgumentError(
        managedIdentityMessage('resourceId must be an Azure resource id (/subscriptions/...).'),
      );
    }
    return { kind, value };
  }
  return { kind, value: validateClientId(MANAGED_IDENTITY, value, kind) };
}

/**
 * Names the identity in a message: which identity was asked for, so the user knows what to check.
 *
 * @example
 * ```ts
 * describeIdentity({ kind: 'system' }); // 'the system-assigned identity'
 * ```
 */
export function describeIdentity(id: ManagedIdentityId): string {
  return id.kind === 'system' ? 'the system-assigned identity' : `the identity with ${id.kind} ${id.value}`;
}
