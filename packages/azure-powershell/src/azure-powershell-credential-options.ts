import type { TokenCredentialOptions } from '@identity/core';
import type { DeveloperToolOptions } from '@identity/core/node-process';

/**
 * Options of {@link AzurePowerShellCredential}, named as in `@azure/identity`: `tenantId`,
 * `processTimeoutInMs`, `additionallyAllowedTenants` (plus `env`, `clock`, `tokenCache`). The inherited HTTP
 * options are accepted for compatibility and have no effect: Azure PowerShell makes the requests.
 *
 * @example
 * ```ts
 * const options: AzurePowerShellCredentialOptions = { tenantId: 'contoso.onmicrosoft.com', processTimeoutInMs: 60_000 };
 * ```
 */
export interface AzurePowerShellCredentialOptions extends TokenCredentialOptions, DeveloperToolOptions {}
