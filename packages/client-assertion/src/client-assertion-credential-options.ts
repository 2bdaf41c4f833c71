import type { CredentialPersistenceOptions, TokenCredentialOptions } from '@identity/core';

/**
 * Options of {@link ClientAssertionCredential}: the shared credential options (`authorityHost`,
 * `additionallyAllowedTenants`, `retryOptions`, `env`, `fetch`, ...), with the same names as `@azure/identity`.
 *
 * @example
 * ```ts
 * const options: ClientAssertionCredentialOptions = { additionallyAllowedTenants: ['*'] };
 * ```
 */
export interface ClientAssertionCredentialOptions
  extends TokenCredentialOptions,
    CredentialPersistenceOptions {
  /**
   * The name used in messages and log lines, for credentials built on this one (`WorkloadIdentityCredential`,
   * `AzurePipelinesCredential`); its kebab-case form is the troubleshooting anchor. Default
   * `ClientAssertionCredential`.
   */
  credentialName?: string;
}
