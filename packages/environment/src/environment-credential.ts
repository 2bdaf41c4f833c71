// The credential the AZURE_* variables describe, built once; a configured credential that fails stops a
// chain, an unconfigured one lets it move on.
import { ClientCertificateCredential } from '@identity/client-certificate';
import { ClientSecretCredential } from '@identity/client-secret';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { AuthenticationError, CredentialUnavailableError, isUnavailable } from '@identity/core';
import {
  createLogger,
  defaultEnvironment,
  readList,
  splitTroubleshooting,
  troubleshooting,
} from '@identity/core/internal';
import { UsernamePasswordCredential } from '@identity/username-password';
import type { EnvironmentCredentialOptions } from './environment-credential-options.js';
import type { EnvironmentCredentialKind, EnvironmentSelection } from './environment-credential-selection.js';
import { selectEnvironmentCredential } from './environment-credential-selection.js';

const CREDENTIAL = 'EnvironmentCredential';
const ANCHOR = 'environment-credential';

function build(
  selection: EnvironmentSelection,
  options: EnvironmentCredentialOptions,
): TokenCredential | undefined {
  switch (selection.kind) {
    case 'ClientSecretCredential':
      return new ClientSecretCredential(
        selection.tenantId,
        selection.clientId,
        selection.clientSecret,
        options,
      );
    case 'ClientCertificateCredential':
      return new ClientCertificateCredential(
        selection.tenantId,
        selection.clientId,
        { certificatePath: selection.certificatePath, certificatePassword: selection.certificatePassword },
        { ...options, sendCertificateChain: selection.sendCertificateChain },
      );
    case 'UsernamePasswordCredential':
      return new UsernamePasswordCredential(
        selection.tenantId,
        selection.clientId,
        selection.username,
        selection.password,
        options,
      );
    default:
      return undefined;
  }
}

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
  readonly #credential: TokenCredential | undefined;
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
    const allowed = readList(env, 'AZURE_ADDITIONALLY_ALLOWED_TENANTS');
    this.#credential = build(selection, {
      ...options,
      env,
      additionallyAllowedTenants: options.additionallyAllowedTenants ?? allowed,
    });
    logger.info(`using ${selection.kind} (tenant ${selection.tenantId}, client ${selection.clientId})`);
  }

  /**
   * Gets a token from the configured credential.
   *
   * @throws `CredentialUnavailableError` when the variables describe no complete configuration
   * @throws `AuthenticationError` when the configured credential fails
   */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    if (!this.#credential) throw new CredentialUnavailableError(this.#unavailable ?? CREDENTIAL);
    try {
      return (await this.#credential.getToken(scopes, options)) as AccessToken;
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
