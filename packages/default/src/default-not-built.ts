// The members of @azure/identity's chain that are not built here, loaded only when the chain reaches one (so their
// messages stay out of what loads at start): each reports itself unavailable and says what to use instead.
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';

/**
 * `VisualStudioCodeCredential`: it needs the sign-in broker of VS Code's Azure Resources extension, a native
 * module, which this project has not built.
 *
 * @throws `CredentialUnavailableError`, always, naming the developer tools to sign in with instead
 * @example
 * ```ts
 * const create = async () => visualStudioCodeCredential(); // rejects: the chain moves on
 * ```
 */
export function visualStudioCodeCredential(): never {
  throw new CredentialUnavailableError(
    `VisualStudioCodeCredential is not available in @identity yet: it needs VS Code's sign-in broker, a native module. Sign in with the Azure CLI (az login) and set AZURE_TOKEN_CREDENTIALS=AzureCliCredential, or use the Azure Developer CLI (azd auth login). ${troubleshooting('default-azure-credential')}`,
  );
}
