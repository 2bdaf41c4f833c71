export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export { AbortError, CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
export { AzurePowerShellCredential } from './azure-powershell-credential.js';
export type { AzurePowerShellCredentialOptions } from './azure-powershell-credential-options.js';
