import type { TokenCredentialOptions } from '@identity/core';

/**
 * Options of {@link EnvironmentCredential}: the shared credential options, with the same names as
 * `@azure/identity`. `env` is where the `AZURE_*` variables are read (default `process.env`); an option given
 * here wins over its variable (`authorityHost` over `AZURE_AUTHORITY_HOST`, `additionallyAllowedTenants` over
 * `AZURE_ADDITIONALLY_ALLOWED_TENANTS`).
 *
 * @example
 * ```ts
 * const options: EnvironmentCredentialOptions = { env: { AZURE_TENANT_ID: '…', AZURE_CLIENT_ID: '…', AZURE_CLIENT_SECRET: '…' } };
 * ```
 */
export interface EnvironmentCredentialOptions extends TokenCredentialOptions {}
