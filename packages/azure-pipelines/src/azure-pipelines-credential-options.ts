import type { CredentialPersistenceOptions, TokenCredentialOptions } from '@identity/core';

/**
 * Options of {@link AzurePipelinesCredential}: the shared credential options (`authorityHost`,
 * `additionallyAllowedTenants`, `retryOptions`, `env`, `fetch`, ...), with the same names as `@azure/identity`.
 * `env` is also where `SYSTEM_OIDCREQUESTURI` is read, and `fetch` also carries the Azure DevOps request.
 *
 * @example
 * ```ts
 * const options: AzurePipelinesCredentialOptions = { retryOptions: { maxRetries: 5 } };
 * ```
 */
export interface AzurePipelinesCredentialOptions
  extends TokenCredentialOptions,
    CredentialPersistenceOptions {}
