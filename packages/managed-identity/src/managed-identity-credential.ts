// ManagedIdentityCredential: finds the hosting source once, at construction, and gets tokens from it through
// one cache, one in-flight request per resource, and the source's retry schedule.
import type {
  AccessToken,
  CachedToken,
  Clock,
  GetTokenOptions,
  Logger,
  TokenCredential,
} from '@identity/core';
import { CredentialUnavailableError, InvalidArgumentError, NetworkError, TokenCache } from '@identity/core';
import type { HttpClientOptions, HttpRequest, HttpResponse } from '@identity/core/internal';
import {
  createLogger,
  defaultEnvironment,
  exponentialRetryPolicy,
  HttpClient,
  ScopeKeys,
  scopeToResource,
  systemClock,
  userAgentHeaders,
  validateScopes,
  warnIfExpired,
} from '@identity/core/internal';
import type {
  ManagedIdentityCredentialClientIdOptions,
  ManagedIdentityCredentialObjectIdOptions,
  ManagedIdentityCredentialOptions,
  ManagedIdentityCredentialResourceIdOptions,
} from './managed-identity-credential-options.js';
import type { ManagedIdentityId } from './managed-identity-id.js';
import { describeIdentity, managedIdentityId } from './managed-identity-id.js';
import { MANAGED_IDENTITY, managedIdentityMessage } from './managed-identity-message.js';
import { readTokenResponse } from './managed-identity-response.js';
import { imdsRetryPolicy } from './managed-identity-retry-policy.js';
import type {
  HttpEndpoint,
  HttpEndpointParts,
  ManagedIdentityEndpoint,
  ManagedIdentityNodeSupport,
  NodeOnlyEndpoint,
} from './managed-identity-source.js';
import { detectSource } from './managed-identity-sources.js';

type AnyOptions = ManagedIdentityCredentialOptions & {
  clientId?: string;
  objectId?: string;
  resourceId?: string;
};

/**
 * What the `ManagedIdentityCredential` of each entry is made of: detection, the cache and the sources' requests.
 * Each entry exports a subclass of its own (the portable one below, the `node` entry's with Node support), so no
 * bundle file holds two classes of one name: a bundler would rename one, and users would see that name.
 *
 * @example
 * ```ts
 * class ManagedIdentityCredential extends ManagedIdentityCredentialBase {}
 * ```
 */
export class ManagedIdentityCredentialBase implements TokenCredential {
  /** Azure Arc, Service Fabric and token exchange: given by the `node` entry's subclass. */
  protected static get nodeSupport(): ManagedIdentityNodeSupport | undefined {
    return undefined;
  }
  readonly #id: ManagedIdentityId;
  readonly #endpoint: ManagedIdentityEndpoint;
  readonly #options: AnyOptions;
  readonly #http: HttpClientOptions & { clock: Clock; logger: Logger };
  // The User-Agent of userAgentOptions, on every request.
  readonly #headers: Record<string, string> | undefined;
  readonly #cache: TokenCache;
  readonly #scopeKeys = new ScopeKeys();
  #probeTimeout: number | undefined;
  // The delegated credential (token exchange) or the Node-only source's HTTP parts, once loaded.
  #loaded: Promise<TokenCredential | HttpEndpointParts> | undefined;

  /**
   * Authenticates as the user-assigned identity with this client (application) id.
   *
   * @param clientId - the client id of a user-assigned identity
   * @param options - probe mode, retries, transport, environment
   */
  constructor(clientId: string, options?: ManagedIdentityCredentialOptions);
  /**
   * Authenticates as the system-assigned identity, or as the user-assigned identity that `clientId`, `resourceId`
   * or `objectId` names.
   *
   * @param options - at most one of `clientId`, `resourceId` and `objectId` (none: the system-assigned identity),
   * with probe mode, retries, transport and environment
   * @throws `InvalidArgumentError` for two ids at once, a malformed id or endpoint variable;
   * `CredentialUnavailableError` when the detected source cannot serve that kind of id
   */
  constructor(
    options?:
      | ManagedIdentityCredentialClientIdOptions
      | ManagedIdentityCredentialResourceIdOptions
      | ManagedIdentityCredentialObjectIdOptions,
  );
  constructor(clientIdOrOptions?: string | AnyOptions, maybeOptions?: AnyOptions) {
    const options = (
      typeof clientIdOrOptions === 'string'
        ? { ...maybeOptions, clientId: clientIdOrOptions }
        : (clientIdOrOptions ?? {})
    ) as AnyOptions;
    this.#id = managedIdentityId(options);
    this.#options = options;
    const env = options.env ?? defaultEnvironment();
    const clock = options.clock ?? systemClock;
    const logger = createLogger(MANAGED_IDENTITY);
    this.#cache = options.tokenCache ?? new TokenCache();
    const probe = options.probe;
    const timeout = probe ? ((probe as { timeoutInMs?: number }).timeoutInMs ?? 1000) : undefined;
    this.#probeTimeout = timeout;
    // Below 2^31 ms: past what Node's timers hold, a timer fires after 1 ms and every probe would time out.
    if (probe && !((timeout as number) > 0 && (timeout as number) < 2 ** 31)) {
      throw new InvalidArgumentError(
        managedIdentityMessage('probe.timeoutInMs must be over 0 and below 2^31.'),
      );
    }
    const node = new.target.nodeSupport;
    const endpoint = detectSource({ env, id: this.#id, arcTokenDirectory: options.arcTokenDirectory, node });
    this.#endpoint = endpoint;
    // No proxy: every endpoint is on this host or its link-local network, and a proxy would see the secrets the
    // requests carry.
    this.#http = {
      fetch: options.fetch ?? node?.fetch,
      clock,
      logger,
      timeoutInMs: options.requestTimeoutInMs,
      retryPolicy: (endpoint.source === 'IMDS' ? imdsRetryPolicy : exponentialRetryPolicy)(
        options.retryOptions,
      ),
    };
    this.#headers = userAgentHeaders(options);
    logger.info(`using ${endpoint.source} for ${describeIdentity(this.#id)}`);
  }

  /**
   * Gets a token for one scope (a resource's `/.default` scope). Cached per resource; concurrent calls share
   * one request; refreshed ahead of expiry (at `refresh_in`, or half-life for long tokens).
   *
   * @throws `CredentialUnavailableError` when no endpoint answers, or the identity is not assigned here;
   * `AuthenticationError` when the endpoint refuses or answers something that is not a token
   */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    // A repeated call goes straight to its cached token (a managed identity's key depends on nothing else).
    return (
      this.#scopeKeys.fresh(this.#cache, scopes, options, this.#http.clock) || this.#getToken(scopes, options)
    );
  }

  async #getToken(scopes: string | string[], options: GetTokenOptions | undefined): Promise<AccessToken> {
    const checked = validateScopes(MANAGED_IDENTITY, scopes);
    const [scope, extra] = checked as [string, string?];
    if (extra)
      throw new InvalidArgumentError(managedIdentityMessage('pass one scope; a token is for one resource.'));
    const endpoint = this.#endpoint;
    if ('delegate' in endpoint) {
      const delegate = (await this.#load(() => endpoint.delegate(this.#options))) as TokenCredential;
      return (await delegate.getToken(scope, options)) as AccessToken;
    }
    const resource = scopeToResource(scope);
    const id = this.#id;
    const key = `managed-identity|${endpoint.source}|${id.kind === 'system' ? '' : id.value.toLowerCase()}|${resource}`;
    this.#scopeKeys.remember(checked, key);
    const { clock, logger } = this.#http;
    return this.#cache.getToken(key, (signal) => this.#acquire(resource, signal), {
      ...options,
      clock,
      logger,
    });
  }

  /** Loads once what the detected source needs; a failed load is not kept, so the next call tries again. */
  #load(load: () => Promise<TokenCredential | HttpEndpointParts>) {
    if (!this.#loaded) {
      this.#loaded = load();
      this.#loaded.catch(() => {
        this.#loaded = undefined;
      });
    }
    return this.#loaded;
  }

  // `signal` fires once every caller waiting for this shared request has aborted.
  async #acquire(resource: string, signal: AbortSignal): Promise<CachedToken> {
    const detected = this.#endpoint as HttpEndpoint | NodeOnlyEndpoint;
    const endpoint: HttpEndpoint =
      'load' in detected
        ? { ...detected, ...((await this.#load(detected.load)) as HttpEndpointParts) }
        : detected;
    let request = endpoint.buildRequest(resource, this.#id);
    const timeout = this.#probeTimeout;
    if (timeout && endpoint.source === 'IMDS') {
      // Probe mode: one quick request without the Metadata header (IMDS answers it at once and issues no
      // token), no retries. No answer means no endpoint; any answer proves something is there, and the real
      // request finds out what (Docker Desktop's 403 "unreachable network" is CredentialUnavailableError too).
      await this.#send(endpoint, { ...request, headers: {} }, signal, {
        timeoutInMs: timeout,
        retryPolicy: exponentialRetryPolicy({ maxRetries: 0, totalTimeoutInMs: timeout }),
      });
      this.#probeTimeout = undefined;
    }
    const { clock, logger } = this.#http;
    const requestedAt = clock.now();
    let response = await this.#send(endpoint, request, signal);
    if (response.status === 401 && endpoint.answerChallenge) {
      request = await endpoint.answerChallenge(response.headers.get('www-authenticate'), request);
      response = await this.#send(endpoint, request, signal);
    }
    return warnIfExpired(
      logger,
      readTokenResponse(response, requestedAt, endpoint, this.#id, request.secrets),
      clock.now(),
      endpoint.source,
    );
  }

  async #send(
    endpoint: HttpEndpoint,
    request: HttpRequest,
    signal: AbortSignal,
    overrides?: HttpClientOptions,
  ): Promise<HttpResponse> {
    const http = new HttpClient({ ...this.#http, fetch: endpoint.fetch ?? this.#http.fetch, ...overrides });
    try {
      return await http.send({ ...request, headers: { ...request.headers, ...this.#headers } }, signal);
    } catch (error) {
      if (!NetworkError.isInstance(error)) throw error;
      // No answer: this is not the host the source belongs to, so a chain may move on. The network error's
      // message is a sentence of its own.
      const { source } = endpoint;
      throw new CredentialUnavailableError(
        managedIdentityMessage(
          `no answer from ${source} for ${describeIdentity(this.#id)}: ${error.message} Is this ${source === 'IMDS' ? 'an Azure VM, scale set or AKS node' : source} with a managed identity?`,
        ),
        { cause: error },
      );
    }
  }
}

/**
 * Authenticates as the managed identity of the Azure resource the code runs on: a VM or scale set (IMDS), App
 * Service, Functions or Container Apps, Service Fabric, Azure Machine Learning, Cloud Shell, an Azure
 * Arc-enabled server, or an AKS pod with workload identity (token exchange). The source is chosen once, from the
 * environment, in that documented order. Same constructors as `@azure/identity`'s. This is the portable entry's;
 * Azure Arc, Service Fabric and token exchange need Node.js, where the `node` entry's serves them.
 *
 * @example
 * ```ts
 * import { ManagedIdentityCredential } from '@identity/managed-identity';
 *
 * const systemAssigned = new ManagedIdentityCredential();
 * const userAssigned = new ManagedIdentityCredential({ clientId: '00000000-0000-0000-0000-000000000000' });
 * const { token } = await userAssigned.getToken('https://vault.azure.net/.default');
 * ```
 */
export class ManagedIdentityCredential extends ManagedIdentityCredentialBase {}
