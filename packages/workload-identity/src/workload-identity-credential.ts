// Kubernetes workload identity federation (AKS): the pod's projected service account token is the client
// assertion of an app registration (or user-assigned managed identity) that trusts the cluster's issuer.
import { ClientAssertionCredential } from '@identity/client-assertion';
import type { AccessToken, FetchLike, GetTokenOptions, TokenCredential } from '@identity/core';
import {
  AuthenticationError,
  CredentialUnavailableError,
  createLogger,
  defaultEnvironment,
  readVariable,
  systemClock,
  troubleshooting,
} from '@identity/core';
import type { WorkloadIdentityCredentialOptions } from './workload-identity-credential-options.js';
import type { AzureProxyConfig } from './workload-identity-proxy-config.js';
import { readAzureProxyConfig } from './workload-identity-proxy-config.js';
import { FederatedTokenFile } from './workload-identity-token-file.js';

const CREDENTIAL = 'WorkloadIdentityCredential';
// Entra's "client assertion is not within its valid time range": the token file's token has expired.
const EXPIRED_ASSERTION = 700024;

function isExpiredAssertion(error: unknown): boolean {
  return (
    AuthenticationError.isInstance(error) &&
    Boolean(error.errorResponse.errorCodes?.includes(EXPIRED_ASSERTION))
  );
}

// The node:https transport lives in its own entry, loaded only when the proxy is on; the variable specifier
// keeps bundlers from pulling it (and node:https) into bundles for other runtimes.
function azureProxyFetch(config: AzureProxyConfig): FetchLike {
  let loaded: Promise<FetchLike> | undefined;
  return async (url, init) => {
    loaded ??= (async () => {
      const specifier = '@identity/workload-identity/azure-proxy';
      const module = (await import(
        /* webpackIgnore: true */ /* @vite-ignore */ specifier
      )) as typeof import('./workload-identity-azure-proxy.js');
      return module.createAzureProxyFetch(config);
    })();
    loaded.catch(() => {
      loaded = undefined;
    });
    return (await loaded)(url, init);
  };
}

/**
 * Authenticates a Kubernetes workload with workload identity federation, as the AKS webhook configures it.
 * Same options as `@azure/identity`'s. The token file is read again every five minutes, before its token
 * expires, and at once when Entra finds the token expired (then the request is retried once), so a pod keeps
 * working for as long as Kubernetes rotates the file: no restart after 24 hours.
 *
 * @example
 * ```ts
 * import { WorkloadIdentityCredential } from '@identity/workload-identity';
 *
 * // AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE come from the AKS webhook.
 * const credential = new WorkloadIdentityCredential();
 * const { token } = await credential.getToken('https://storage.azure.com/.default');
 * ```
 */
export class WorkloadIdentityCredential implements TokenCredential {
  readonly #credential: ClientAssertionCredential;
  readonly #tokenFile: FederatedTokenFile;
  readonly #logger = createLogger(CREDENTIAL);

  /**
   * @param options - ids and token file (each defaulting to its variable), the AKS proxy switch, and the
   * shared options (authority host, allowed tenants, retries, transport, environment)
   * @throws `CredentialUnavailableError` when the tenant id, client id or token file is not configured, or the
   * proxy variables are inconsistent
   * @throws `InvalidArgumentError` for a malformed id or a non-https authority
   */
  constructor(options: WorkloadIdentityCredentialOptions = {}) {
    const env = options.env ?? defaultEnvironment();
    const tenantId = options.tenantId || readVariable(env, 'AZURE_TENANT_ID');
    const clientId = options.clientId || readVariable(env, 'AZURE_CLIENT_ID');
    const tokenFilePath = options.tokenFilePath || readVariable(env, 'AZURE_FEDERATED_TOKEN_FILE');
    const missing = [
      !tenantId && 'AZURE_TENANT_ID (or the tenantId option)',
      !clientId && 'AZURE_CLIENT_ID (or the clientId option)',
      !tokenFilePath && 'AZURE_FEDERATED_TOKEN_FILE (or the tokenFilePath option)',
    ].filter(Boolean);
    if (!tenantId || !clientId || !tokenFilePath) {
      throw new CredentialUnavailableError(
        `${CREDENTIAL}: set ${missing.join(', ')}. On AKS, label the pod's service account for workload identity and the webhook sets them. ${troubleshooting('workload-identity-credential')}`,
      );
    }
    const proxy = options.enableAzureProxy ? readAzureProxyConfig(env) : undefined;
    this.#tokenFile = new FederatedTokenFile(tokenFilePath, options.clock ?? systemClock);
    this.#credential = new ClientAssertionCredential(tenantId, clientId, () => this.#tokenFile.read(), {
      ...options,
      env,
      credentialName: CREDENTIAL,
      ...(proxy ? { fetch: azureProxyFetch(proxy) } : {}),
    });
    this.#logger.info(
      `tenant ${tenantId}, client ${clientId}${proxy ? ', through the AKS token proxy' : ''}`,
    );
  }

  /**
   * Gets a token for the scopes (one resource's `/.default` scope). Cached per tenant, scopes, claims and CAE;
   * concurrent calls share one request; refreshed ahead of expiry.
   *
   * @throws `CredentialUnavailableError` when the token file is missing or empty
   * @throws `AuthenticationError` when Entra refuses the token (after one retry with a fresh read if it had expired)
   */
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    try {
      return await this.#credential.getToken(scopes, options);
    } catch (error) {
      if (!isExpiredAssertion(error)) throw error;
      this.#logger.info('Entra found the federated token expired (AADSTS700024); reading the file again');
      this.#tokenFile.invalidate();
      return this.#credential.getToken(scopes, options);
    }
  }
}
