// Every message of this package has one shape: the credential's name, what failed, what to do, and the
// guide's section. It is built here once, so each call site only says what sits in the middle.
import { troubleshooting } from '@identity/core/internal';

/**
 * The credential's name: the first word of every message and the namespace of its log lines.
 *
 * @example
 * ```ts
 * createLogger(MANAGED_IDENTITY); // 'ManagedIdentityCredential'
 * ```
 */
export const MANAGED_IDENTITY = 'ManagedIdentityCredential';

/**
 * A message: the credential's name, `text` (what failed, then the next step), then the troubleshooting anchor.
 *
 * @example
 * ```ts
 * managedIdentityMessage('pass one scope; a token is for one resource.');
 * // 'ManagedIdentityCredential: pass one scope; a token is for one resource. Troubleshooting: @identity/core/TROUBLESHOOTING.md#managed-identity'
 * ```
 */
export function managedIdentityMessage(text: string): string {
  return `${MANAGED_IDENTITY}: ${text} ${troubleshooting('managed-identity')}`;
}
