import type { TokenCredentialOptions } from '@identity/core';
import type { DeveloperToolOptions } from '@identity/core/node-process';

/**
 * Options of {@link AzureDeveloperCliCredential}, named as in `@azure/identity`: `tenantId`,
 * `processTimeoutInMs`, `additionallyAllowedTenants` (plus `env`, `clock`, `tokenCache`). The inherited HTTP
 * options are accepted for compatibility and have no effect: `azd` makes the requests.
 *
 * @example
 * ```ts
 * const options: AzureDeveloperCliCredentialOptions = { tenantId: 'contoso.onmicrosoft.com', processTimeoutInMs: 20_000 };
 * ```
 */
export interface AzureDeveloperCliCredentialOptions extends TokenCredentialOptions, DeveloperToolOptions {}
