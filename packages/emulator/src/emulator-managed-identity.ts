// The managed-identity side of the emulator: the identities assigned to the emulated resource, and one
// handler that serves every hosting source's endpoint from its row in EMULATED_SOURCES (its secret check, its
// api-version, the parameters that name an identity, its answer and error shapes). `environment(source)`
// returns the variables that point a credential at one source.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newGuid } from './emulator-encoding.js';
import type {
  EmulatedSource,
  ExpiresOnFormat,
  IdentityParameters,
  ManagedIdentitySource,
  SourceSecrets,
} from './emulator-managed-identity-sources.js';
import { EMULATED_SOURCES } from './emulator-managed-identity-sources.js';
import type {
  EmulatorRequestContext,
  EmulatorResponse,
  EmulatorRouteHandler,
  ManagedIdentityAssignment,
} from './emulator-types.js';

export type { ExpiresOnFormat, ManagedIdentitySource } from './emulator-managed-identity-sources.js';

/**
 * An identity assigned to the emulated resource.
 *
 * @example
 * ```ts
 * const { clientId, objectId, resourceId, tenantId } = emulator.managedIdentity.assign();
 * ```
 */
export interface AssignedManagedIdentity {
  /** Whether it is the system-assigned identity. */
  systemAssigned: boolean;
  /** Its client id. */
  clientId: string;
  /** Its principal (object) id. */
  objectId: string;
  /** Its Azure resource id. */
  resourceId: string;
  /** Its tenant. */
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
  /** The identities assigned so far. */
  readonly identities: readonly AssignedManagedIdentity[];
  /**
   * The environment variables that point a credential at one source of this emulator. Service Fabric needs
   * the emulator started with `https: true` (its thumbprint is the emulator certificate's).
   */
  environment(source: ManagedIdentitySource): Record<string, string>;
  /**
   * The variables of every source this emulator serves, by source: all of them, Service Fabric only over
   * HTTPS (Azure Arc also needs `arcTokenDirectory`).
   */
  environments(): Partial<Record<ManagedIdentitySource, Record<string, string>>>;
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

// An error in the source's shape: IMDS, Cloud Shell and Arc answer like Entra, App Service and Azure ML with
// {statusCode, message}, Service Fabric with {error: {code, message}}.
function sourceError(
  source: EmulatedSource,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): EmulatorResponse {
  const json =
    source.errors === 'status-message'
      ? { statusCode: status, message }
      : source.errors === 'code-message'
        ? { error: { code, message } }
        : { error: code, error_description: message };
  return { status, headers, json };
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
  const arcKeys = new Set<string>();
  let arcDirectory: string | undefined;
  const arcFolder = () => {
    arcDirectory ??= mkdtempSync(join(tmpdir(), 'identity-emulator-arc-'));
    return arcDirectory;
  };
  const secrets: SourceSecrets = {
    identityHeader: randomBytes(18).toString('base64url'),
    msiSecret: randomBytes(18).toString('base64url'),
    arcKey: (key) => arcKeys.has(key),
    arcChallenge: () => {
      const key = randomBytes(32).toString('hex');
      const file = join(arcFolder(), `${newGuid()}.key`);
      writeFileSync(file, key, { mode: 0o600 });
      arcKeys.add(key);
      return file;
    },
  };
  const systemAssigned = () => identities.find((identity) => identity.systemAssigned);

  // The identity a request names with the source's parameters, the system-assigned one when it names none.
  const select = (
    ctx: EmulatorRequestContext,
    ids: IdentityParameters,
  ): Identity | 'ambiguous' | undefined => {
    const named = Object.entries(ids).filter(([, name]) => ctx.query.get(name));
    if (named.length > 1) return 'ambiguous';
    const [kind, name] = named[0] ?? [];
    if (!kind || !name) return systemAssigned();
    const value = (ctx.query.get(name) as string).toLowerCase();
    return identities.find((identity) => identity[kind as keyof IdentityParameters].toLowerCase() === value);
  };

  const tokenAnswer = (
    ctx: EmulatorRequestContext,
    source: EmulatedSource,
    identity: Identity,
    resource: string,
  ): EmulatorResponse => {
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
    const { expiresOn, expiresIn, echo } = source.answer;
    const json: Record<string, unknown> = {
      access_token: minted.accessToken,
      expires_in: expiresIn ? String(minted.expiresIn) : undefined,
      expires_on: formatExpiresOn(minted.expiresOn, identity.expiresOnFormat ?? expiresOn),
      not_before: String(minted.expiresOn - minted.expiresIn),
      resource: minted.resource,
      token_type: 'Bearer',
    };
    if (identity.refreshInSeconds !== undefined) json.refresh_in = identity.refreshInSeconds;
    for (const [kind, name] of Object.entries(echo)) json[name] = identity[kind as keyof IdentityParameters];
    return { json };
  };

  // Every source's checks, in the order the real services make them: the secret or header, the api-version,
  // a resource, then an identity that is assigned.
  const handler =
    (source: EmulatedSource): EmulatorRouteHandler =>
    (ctx) => {
      const refused = source.checkSecret({ header: (name) => header(ctx, name), secrets });
      if (refused) return sourceError(source, refused.status, refused.code, refused.message, refused.headers);
      const version = ctx.query.get('api-version');
      if (source.apiVersion && version !== source.apiVersion) {
        return sourceError(
          source,
          400,
          'invalid_request',
          `api-version '${version ?? ''}' is not supported; use ${source.apiVersion}.`,
        );
      }
      const resource = (source.method === 'POST' ? ctx.form : ctx.query).get('resource');
      if (!resource)
        return sourceError(source, 400, 'invalid_request', 'Required audience parameter not specified');
      const identity = select(ctx, source.ids);
      if (identity === 'ambiguous') {
        const names = Object.values(source.ids).join(', ');
        return sourceError(source, 400, 'invalid_request', `Only one of ${names} may be given.`);
      }
      if (!identity) return sourceError(source, 400, 'invalid_request', 'Identity not found');
      // The endpoints take a resource, not a scope: Entra finds no resource principal named `…/.default`, so a
      // credential that forgets to strip the suffix fails here as it would in Azure.
      if (/\/\.default$/i.test(resource)) {
        return sourceError(
          source,
          400,
          'invalid_resource',
          `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${identity.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
        );
      }
      return tokenAnswer(ctx, source, identity, resource);
    };

  for (const source of Object.values(EMULATED_SOURCES)) {
    host.addRoute(source.method, source.path, source.route, handler(source));
  }

  const environment = (source: ManagedIdentitySource): Record<string, string> => {
    const emulated = EMULATED_SOURCES[source] as EmulatedSource | undefined;
    if (!emulated) throw new TypeError(`Unknown managed identity source '${String(source)}'.`);
    return emulated.environment({
      url: host.url,
      endpoint: `${host.url}${emulated.path}`,
      secrets,
      certificate: host.certificate,
      systemClientId: systemAssigned()?.clientId,
    });
  };

  return {
    assign(assignment = {}) {
      // Every id is matched against request parameters and written into tokens: strings, or generated.
      for (const name of ['clientId', 'objectId', 'resourceId'] as const) {
        const value = assignment[name];
        if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
          throw new TypeError(`managedIdentity.assign: ${name} must be a non-empty string.`);
        }
      }
      if (assignment.tenantId !== undefined && !/^[0-9a-zA-Z.-]+$/.test(String(assignment.tenantId))) {
        throw new TypeError(
          `managedIdentity.assign: invalid tenantId '${assignment.tenantId}': only letters, digits, '-' and '.' are allowed.`,
        );
      }
      for (const name of ['tokenLifetimeSeconds', 'refreshInSeconds'] as const) {
        const value = assignment[name];
        if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
          throw new TypeError(`managedIdentity.assign: ${name} must be a positive number of seconds.`);
        }
      }
      const identity: Identity = {
        systemAssigned: assignment.systemAssigned ?? false,
        clientId: assignment.clientId ?? newGuid(),
        objectId: assignment.objectId ?? newGuid(),
        resourceId:
          assignment.resourceId ??
          `/subscriptions/${newGuid()}/resourcegroups/emulator/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity-${identities.length + 1}`,
        tenantId: assignment.tenantId?.toLowerCase() ?? host.defaultTenantId,
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
    environment,
    environments() {
      const sources = (Object.keys(EMULATED_SOURCES) as ManagedIdentitySource[]).filter(
        (source) => source !== 'ServiceFabric' || host.certificate !== undefined,
      );
      return Object.fromEntries(sources.map((source) => [source, environment(source)]));
    },
    close() {
      if (arcDirectory) rmSync(arcDirectory, { recursive: true, force: true });
      arcDirectory = undefined;
    },
  };
}
