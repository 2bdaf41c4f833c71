export type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
export { AbortError, CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
export { AzureDeveloperCliCredential } from './azure-developer-cli-credential.js';
export type { AzureDeveloperCliCredentialOptions } from './azure-developer-cli-credential-options.js';
