import type { TokenCredentialOptions } from '@identity/core';
import type { DeveloperToolOptions } from '@identity/core/node-process';

/**
 * Options of {@link AzureCliCredential}, named as in `@azure/identity`. The HTTP options it inherits
 * (`authorityHost`, `retryOptions`, `fetch`...) are accepted so that `@azure/identity` code compiles unchanged,
 * and have no effect: the Azure CLI makes the requests.
 *
 * @example
 * ```ts
 * const options: AzureCliCredentialOptions = { tenantId: 'contoso.onmicrosoft.com', subscription: 'Production', processTimeoutInMs: 45_000 };
 * ```
 */
export interface AzureCliCredentialOptions extends TokenCredentialOptions, DeveloperToolOptions {
  /**
   * The subscription whose tenant the token is for (`az ... --subscription`): its id or its name. Letters,
   * digits, `-`, `.`, `_` and spaces only; use the id when the name has other characters.
   */
  subscription?: string;
}
