// The credential the AZURE_* variables describe, built on first use; a configured credential that fails stops a
// chain, an unconfigured one lets it move on. The sub-credentials' packages are imported only when the variables
// configure one, so where none is configured (most hosts a default chain walks past) none of them is loaded.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { AuthenticationError, CredentialUnavailableError, isUnavailable } from '@identity/core';
import {
  createLogger,
  defaultEnvironment,
  readList,
  resolveAuthorityHost,
  splitTroubleshooting,
  troubleshooting,
  validateClientId,
  validateTenantId,
} from '@identity/core/internal';
import type { EnvironmentCredentialOptions } from './environment-credential-options.js';
import type { EnvironmentCredentialKind } from './environment-credential-selection.js';
import { selectEnvironmentCredential } from './environment-credential-selection.js';

const CREDENTIAL = 'EnvironmentCredential';
const ANCHOR = 'environment-credential';

/**
 * Authenticates with the service principal or user the `AZURE_*` environment variables describe: a client
 * secret (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`), else a certificate
 * (`AZURE_CLIENT_CERTIFICATE_PATH` [+ `AZURE_CLIENT_CERTIFICATE_PASSWORD`, `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN`]),
 * else a username and password (`AZURE_USERNAME`, `AZURE_PASSWORD`). Same constructor as `@azure/identity`'s.
 *
 * Not configured: `getToken` throws `CredentialUnavailableError` naming the variables to set, so a chain moves
 * on. Configured but failing (a wrong secret, an unreadable certificate): `AuthenticationError`, so a chain stops.
 *
 * @example
 * ```ts
 * import { EnvironmentCredential } from '@identity/environment';
 *
 * const credential = new EnvironmentCredential();
 * credential.selectedCredential; // 'ClientSecretCredential' when AZURE_CLIENT_SECRET is set
 * const { token } = await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export class EnvironmentCredential implements TokenCredential {
  /** The credential the variables describe, or `undefined` when no configuration is complete. */
  readonly selectedCredential: EnvironmentCredentialKind | undefined;
  readonly #build: (() => Promise<TokenCredential>) | undefined;
  #credential: Promise<TokenCredential> | undefined;
  readonly #unavailable: string | undefined;

  /**
   * @param options - the shared options; `env` is where the variables are read (default `process.env`)
   * @throws `InvalidArgumentError` when a configured variable is malformed (such as `AZURE_TENANT_ID`)
   */
  constructor(options: EnvironmentCredentialOptions = {}) {
    const env = options.env ?? defaultEnvironment();
    const selection = selectEnvironmentCredential(env);
    const logger = createLogger(CREDENTIAL);
    this.selectedCredential = selection.kind;
    if (selection.kind === undefined) {
      this.#unavailable = `${CREDENTIAL} is unavailable: ${selection.reason} ${troubleshooting(ANCHOR)}`;
      logger.info(`unavailable: ${selection.reason}`);
      return;
    }
    // What the sub-credential's constructor checks (its Entra client's), so a malformed variable is refused here,
    // at construction, although the sub-credential is built on the first request.
    validateTenantId(selection.kind, selection.tenantId);
    validateClientId(selection.kind, selection.clientId);
    resolveAuthorityHost(options.authorityHost, env);
    const allowed = readList(env, 'AZURE_ADDITIONALLY_ALLOWED_TENANTS');
    const subOptions = {
      ...options,
      env,
      additionallyAllowedTenants: options.additionallyAllowedTenants ?? allowed,
    };
    this.#build = async () =>
      (await import('./environment-credential-build.js')).build(selection, subOptions);
    logger.info(`using ${selection.kind} (tenant ${selection.tenantId}, client ${selection.clientId})`);
  }

  /**
   * Gets a token from the configured credential.
   *
   * @throws `CredentialUnavailableError` when the variables describe no complete configuration
   * @throws `AuthenticationError` when the configured credential fails
   */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    if (!this.#build) throw new CredentialUnavailableError(this.#unavailable ?? CREDENTIAL);
    // A failed build (its package could not be loaded) is not kept, so the next call tries again.
    this.#credential ??= this.#build().catch((error: unknown) => {
      this.#credential = undefined;
      throw error;
    });
    const credential = await this.#credential;
    try {
      return (await credential.getToken(scopes, options)) as AccessToken;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      // Configured, so not a reason to try another identity: the chain must stop and show this. The inner
      // error's pointer, which says what to fix, is this error's one.
      const [reason, anchor = ANCHOR] = splitTroubleshooting(String((error as Error).message));
      throw new AuthenticationError(
        0,
        {
          error: 'environment_credential_failed',
          error_description: `the ${this.selectedCredential} configured by environment variables cannot be used: ${reason}`,
        },
        { credentialName: CREDENTIAL, anchor, cause: error },
      );
    }
  }
}
