// startEmulator: wires state, keys, routes, faults and the request log onto a loopback HTTP(S) server.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { mintAccessToken, verifyAccessToken } from './emulator-access-tokens.js';
import type { RegisteredPipeline } from './emulator-azure-pipelines.js';
import { AZURE_PIPELINES_OIDC_PATH, createAzurePipelines } from './emulator-azure-pipelines.js';
import { AssertionReplayCache } from './emulator-client-assertion.js';
import { authenticateClient } from './emulator-client-auth.js';
import { validateEmulatorConfig } from './emulator-config.js';
import { createCorsPolicy } from './emulator-cors.js';
import { newGuid } from './emulator-encoding.js';
import { EntraError, entraErrorBody, entraErrors } from './emulator-errors.js';
import { FaultInjector, faultResponse } from './emulator-faults.js';
import { createHostedIssuer, issuerConfigurationRoute, issuerKeysRoute } from './emulator-issuers.js';
import { signJwt } from './emulator-jwt.js';
import { createSigningKey, type EmulatorJwks } from './emulator-keys.js';
import type { EmulatorManagedIdentity } from './emulator-managed-identity.js';
import { installManagedIdentity } from './emulator-managed-identity.js';
import {
  createKeysRoute,
  instanceDiscoveryRoute,
  openIdConfigurationRoute,
  openIdConfigurationV1Route,
} from './emulator-metadata.js';
import type { MintUserTokenInput } from './emulator-on-behalf-of.js';
import { createOnBehalfOf, ON_BEHALF_OF_GRANT_TYPE } from './emulator-on-behalf-of.js';
import { createPasswordGrant } from './emulator-password.js';
import { EmulatorRouter } from './emulator-router.js';
import { createEmulatorState } from './emulator-state.js';
import { createSelfSignedTls } from './emulator-tls.js';
import { clientCredentialsGrant, createTokenRoute, TOKEN_PATH } from './emulator-token-endpoint.js';
import type {
  AppRegistration,
  ConsentGrant,
  EmulatorFaults,
  EmulatorGrantHandler,
  EmulatorIssuer,
  EmulatorOptions,
  EmulatorRequestContext,
  EmulatorRequestRecord,
  EmulatorResponse,
  EmulatorRouteHandler,
  EmulatorState,
  PipelineRegistration,
  RegisteredApp,
  RegisteredUser,
  UserRegistration,
} from './emulator-types.js';
import { installUserFlows, USER_FLOW_GRANT_TYPES } from './emulator-user-flows.js';
import { createUserDirectory } from './emulator-users.js';

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const app = emulator.registerApp();
 * // ... point a credential at emulator.url ...
 * await emulator.stop();
 * ```
 */
export interface Emulator {
  /** `http://127.0.0.1:PORT` or `https://localhost:PORT`; use as the authority host. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The default tenant. */
  readonly tenantId: string;
  /** PEM of the self-signed server certificate when `https` is on. */
  readonly caCertificate: string | undefined;
  /** Its tenants, apps and issuers. */
  readonly state: EmulatorState;
  /** Faults to inject into the next requests (latency, errors, dropped connections). */
  readonly faults: EmulatorFaults;
  /** Every request served so far, in order. */
  readonly requests: readonly EmulatorRequestRecord[];
  /** The public keys its tokens are signed with. */
  readonly jwks: EmulatorJwks;
  /** The managed-identity endpoints: assign identities, get the variables that select a source. */
  readonly managedIdentity: EmulatorManagedIdentity;
  /** Registers an app; returns its ids and secret. */
  registerApp(registration?: AppRegistration): RegisteredApp;
  /** Creates a tenant (default: a new GUID) and returns its id. */
  registerTenant(tenantId?: string): string;
  /** Hosts an OIDC issuer (for workload identity federation) at `{url}/issuers/{name}`. */
  createIssuer(name: string): EmulatorIssuer;
  /** Registers a user who signs in (password grant, sign-in page, device code). */
  registerUser(registration: UserRegistration): RegisteredUser;
  /**
   * Revokes a user's refresh tokens and sign-in sessions, as an administrator's "revoke sessions" does:
   * redeeming one then fails with AADSTS50173. Without a tenant, the user's home tenant is searched.
   */
  revokeRefreshTokens(username: string, tenantId?: string): void;
  /** Records a user's consent to an app's delegated scopes, so sign-in shows no consent page for them. */
  grantConsent(grant: ConsentGrant): void;
  /** Completes the device-code sign-in with this user code as the user would (consent included). */
  approveDeviceCode(userCode: string, username: string): void;
  /** Declines the device-code sign-in with this user code: polling then answers `authorization_declined`. */
  declineDeviceCode(userCode: string): void;
  /** Mints a signed-in user's access token for an API, to start an on-behalf-of exchange from. */
  mintUserToken(input: MintUserTokenInput): string;
  /** Registers an Azure Pipelines job for the OIDC endpoint; returns its `SYSTEM_OIDCREQUESTURI`. */
  registerPipeline(registration: PipelineRegistration): RegisteredPipeline;
  /** The Azure Pipelines jobs registered so far (by the configuration too). */
  readonly pipelines: readonly RegisteredPipeline[];
  /** How many requests were served, by this route when named. */
  requestCount(route?: string): number;
  /** Verifies a token it issued (signature, expiry) and returns its claims; rejects otherwise. */
  verifyAccessToken(token: string): Promise<Record<string, unknown>>;
  /** Serves another endpoint: `pathPattern` with `:name` segments or a RegExp, `name` for faults and records. */
  addRoute(
    method: 'GET' | 'POST',
    pathPattern: string | RegExp,
    name: string,
    handler: EmulatorRouteHandler,
  ): void;
  /** Serves another `grant_type` at the token endpoint. */
  addGrant(grantType: string, handler: EmulatorGrantHandler): void;
  /** Stops the server and closes every connection. */
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

// Past this much, an oversized body is no longer read to its end to answer 413: the connection is dropped.
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

class BodyTooLargeError extends Error {}

// The body as text. A body over the limit is read to its end and discarded, so the client (still sending) gets
// the 413 instead of a reset connection; only a body far over it has its connection dropped.
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DISCARDED_BYTES) {
        reject(new BodyTooLargeError());
        request.destroy();
        return;
      }
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new BodyTooLargeError())
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

// The request target as a URL, or undefined for one that does not parse (`//`, `http://[`).
function parseRequestUrl(target: string | undefined, base: string): URL | undefined {
  try {
    return new URL(target ?? '/', base);
  } catch {
    return undefined;
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function baseUrlFor(https: boolean, host: string, port: number): string {
  // Certificates are issued for localhost, and wildcard binds are reached through loopback.
  const loopbackOrWildcard = ['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'].includes(host);
  if (https && loopbackOrWildcard) return `https://localhost:${port}`;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `${https ? 'https' : 'http'}://${shown}:${port}`;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts an Entra ID emulator on loopback and resolves once it is listening. The default tenant exists;
 * register apps with `registerApp`, point a credential's authority host at `url`, and `stop()` at the end.
 *
 * @example
 * ```ts
 * import { startEmulator } from '@identity/emulator';
 *
 * const emulator = await startEmulator();
 * const { tenantId, clientId, clientSecret } = emulator.registerApp();
 * const response = await fetch(`${emulator.url}/${tenantId}/oauth2/v2.0/token`, {
 *   method: 'POST',
 *   body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret!,
 *     scope: 'https://vault.azure.net/.default' }),
 * });
 * await emulator.stop();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError('port must be an integer from 0 to 65535.');
  const host = options.host ?? '127.0.0.1';
  const useHttps = options.https ?? false;
  const now = options.now ?? Date.now;
  const config = options.config === undefined ? {} : validateEmulatorConfig(options.config);

  const [key, tls] = await Promise.all([
    createSigningKey(),
    useHttps ? createSelfSignedTls(now(), options.hostNames ?? config.hostNames) : undefined,
  ]);
  const jwks: EmulatorJwks = { keys: [key.jwk] };
  const state = createEmulatorState(options.tenantId ?? config.tenants?.[0] ?? newGuid());
  for (const tenant of config.tenants ?? []) state.registerTenant(tenant);

  const router = new EmulatorRouter();
  const grants = new Map<string, EmulatorGrantHandler>([['client_credentials', clientCredentialsGrant]]);
  const users = createUserDirectory(state, now);
  grants.set('password', createPasswordGrant(state, users));
  const cors = createCorsPolicy(state, options.corsOrigins ?? config.corsOrigins);
  const userFlows = installUserFlows({
    addRoute: (...route) => router.add(...route),
    grants,
    state,
    users,
    signIdToken: (claims) => signJwt({ typ: 'JWT', alg: 'RS256', kid: key.kid }, claims, key.privateKey),
    now,
    deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? config.deviceCodeLifetimeSeconds,
    deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? config.deviceCodeIntervalSeconds,
  });
  const onBehalfOf = createOnBehalfOf(
    state,
    (token) => verifyAccessToken(key, token, now()),
    (input) => mintAccessToken({ key, emulatorUrl: url, state, now: now() }, input),
  );
  grants.set(ON_BEHALF_OF_GRANT_TYPE, onBehalfOf.grant);
  const faults = new FaultInjector();
  const requests: EmulatorRequestRecord[] = [];
  // Entra accepts an assertion until it expires (MSAL and our certificate credential reuse one), so replay
  // detection is opt-in, for tests that want the stricter behaviour.
  const replayCache =
    (options.rejectAssertionReplay ?? config.rejectAssertionReplay) ? new AssertionReplayCache() : undefined;
  // Aborted by stop(), so an injected latency never outlives the server.
  const lifetime = new AbortController();
  let url = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const record: EmulatorRequestRecord = {
      at: now(),
      method: request.method ?? 'GET',
      path: '/',
      route: 'not-found',
      status: 0,
    };
    const parsedUrl = parseRequestUrl(request.url, url);
    const requestUrl = parsedUrl ?? new URL('/', url);
    record.path = parsedUrl ? requestUrl.pathname : (request.url ?? '/');
    const clientRequestId =
      headerValue(request, 'client-request-id') ?? headerValue(request, 'x-ms-client-request-id');
    const correlationId = clientRequestId ?? newGuid();
    const traceId = newGuid();

    const errorResponse = (error: EntraError): EmulatorResponse => ({
      status: error.status,
      headers: { ...error.headers },
      json: entraErrorBody(error, { traceId, correlationId, now: new Date(now()), errorUriBase: url }),
    });

    // Errors of a CORS route carry the grant too, so a browser app can read them.
    let corsHeaders: Record<string, string> = {};
    const send = (result: EmulatorResponse) => {
      record.status = result.status ?? 200;
      requests.push(record);
      if (response.destroyed || response.headersSent) return;
      const headers: Record<string, string> = {
        'x-ms-request-id': traceId,
        ...corsHeaders,
        ...result.headers,
      };
      if (clientRequestId !== undefined) headers['client-request-id'] = clientRequestId;
      let body = result.body ?? '';
      if (result.json !== undefined) {
        body = JSON.stringify(result.json);
        headers['content-type'] ??= 'application/json; charset=utf-8';
      }
      response.writeHead(record.status, headers);
      response.end(body);
    };

    let rawBody: string;
    try {
      rawBody = await readBody(request);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        send(errorResponse(new EntraError(413, 'invalid_request', 90023, 'The request body is too large.')));
      }
      return;
    }
    // Answered, never thrown: a throw here would be an unhandled rejection that ends the process hosting the emulator.
    if (!parsedUrl) {
      return send(errorResponse(entraErrors.invalidRequest('The request target is not a valid URL path.')));
    }

    const found = router.find(record.method, record.path);
    const route = found && 'route' in found ? found : undefined;
    record.route =
      route?.route.name ?? (found ? (found as { otherMethod: string }).otherMethod : 'not-found');
    const contentType = headerValue(request, 'content-type') ?? '';
    const form = contentType.includes('application/x-www-form-urlencoded')
      ? new URLSearchParams(rawBody)
      : new URLSearchParams();
    const requestBaseUrl = `${useHttps ? 'https' : 'http'}://${headerValue(request, 'host') ?? new URL(url).host}`;

    const ctx: EmulatorRequestContext = {
      method: record.method,
      url: requestUrl,
      path: record.path,
      query: requestUrl.searchParams,
      headers: request.headers,
      rawBody,
      form,
      params: route?.params ?? {},
      route: record.route,
      state,
      emulatorUrl: url,
      correlationId,
      now,
      mintAccessToken: (input) => mintAccessToken({ key, emulatorUrl: url, state, now: now() }, input),
      authenticateClient: (tenant) =>
        authenticateClient(
          {
            form,
            headers: request.headers,
            state,
            baseUrls: [url, requestBaseUrl],
            now: now(),
            replayCache,
            note: ctx.note,
          },
          tenant,
        ),
      resolveTenant: (segment) => {
        const tenantId = segment.toLowerCase();
        if (TENANT_ALIASES.has(tenantId)) throw entraErrors.tenantRequired(tenantId);
        const tenant = state.tenants.get(tenantId);
        if (!tenant) throw entraErrors.tenantNotFound(segment);
        return tenant;
      },
      errorResponse,
      note: (fields) => {
        if (fields.grantType !== undefined) record.grantType = fields.grantType;
        if (fields.clientId !== undefined) record.clientId = fields.clientId;
        if (fields.tenantId !== undefined) record.tenantId = fields.tenantId;
        if (fields.username !== undefined) record.username = fields.username;
      },
    };

    try {
      const preflight =
        record.method === 'OPTIONS' ? cors.preflight(record.route, request.headers) : undefined;
      if (preflight) return send(preflight);
      corsHeaders = cors.headers(record.route, request.headers);
      const fault = faults.take(record.route, record.path, form.get('grant_type'));
      if (fault?.latencyMs) await sleep(fault.latencyMs, undefined, { signal: lifetime.signal });
      if (fault?.drop) {
        requests.push(record);
        request.socket.destroy();
        return;
      }
      const injected = fault ? faultResponse(fault, ctx) : undefined;
      if (injected) return send(injected);
      if (!found)
        return send({
          status: 404,
          json: { error: 'not_found', error_description: `No route for ${record.path}.` },
        });
      if (!route)
        return send({ status: 405, headers: { allow: 'GET, POST' }, json: { error: 'method_not_allowed' } });
      send(await route.route.handler(ctx));
    } catch (error) {
      if (lifetime.signal.aborted) return;
      if (error instanceof EntraError) return send(errorResponse(error));
      send({ status: 500, json: { error: 'server_error', error_description: (error as Error).message } });
    }
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    // A failure past every answer (a response that cannot be written) drops the connection; it never becomes an
    // unhandled rejection, which would end the test run or the CLI the emulator lives in.
    handle(request, response).catch(() => response.destroy());
  };
  const server: Server = tls
    ? createHttpsServer({ cert: tls.certificate, key: tls.privateKey }, listener)
    : createHttpServer(listener);
  const boundPort = await listen(server, port, host);
  url = baseUrlFor(useHttps, host, boundPort);

  const issuers = state.issuers;
  const createIssuer = (name: string): EmulatorIssuer => {
    const existing = issuers.get(`${url}/issuers/${name}`);
    if (existing) return existing;
    const issuer = createHostedIssuer(name, url, now);
    issuers.set(issuer.issuer, issuer);
    return issuer;
  };

  router.add('POST', TOKEN_PATH, 'token', createTokenRoute(grants, USER_FLOW_GRANT_TYPES));
  const pipelines = createAzurePipelines(() => url, createIssuer);
  router.add('POST', AZURE_PIPELINES_OIDC_PATH, 'azure-pipelines-oidc', pipelines.route);
  router.add(
    'GET',
    '/:tenant/v2.0/.well-known/openid-configuration',
    'openid-configuration',
    openIdConfigurationRoute,
  );
  router.add(
    'GET',
    '/:tenant/.well-known/openid-configuration',
    'openid-configuration-v1',
    openIdConfigurationV1Route,
  );
  const keysRoute = createKeysRoute(jwks);
  router.add('GET', '/:tenant/discovery/v2.0/keys', 'keys', keysRoute);
  router.add('GET', '/:tenant/discovery/keys', 'keys-v1', keysRoute);
  router.add('GET', '/common/discovery/instance', 'instance-discovery', instanceDiscoveryRoute);
  router.add(
    'GET',
    '/issuers/:name/.well-known/openid-configuration',
    'issuer-openid-configuration',
    issuerConfigurationRoute,
  );
  router.add('GET', '/issuers/:name/jwks', 'issuer-keys', issuerKeysRoute);
  const managedIdentity = installManagedIdentity({
    addRoute: (...route) => router.add(...route),
    url,
    defaultTenantId: state.defaultTenantId,
    certificate: tls?.certificate,
  });

  try {
    for (const app of config.apps ?? []) state.registerApp(app);
    for (const user of config.users ?? []) users.register(user);
    for (const consent of config.consents ?? []) userFlows.grantConsent(consent);
    for (const identity of config.managedIdentities ?? []) managedIdentity.assign(identity);
    for (const pipeline of config.pipelines ?? []) pipelines.registerPipeline(pipeline);
  } catch (error) {
    managedIdentity.close();
    server.close();
    server.closeAllConnections();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    port: boundPort,
    tenantId: state.defaultTenantId,
    caCertificate: tls?.certificate,
    state,
    faults,
    get requests() {
      return requests;
    },
    jwks,
    managedIdentity,
    registerApp: state.registerApp,
    registerTenant: state.registerTenant,
    createIssuer,
    registerUser: users.register,
    ...userFlows,
    mintUserToken: onBehalfOf.mintUserToken,
    registerPipeline: pipelines.registerPipeline,
    get pipelines() {
      return pipelines.pipelines;
    },
    requestCount: (route) =>
      route === undefined ? requests.length : requests.filter((r) => r.route === route).length,
    verifyAccessToken: (token) => verifyAccessToken(key, token, now()),
    addRoute: (method, pathPattern, name, handler) => router.add(method, pathPattern, name, handler),
    addGrant: (grantType, handler) => {
      if (typeof grantType !== 'string' || grantType === '')
        throw new TypeError('A grant needs a grant_type.');
      grants.set(grantType, handler);
    },
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        lifetime.abort();
        managedIdentity.close();
        server.close(() => resolve());
        // Keep-alive and in-flight sockets would otherwise hold close() open.
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
