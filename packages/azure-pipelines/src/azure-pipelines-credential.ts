// An Azure DevOps service connection with workload identity federation: the job's OIDC token for the
// connection is the client assertion of the app registration behind it.
import { ClientAssertionCredential } from '@identity/client-assertion';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import {
  createLogger,
  defaultEnvironment,
  exponentialRetryPolicy,
  HttpClient,
  proxyAwareFetch,
  troubleshooting,
  userAgentHeaders,
} from '@identity/core/internal';
import type { AzurePipelinesCredentialOptions } from './azure-pipelines-credential-options.js';
import { ANCHOR, CREDENTIAL, requestOidcToken } from './azure-pipelines-oidc-token.js';

// A GUID in practice; anything that stays one query value without escaping surprises.
const SERVICE_CONNECTION_ID = /^[0-9a-zA-Z._-]{1,128}$/;

/**
 * Authenticates an Azure Pipelines job through a service connection that uses workload identity federation.
 * Same constructor as `@azure/identity`'s; runs wherever `fetch` does (the job's runner, usually Node).
 *
 * Each token request asks Azure DevOps for a fresh OIDC token, so a long job never presents an expired one.
 *
 * @example
 * ```ts
 * import { AzurePipelinesCredential } from '@identity/azure-pipelines';
 *
 * const credential = new AzurePipelinesCredential(
 *   process.env.AZURESUBSCRIPTION_TENANT_ID!,
 *   process.env.AZURESUBSCRIPTION_CLIENT_ID!,
 *   process.env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID!,
 *   process.env.SYSTEM_ACCESSTOKEN!,
 * );
 * const { token } = await credential.getToken('https://management.azure.com/.default');
 * ```
 */
export class AzurePipelinesCredential implements TokenCredential {
  readonly #credential: ClientAssertionCredential;

  /**
   * @param tenantId - the tenant of the service connection's app registration
   * @param clientId - the client id of the service connection's app registration
   * @param serviceConnectionId - the service connection's id (a GUID)
   * @param systemAccessToken - the job's `System.AccessToken`
   * @param options - authority host, allowed tenants, retries, transport, environment
   * @throws `InvalidArgumentError` for an empty or malformed id, an empty access token or a non-https authority
   */
  constructor(
    tenantId: string,
    clientId: string,
    serviceConnectionId: string,
    systemAccessToken: string,
    options: AzurePipelinesCredentialOptions = {},
  ) {
    const env = options.env ?? defaultEnvironment();
    const http = new HttpClient({
      fetch: options.fetch ?? proxyAwareFetch(env, options.proxyOptions),
      clock: options.clock,
      retryPolicy: exponentialRetryPolicy(options.retryOptions),
      timeoutInMs: options.requestTimeoutInMs,
      logger: createLogger(CREDENTIAL),
    });
    const headers = userAgentHeaders(options);
    const getAssertion = () =>
      requestOidcToken({ http, env, serviceConnectionId, systemAccessToken, headers });
    this.#credential = new ClientAssertionCredential(tenantId, clientId, getAssertion, {
      ...options,
      credentialName: CREDENTIAL,
    });
    if (typeof serviceConnectionId !== 'string' || !SERVICE_CONNECTION_ID.test(serviceConnectionId)) {
      throw new InvalidArgumentError(
        `${CREDENTIAL}: serviceConnectionId ${serviceConnectionId ? 'is not valid' : 'is missing'}; pass the service connection's id (a GUID). ${troubleshooting(ANCHOR)}`,
      );
    }
    if (typeof systemAccessToken !== 'string' || systemAccessToken.trim() === '') {
      throw new InvalidArgumentError(
        `${CREDENTIAL}: systemAccessToken is missing; map $(System.AccessToken) into the task's environment and pass it. ${troubleshooting(ANCHOR)}`,
      );
    }
  }

  /**
   * Gets a token for the scopes (one resource's `/.default` scope). Cached per tenant, scopes, claims and CAE;
   * concurrent calls share one request (and one Azure DevOps call); refreshed ahead of expiry.
   *
   * @throws `CredentialUnavailableError` outside a pipeline (`SYSTEM_OIDCREQUESTURI` is not set)
   * @throws `AuthenticationError` when Azure DevOps or Entra ID refuses
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.#credential.getToken(scopes, options);
  }
}
