import type { TokenCredentialOptions } from '@identity/core';

/**
 * Options of {@link ClientAssertionCredential}: the shared credential options (`authorityHost`,
 * `additionallyAllowedTenants`, `retryOptions`, `env`, `fetch`, ...), with the same names as `@azure/identity`.
 *
 * @example
 * ```ts
 * const options: ClientAssertionCredentialOptions = { additionallyAllowedTenants: ['*'] };
 * ```
 */
export interface ClientAssertionCredentialOptions extends TokenCredentialOptions {}
