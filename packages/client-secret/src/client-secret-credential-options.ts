import type { CredentialPersistenceOptions, TokenCredentialOptions } from '@identity/core';

/**
 * Options of {@link ClientSecretCredential}: the shared credential options (`authorityHost`,
 * `additionallyAllowedTenants`, `retryOptions`, `env`, `fetch`, ...), with the same names as `@azure/identity`.
 *
 * @example
 * ```ts
 * const options: ClientSecretCredentialOptions = { authorityHost: 'https://login.microsoftonline.us' };
 * ```
 */
export interface ClientSecretCredentialOptions extends TokenCredentialOptions, CredentialPersistenceOptions {}
