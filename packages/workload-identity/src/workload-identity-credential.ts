// Kubernetes workload identity federation (AKS): the pod's projected service account token is the client
// assertion of an app registration (or user-assigned managed identity) that trusts the cluster's issuer.
import { ClientAssertionCredential } from '@identity/client-assertion';
import type { AccessToken, Environment, FetchLike, GetTokenOptions, TokenCredential } from '@identity/core';
import { AuthenticationError, CredentialUnavailableError } from '@identity/core';
import {
  createLogger,
  defaultEnvironment,
  readVariable,
  systemClock,
  troubleshooting,
} from '@identity/core/internal';
import type { WorkloadIdentityCredentialOptions } from './workload-identity-credential-options.js';
import type { ReadTextFile } from './workload-identity-token-file.js';
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

const PROXY_VARIABLES = [
  'AZURE_KUBERNETES_TOKEN_PROXY',
  'AZURE_KUBERNETES_SNI_NAME',
  'AZURE_KUBERNETES_CA_FILE',
  'AZURE_KUBERNETES_CA_DATA',
];

/**
 * What only Node.js gives this credential: reading the token file, and the AKS token proxy's transport
 * (node:tls with the cluster's CA and SNI name, which fetch cannot express). The `node` entry's subclass
 * carries it; elsewhere the token file cannot be read, and the `CredentialUnavailableError` says so.
 *
 * @example
 * ```ts
 * const support: WorkloadIdentityNodeSupport = { readTextFile, azureProxyFetch: async (env) => createAzureProxyFetch(readAzureProxyConfig(env)!) };
 * ```
 */
export interface WorkloadIdentityNodeSupport {
  readTextFile: ReadTextFile;
  /**
   * The fetch through the proxy the `AZURE_KUBERNETES_*` variables in `env` configure (its code loaded on demand);
   * rejects when they are wrong.
   */
  azureProxyFetch(env: Environment): Promise<FetchLike>;
}

// The proxy's configuration is read on the first request, so a misconfiguration is getToken's
// CredentialUnavailableError (a chain moves on), and read again after one until it works.
function azureProxyFetch(env: Environment, node: WorkloadIdentityNodeSupport): FetchLike {
  let proxied: Promise<FetchLike> | undefined;
  return async (url, init) => {
    proxied ??= node.azureProxyFetch(env).catch((error: unknown) => {
      proxied = undefined;
      throw error;
    });
    return (await proxied)(url, init);
  };
}

/**
 * What the `WorkloadIdentityCredential` of each entry is made of. Each entry exports a subclass of its own (the
 * portable one below, the `node` entry's with Node support), so no bundle file holds two classes of one name: a
 * bundler would rename one, and users would see that name.
 *
 * @example
 * ```ts
 * class WorkloadIdentityCredential extends WorkloadIdentityCredentialBase {}
 * ```
 */
export class WorkloadIdentityCredentialBase implements TokenCredential {
  /** Reads the token file and sends through the AKS token proxy: given by the `node` entry's subclass. */
  protected static get nodeSupport(): WorkloadIdentityNodeSupport | undefined {
    return undefined;
  }
  readonly #credential: ClientAssertionCredential;
  readonly #tokenFile: FederatedTokenFile;
  readonly #logger = createLogger(CREDENTIAL);

  /**
   * @param options - ids and token file (each defaulting to its variable), the AKS proxy switch, and the
   * shared options (authority host, allowed tenants, retries, transport, environment)
   * @throws `CredentialUnavailableError` when the tenant id, client id or token file is not configured
   * @throws `InvalidArgumentError` for a malformed id or a non-https authority
   */
  constructor(options: WorkloadIdentityCredentialOptions = {}) {
    const env = options.env ?? defaultEnvironment();
    const tenantId = options.tenantId || readVariable(env, 'AZURE_TENANT_ID');
    const clientId = options.clientId || readVariable(env, 'AZURE_CLIENT_ID');
    const tokenFilePath = options.tokenFilePath || readVariable(env, 'AZURE_FEDERATED_TOKEN_FILE');
    if (!tenantId || !clientId || !tokenFilePath) {
      const missing = [
        !tenantId && 'AZURE_TENANT_ID',
        !clientId && 'AZURE_CLIENT_ID',
        !tokenFilePath && 'AZURE_FEDERATED_TOKEN_FILE',
      ].filter(Boolean);
      throw new CredentialUnavailableError(
        `${CREDENTIAL}: set ${missing.join(', ')} (or the matching options). On AKS, the workload identity webhook sets them for pods whose service account is labelled for it. ${troubleshooting('workload-identity-credential')}`,
      );
    }
    // Checked on the first request, with the proxy code: a misconfiguration is then CredentialUnavailableError.
    // Without Node support there is no proxy: the token file cannot be read either, and says so first.
    const node = new.target.nodeSupport;
    const proxy = node && options.enableAzureProxy && PROXY_VARIABLES.some((name) => readVariable(env, name));
    this.#tokenFile = new FederatedTokenFile(tokenFilePath, options.clock ?? systemClock, node?.readTextFile);
    this.#credential = new ClientAssertionCredential(tenantId, clientId, () => this.#tokenFile.read(), {
      ...options,
      env,
      credentialName: CREDENTIAL,
      ...(proxy ? { fetch: azureProxyFetch(env, node) } : {}),
    });
    this.#logger.info(
      `tenant ${tenantId}, client ${clientId}${proxy ? ', through the AKS token proxy' : ''}`,
    );
  }

  /**
   * Gets a token for the scopes (one resource's `/.default` scope). Cached per tenant, scopes, claims and CAE;
   * concurrent calls share one request; refreshed ahead of expiry.
   *
   * @throws `CredentialUnavailableError` when the token file is missing or empty, or the AKS proxy variables are
   * inconsistent
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

/**
 * Authenticates a Kubernetes workload with workload identity federation, as the AKS webhook configures it.
 * Same options as `@azure/identity`'s. The token file is read again every five minutes, before its token
 * expires, and at once when Entra finds the token expired (then the request is retried once), so a pod keeps
 * working for as long as Kubernetes rotates the file: no restart after 24 hours. This is the portable entry's,
 * which has no file system to read the token file from: the `node` entry's reads it.
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
export class WorkloadIdentityCredential extends WorkloadIdentityCredentialBase {}
