// The managed-identity endpoints of every hosting source (IMDS, App Service, Service Fabric, Azure ML, Cloud
// Shell, Azure Arc), each with its own path, api-version, required headers and secrets, and the errors the real
// service sends when they are wrong. Identities are assigned to the emulated resource with `assign`, and
// `environment(source)` returns the variables that point a credential at one source.
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newGuid } from './emulator-encoding.js';
import type { EmulatorRequestContext, EmulatorResponse, EmulatorRouteHandler } from './emulator-types.js';

/**
 * The hosting sources the emulator serves.
 *
 * @example
 * ```ts
 * const source: ManagedIdentitySource = 'AppService';
 * ```
 */
export type ManagedIdentitySource =
  | 'IMDS'
  | 'AppService'
  | 'ServiceFabric'
  | 'AzureML'
  | 'CloudShell'
  | 'AzureArc';

/**
 * How `expires_on` is written; by default each source writes it as the real one does (IMDS, App Service,
 * Cloud Shell and Arc: epoch seconds as a string; Service Fabric: a number; Azure ML: the US date).
 *
 * @example
 * ```ts
 * const format: ExpiresOnFormat = 'us-date-12h'; // "1/16/2020 5:24:12 AM +00:00"
 * ```
 */
export type ExpiresOnFormat = 'epoch-number' | 'epoch-string' | 'iso' | 'us-date' | 'us-date-12h' | 'omitted';

/**
 * What `managedIdentity.assign` accepts; every field is optional.
 *
 * @example
 * ```ts
 * emulator.managedIdentity.assign({ systemAssigned: true });
 * emulator.managedIdentity.assign({ clientId: '11111111-1111-1111-1111-111111111111', roles: ['Reader'] });
 * ```
 */
export interface ManagedIdentityAssignment {
  /** The system-assigned identity (at most one; assigning another replaces it). Default: user-assigned. */
  systemAssigned?: boolean;
  /** Default: a new GUID. */
  clientId?: string;
  /** The principal (object) id: `oid` and `sub` of its tokens. Default: a new GUID. */
  objectId?: string;
  /** Default: `/subscriptions/<guid>/resourcegroups/emulator/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`. */
  resourceId?: string;
  /** Default: the emulator's default tenant. */
  tenantId?: string;
  roles?: string[];
  /** Default 3599 s; longer lifetimes exercise half-life refresh. */
  tokenLifetimeSeconds?: number;
  /** Add `refresh_in` to the answers. */
  refreshInSeconds?: number;
  /** Overrides the source's own `expires_on` format, to test parsers. */
  expiresOnFormat?: ExpiresOnFormat;
}

/**
 * An identity assigned to the emulated resource.
 *
 * @example
 * ```ts
 * const { clientId, objectId, resourceId, tenantId } = emulator.managedIdentity.assign();
 * ```
 */
export interface AssignedManagedIdentity {
  systemAssigned: boolean;
  clientId: string;
  objectId: string;
  resourceId: string;
  tenantId: string;
}

/**
 * The managed-identity side of an emulator.
 *
 * @example
 * ```ts
 * const identity = emulator.managedIdentity.assign({ systemAssigned: true });
 * const credential = new ManagedIdentityCredential({ env: emulator.managedIdentity.environment('AppService') });
 * ```
 */
export interface EmulatorManagedIdentity {
  /** Assigns an identity to the emulated resource and returns it with its generated ids. */
  assign(assignment?: ManagedIdentityAssignment): AssignedManagedIdentity;
  /** Removes every assigned identity. */
  clear(): void;
  readonly identities: readonly AssignedManagedIdentity[];
  /**
   * The environment variables that point a credential at one source of this emulator. Service Fabric needs
   * the emulator started with `https: true` (its thumbprint is the emulator certificate's).
   */
  environment(source: ManagedIdentitySource): Record<string, string>;
  /** The folder Azure Arc's challenge key files are written to (mode 0600): pass it as `arcTokenDirectory`. */
  readonly arcTokenDirectory: string;
}

interface Identity extends AssignedManagedIdentity {
  roles?: string[];
  tokenLifetimeSeconds?: number;
  refreshInSeconds?: number;
  expiresOnFormat?: ExpiresOnFormat;
}

/** What the emulator hands the managed-identity routes. */
export interface ManagedIdentityHost {
  addRoute(method: 'GET' | 'POST', path: string, name: string, handler: EmulatorRouteHandler): void;
  /** The emulator's base URL. */
  url: string;
  defaultTenantId: string;
  /** The server certificate when the emulator serves HTTPS. */
  certificate?: string;
}

const PATHS: Record<ManagedIdentitySource, string> = {
  IMDS: '/metadata/identity/oauth2/token',
  AppService: '/msi/token',
  ServiceFabric: '/service-fabric/metadata/identity/oauth2/token',
  AzureML: '/azure-ml/msi/token',
  CloudShell: '/cloud-shell/oauth2/token',
  AzureArc: '/azure-arc/metadata/identity/oauth2/token',
};

const DEFAULT_FORMAT: Record<ManagedIdentitySource, ExpiresOnFormat> = {
  IMDS: 'epoch-string',
  AppService: 'epoch-string',
  ServiceFabric: 'epoch-number',
  AzureML: 'us-date',
  CloudShell: 'epoch-string',
  AzureArc: 'epoch-string',
};

function header(ctx: EmulatorRequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Writes an expiry (epoch seconds) in one of the formats the sources use.
 *
 * @example
 * ```ts
 * formatExpiresOn(1579152252, 'us-date-12h'); // '1/16/2020 5:24:12 AM +00:00'
 * ```
 */
export function formatExpiresOn(epochSeconds: number, format: ExpiresOnFormat): string | number | undefined {
  const date = new Date(epochSeconds * 1000);
  const [month, day, year] = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCFullYear()];
  const [hours, minutes, seconds] = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  switch (format) {
    case 'epoch-number':
      return epochSeconds;
    case 'epoch-string':
      return String(epochSeconds);
    case 'iso':
      return date.toISOString();
    case 'us-date':
      return `${pad(month)}/${pad(day)}/${year} ${pad(hours)}:${pad(minutes)}:${pad(seconds)} +00:00`;
    case 'us-date-12h':
      return `${month}/${day}/${year} ${hours % 12 || 12}:${pad(minutes)}:${pad(seconds)} ${hours < 12 ? 'AM' : 'PM'} +00:00`;
    case 'omitted':
      return undefined;
  }
}

// Each source's error shape: IMDS and Cloud Shell answer like Entra, App Service and Azure ML with
// {statusCode, message}, Service Fabric with {error: {code, message}}.
function sourceError(
  source: ManagedIdentitySource,
  status: number,
  code: string,
  message: string,
): EmulatorResponse {
  if (source === 'AppService' || source === 'AzureML')
    return { status, json: { statusCode: status, message } };
  if (source === 'ServiceFabric') return { status, json: { error: { code, message } } };
  return { status, json: { error: code, error_description: message } };
}

/**
 * Adds the managed-identity routes to an emulator and returns the `managedIdentity` handle (plus `close`,
 * which removes the Arc key folder).
 *
 * @example
 * ```ts
 * const managedIdentity = installManagedIdentity({ addRoute: router.add.bind(router), url, defaultTenantId, certificate });
 * ```
 */
export function installManagedIdentity(
  host: ManagedIdentityHost,
): EmulatorManagedIdentity & { close(): void } {
  const identities: Identity[] = [];
  const identityHeader = randomBytes(18).toString('base64url');
  const msiSecret = randomBytes(18).toString('base64url');
  const arcKeys = new Set<string>();
  let arcDirectory: string | undefined;
  const arcFolder = () => {
    arcDirectory ??= mkdtempSync(join(tmpdir(), 'identity-emulator-arc-'));
    return arcDirectory;
  };

  const find = (kind: 'clientId' | 'objectId' | 'resourceId', value: string) =>
    identities.find((identity) => identity[kind].toLowerCase() === value.toLowerCase());

  // The identity a request names with the source's parameters, the system-assigned one when it names none.
  const select = (
    ctx: EmulatorRequestContext,
    parameters: Partial<Record<'clientId' | 'objectId' | 'resourceId', string>>,
  ): Identity | 'ambiguous' | undefined => {
    const named = Object.entries(parameters).filter(([, name]) => name && ctx.query.get(name));
    if (named.length > 1) return 'ambiguous';
    const [kind, name] = named[0] ?? [];
    if (!kind || !name) return identities.find((identity) => identity.systemAssigned);
    return find(kind as 'clientId', ctx.query.get(name) as string);
  };

  const tokenAnswer = (
    ctx: EmulatorRequestContext,
    source: ManagedIdentitySource,
    identity: Identity,
    resource: string,
  ) => {
    ctx.note({ clientId: identity.clientId, tenantId: identity.tenantId });
    const minted = ctx.mintAccessToken({
      tenantId: identity.tenantId,
      clientId: identity.clientId,
      objectId: identity.objectId,
      resource,
      roles: identity.roles,
      lifetimeSeconds: identity.tokenLifetimeSeconds,
      authMethod: 'managed-identity',
      extraClaims: { appid: identity.clientId, xms_mirid: identity.resourceId },
    });
    const issuedAt = minted.expiresOn - minted.expiresIn;
    const json: Record<string, unknown> = {
      access_token: minted.accessToken,
      expires_in: source === 'ServiceFabric' ? undefined : String(minted.expiresIn),
      expires_on: formatExpiresOn(minted.expiresOn, identity.expiresOnFormat ?? DEFAULT_FORMAT[source]),
      not_before: String(issuedAt),
      resource: minted.resource,
      token_type: 'Bearer',
    };
    if (identity.refreshInSeconds !== undefined) json.refresh_in = identity.refreshInSeconds;
    if (source === 'IMDS' || source === 'AppService' || source === 'AzureArc')
      json.client_id = identity.clientId;
    if (source === 'AzureArc')
      Object.assign(json, { object_id: identity.objectId, msi_res_id: identity.resourceId });
    if (source === 'AzureML') json.clientid = identity.clientId;
    return { json };
  };

  // The checks every GET source shares: its secret header, its api-version, a resource, an assigned identity.
  const getRoute =
    (
      source: ManagedIdentitySource,
      apiVersion: string,
      secret: (ctx: EmulatorRequestContext) => EmulatorResponse | undefined,
      parameters: Partial<Record<'clientId' | 'objectId' | 'resourceId', string>>,
    ): EmulatorRouteHandler =>
    (ctx) => {
      const refused = secret(ctx);
      if (refused) return refused;
      const version = ctx.query.get('api-version');
      if (version !== apiVersion) {
        return sourceError(
          source,
          400,
          'invalid_request',
          `api-version '${version ?? ''}' is not supported; use ${apiVersion}.`,
        );
      }
      const resource = ctx.query.get('resource');
      if (!resource)
        return sourceError(source, 400, 'invalid_request', 'Required audience parameter not specified');
      const identity = select(ctx, parameters);
      if (identity === 'ambiguous') {
        return sourceError(
          source,
          400,
          'invalid_request',
          'Only one of client_id, object_id and msi_res_id may be given.',
        );
      }
      if (!identity) return sourceError(source, 400, 'invalid_request', 'Identity not found');
      return tokenAnswer(ctx, source, identity, resource);
    };

  const metadataHeader = (source: ManagedIdentitySource) => (ctx: EmulatorRequestContext) =>
    header(ctx, 'metadata') === 'true'
      ? undefined
      : sourceError(source, 400, 'invalid_request', 'Required metadata header not specified');

  const msiIds = { clientId: 'client_id', objectId: 'object_id', resourceId: 'msi_res_id' };

  host.addRoute('GET', PATHS.IMDS, 'imds', getRoute('IMDS', '2018-02-01', metadataHeader('IMDS'), msiIds));
  host.addRoute(
    'GET',
    PATHS.AppService,
    'app-service',
    getRoute(
      'AppService',
      '2019-08-01',
      (ctx) =>
        header(ctx, 'x-identity-header') === identityHeader
          ? undefined
          : sourceError(
              'AppService',
              401,
              'unauthorized',
              'The X-IDENTITY-HEADER header is missing or not valid.',
            ),
      { clientId: 'client_id', objectId: 'object_id', resourceId: 'mi_res_id' },
    ),
  );
  host.addRoute(
    'GET',
    PATHS.ServiceFabric,
    'service-fabric',
    getRoute(
      'ServiceFabric',
      '2019-07-01-preview',
      (ctx) => {
        const secret = header(ctx, 'secret');
        if (secret === undefined)
          return sourceError(
            'ServiceFabric',
            401,
            'SecretHeaderNotFound',
            'Secret is not found in the request headers.',
          );
        return secret === identityHeader
          ? undefined
          : sourceError(
              'ServiceFabric',
              401,
              'SecretHeaderInvalid',
              'The secret in the request headers is not valid.',
            );
      },
      {},
    ),
  );
  host.addRoute(
    'GET',
    PATHS.AzureML,
    'azure-ml',
    getRoute(
      'AzureML',
      '2017-09-01',
      (ctx) => {
        if (header(ctx, 'metadata') !== 'true')
          return sourceError('AzureML', 400, 'invalid_request', 'Required metadata header not specified');
        return header(ctx, 'secret') === msiSecret
          ? undefined
          : sourceError('AzureML', 401, 'unauthorized', 'The secret header is missing or not valid.');
      },
      { clientId: 'clientid' },
    ),
  );
  host.addRoute('POST', PATHS.CloudShell, 'cloud-shell', (ctx) => {
    const refused = metadataHeader('CloudShell')(ctx);
    if (refused) return refused;
    const resource = ctx.form.get('resource');
    if (!resource)
      return sourceError('CloudShell', 400, 'invalid_request', 'Required audience parameter not specified');
    const identity = identities.find((candidate) => candidate.systemAssigned);
    if (!identity) return sourceError('CloudShell', 400, 'invalid_request', 'Identity not found');
    return tokenAnswer(ctx, 'CloudShell', identity, resource);
  });
  host.addRoute(
    'GET',
    PATHS.AzureArc,
    'azure-arc',
    getRoute(
      'AzureArc',
      '2020-06-01',
      (ctx) => {
        const refused = metadataHeader('AzureArc')(ctx);
        if (refused) return refused;
        const authorization = /^basic (.+)$/i.exec(header(ctx, 'authorization') ?? '')?.[1];
        if (authorization && arcKeys.has(authorization)) return undefined;
        if (authorization) return sourceError('AzureArc', 401, 'invalid_request', 'The key is not valid.');
        // The challenge: a fresh key in a file only the owner can read, named by the realm.
        const key = randomBytes(32).toString('hex');
        const file = join(arcFolder(), `${newGuid()}.key`);
        writeFileSync(file, key, { mode: 0o600 });
        arcKeys.add(key);
        return {
          status: 401,
          headers: { 'www-authenticate': `Basic realm=${file}` },
          json: {
            error: 'unauthorized_client',
            error_description: 'Use the key in the file named by the realm.',
          },
        };
      },
      msiIds,
    ),
  );

  const systemClientId = () => identities.find((identity) => identity.systemAssigned)?.clientId;

  return {
    assign(assignment = {}) {
      const identity: Identity = {
        systemAssigned: assignment.systemAssigned ?? false,
        clientId: assignment.clientId ?? newGuid(),
        objectId: assignment.objectId ?? newGuid(),
        resourceId:
          assignment.resourceId ??
          `/subscriptions/${newGuid()}/resourcegroups/emulator/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity-${identities.length + 1}`,
        tenantId: assignment.tenantId ?? host.defaultTenantId,
        roles: assignment.roles,
        tokenLifetimeSeconds: assignment.tokenLifetimeSeconds,
        refreshInSeconds: assignment.refreshInSeconds,
        expiresOnFormat: assignment.expiresOnFormat,
      };
      if (identity.systemAssigned) {
        const previous = identities.findIndex((candidate) => candidate.systemAssigned);
        if (previous >= 0) identities.splice(previous, 1);
      }
      identities.push(identity);
      const { systemAssigned, clientId, objectId, resourceId, tenantId } = identity;
      return { systemAssigned, clientId, objectId, resourceId, tenantId };
    },
    clear: () => {
      identities.length = 0;
    },
    get identities() {
      return identities.map(({ systemAssigned, clientId, objectId, resourceId, tenantId }) => ({
        systemAssigned,
        clientId,
        objectId,
        resourceId,
        tenantId,
      }));
    },
    get arcTokenDirectory() {
      return arcFolder();
    },
    environment(source): Record<string, string> {
      const url = `${host.url}${PATHS[source]}`;
      switch (source) {
        case 'IMDS':
          return { AZURE_POD_IDENTITY_AUTHORITY_HOST: host.url };
        case 'AppService':
          return { IDENTITY_ENDPOINT: url, IDENTITY_HEADER: identityHeader };
        case 'ServiceFabric': {
          if (!host.certificate) {
            throw new Error('Service Fabric is served over HTTPS: start the emulator with https: true.');
          }
          const der = new X509Certificate(host.certificate).raw;
          const thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
          return {
            IDENTITY_ENDPOINT: url,
            IDENTITY_HEADER: identityHeader,
            IDENTITY_SERVER_THUMBPRINT: thumbprint,
          };
        }
        case 'AzureML': {
          const own = systemClientId();
          return {
            MSI_ENDPOINT: url,
            MSI_SECRET: msiSecret,
            ...(own ? { DEFAULT_IDENTITY_CLIENT_ID: own } : {}),
          };
        }
        case 'CloudShell':
          return { MSI_ENDPOINT: url };
        case 'AzureArc':
          return { IDENTITY_ENDPOINT: url, IMDS_ENDPOINT: `${host.url}/azure-arc` };
        default:
          throw new TypeError(`Unknown managed identity source '${String(source)}'.`);
      }
    },
    close() {
      if (arcDirectory) rmSync(arcDirectory, { recursive: true, force: true });
      arcDirectory = undefined;
    },
  };
}
