export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export { AbortError, CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
export { AzureCliCredential } from './azure-cli-credential.js';
export type { AzureCliCredentialOptions } from './azure-cli-credential-options.js';
