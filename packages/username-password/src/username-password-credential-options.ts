import type { CredentialPersistenceOptions, TokenCredentialOptions } from '@identity/core';

/**
 * Options of {@link UsernamePasswordCredential}: the shared credential options (`authorityHost`,
 * `additionallyAllowedTenants`, `retryOptions`, `env`, `fetch`, ...), with the same names as `@azure/identity`.
 *
 * @example
 * ```ts
 * const options: UsernamePasswordCredentialOptions = { authorityHost: 'https://login.microsoftonline.us' };
 * ```
 */
export interface UsernamePasswordCredentialOptions
  extends TokenCredentialOptions,
    CredentialPersistenceOptions {}
