import type { TokenCredentialOptions } from '@identity/core';

/**
 * Options of {@link AuthorizationCodeCredential}: the shared credential options (`authorityHost`,
 * `additionallyAllowedTenants`, `retryOptions`, `tokenCache`, `env`, `fetch`, ...), with the same names as
 * `@azure/identity`.
 *
 * @example
 * ```ts
 * const options: AuthorizationCodeCredentialOptions = { additionallyAllowedTenants: ['*'] };
 * ```
 */
export interface AuthorizationCodeCredentialOptions extends TokenCredentialOptions {}
