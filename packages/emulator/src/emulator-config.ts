// Validation of the configuration file (CLI `--config`) and of `startEmulator({ config })`.
import type { ExpiresOnFormat } from './emulator-managed-identity.js';
import type {
  AppRegistration,
  ConsentGrant,
  EmulatorConfig,
  ManagedIdentityAssignment,
  PipelineRegistration,
  UserRegistration,
} from './emulator-types.js';

/**
 * Thrown for a configuration that does not have the documented shape; the message names the field.
 *
 * @example
 * ```ts
 * try { validateEmulatorConfig({ apps: 'x' }); } catch (e) { e.message; } // 'config.apps must be an array.'
 * ```
 */
export class EmulatorConfigError extends Error {
  /** `'EmulatorConfigError'`. */
  override readonly name = 'EmulatorConfigError';
}

type FieldKind =
  | 'string'
  | 'strings'
  | 'string-or-strings'
  | 'boolean'
  | 'seconds'
  | 'federated'
  | 'token-version'
  | 'expires-on-format';

const APP_FIELDS: Record<keyof AppRegistration, FieldKind> = {
  tenantId: 'string',
  clientId: 'string',
  clientSecret: 'string',
  certificates: 'strings',
  federatedCredentials: 'federated',
  roles: 'strings',
  displayName: 'string',
  tokenLifetimeSeconds: 'seconds',
  expiresInAsString: 'boolean',
  refreshInSeconds: 'seconds',
  publicClient: 'boolean',
  redirectUris: 'strings',
  spaRedirectUris: 'strings',
  multiTenant: 'boolean',
  adminConsent: 'boolean',
  refreshTokenLifetimeSeconds: 'seconds',
  familyId: 'string',
  accessTokenAcceptedVersion: 'token-version',
};

const USER_FIELDS: Record<keyof UserRegistration, FieldKind> = {
  tenantId: 'string',
  username: 'string',
  password: 'string',
  oid: 'string',
  name: 'string',
  mfaRequired: 'boolean',
  guestTenants: 'strings',
};

const MANAGED_IDENTITY_FIELDS: Record<keyof ManagedIdentityAssignment, FieldKind> = {
  systemAssigned: 'boolean',
  clientId: 'string',
  objectId: 'string',
  resourceId: 'string',
  tenantId: 'string',
  roles: 'strings',
  tokenLifetimeSeconds: 'seconds',
  refreshInSeconds: 'seconds',
  expiresOnFormat: 'expires-on-format',
};

const PIPELINE_FIELDS: Record<keyof PipelineRegistration, FieldKind> = {
  systemAccessToken: 'string',
  serviceConnectionId: 'string',
  subject: 'string',
  organization: 'string',
  project: 'string',
};

const CONSENT_FIELDS: Record<keyof ConsentGrant, FieldKind> = {
  tenantId: 'string',
  username: 'string',
  clientId: 'string',
  scopes: 'string-or-strings',
};

// The lists of the file: the fields of each entry, and the fields an entry must have.
const LISTS: Record<string, { fields: Record<string, FieldKind>; required: string[] }> = {
  apps: { fields: APP_FIELDS, required: [] },
  users: { fields: USER_FIELDS, required: ['username', 'password'] },
  managedIdentities: { fields: MANAGED_IDENTITY_FIELDS, required: [] },
  pipelines: { fields: PIPELINE_FIELDS, required: ['systemAccessToken', 'serviceConnectionId'] },
  consents: { fields: CONSENT_FIELDS, required: ['username', 'clientId', 'scopes'] },
};

// The settings of the file, which `startEmulator`'s options of the same names override.
const SETTINGS: Record<string, FieldKind> = {
  corsOrigins: 'strings',
  hostNames: 'strings',
  rejectAssertionReplay: 'boolean',
  deviceCodeLifetimeSeconds: 'seconds',
  deviceCodeIntervalSeconds: 'seconds',
};

const TOP_LEVEL_FIELDS = ['tenants', ...Object.keys(LISTS), ...Object.keys(SETTINGS)];
const EXPIRES_ON_FORMATS: readonly ExpiresOnFormat[] = [
  'epoch-number',
  'epoch-string',
  'iso',
  'us-date',
  'us-date-12h',
  'omitted',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkStrings(value: unknown, where: string): void {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length === 0)) {
    throw new EmulatorConfigError(`${where} must be an array of non-empty strings.`);
  }
}

function checkFederated(value: unknown, where: string): void {
  if (!Array.isArray(value)) throw new EmulatorConfigError(`${where} must be an array.`);
  value.forEach((credential, index) => {
    const at = `${where}[${index}]`;
    if (!isObject(credential)) throw new EmulatorConfigError(`${at} must be an object.`);
    for (const key of Object.keys(credential)) {
      if (!['issuer', 'subject', 'audience'].includes(key)) {
        throw new EmulatorConfigError(
          `${at} has an unknown field '${key}' (expected issuer, subject, audience).`,
        );
      }
    }
    for (const key of ['issuer', 'subject'] as const) {
      if (typeof credential[key] !== 'string' || credential[key] === '') {
        throw new EmulatorConfigError(`${at}.${key} must be a non-empty string.`);
      }
    }
    if (credential.audience !== undefined && typeof credential.audience !== 'string') {
      throw new EmulatorConfigError(`${at}.audience must be a string.`);
    }
  });
}

function checkField(kind: FieldKind, value: unknown, at: string): void {
  if (kind === 'string' && (typeof value !== 'string' || value === '')) {
    throw new EmulatorConfigError(`${at} must be a non-empty string.`);
  }
  if (kind === 'boolean' && typeof value !== 'boolean')
    throw new EmulatorConfigError(`${at} must be true or false.`);
  if (kind === 'seconds' && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new EmulatorConfigError(`${at} must be a positive number of seconds.`);
  }
  if (kind === 'token-version' && value !== 1 && value !== 2)
    throw new EmulatorConfigError(`${at} must be 1 or 2.`);
  if (kind === 'expires-on-format' && !EXPIRES_ON_FORMATS.includes(value as ExpiresOnFormat)) {
    throw new EmulatorConfigError(`${at} must be one of ${EXPIRES_ON_FORMATS.join(', ')}.`);
  }
  if (kind === 'strings') checkStrings(value, at);
  if (kind === 'string-or-strings' && !(typeof value === 'string' && value !== '')) checkStrings(value, at);
  if (kind === 'federated') checkFederated(value, at);
}

function checkRecord(record: unknown, where: string, fields: Record<string, FieldKind>): void {
  if (!isObject(record)) throw new EmulatorConfigError(`${where} must be an object.`);
  for (const [key, value] of Object.entries(record)) {
    const kind = fields[key];
    if (kind === undefined) {
      throw new EmulatorConfigError(
        `${where} has an unknown field '${key}' (expected ${Object.keys(fields).join(', ')}).`,
      );
    }
    checkField(kind, value, `${where}.${key}`);
  }
}

function checkList(
  value: unknown,
  where: string,
  fields: Record<string, FieldKind>,
  required: string[],
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new EmulatorConfigError(`${where} must be an array.`);
  value.forEach((record, index) => {
    const at = `${where}[${index}]`;
    checkRecord(record, at, fields);
    for (const key of required) {
      if ((record as Record<string, unknown>)[key] === undefined) {
        throw new EmulatorConfigError(`${at}.${key} is required.`);
      }
    }
  });
}

/**
 * Checks that a value is an {@link EmulatorConfig} and returns it typed; throws {@link EmulatorConfigError}
 * naming the first wrong field.
 *
 * @example
 * ```ts
 * const config = validateEmulatorConfig(JSON.parse(readFileSync('emulator.json', 'utf8')));
 * ```
 */
export function validateEmulatorConfig(value: unknown, source = 'config'): EmulatorConfig {
  if (!isObject(value))
    throw new EmulatorConfigError(
      `${source} must be a JSON object with optional ${TOP_LEVEL_FIELDS.map((f) => `"${f}"`).join(', ')}.`,
    );
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL_FIELDS.includes(key)) {
      throw new EmulatorConfigError(
        `${source} has an unknown field '${key}' (expected ${TOP_LEVEL_FIELDS.join(', ')}).`,
      );
    }
  }
  if (value.tenants !== undefined) {
    checkStrings(value.tenants, `${source}.tenants`);
    for (const tenant of value.tenants as string[]) {
      if (!/^[0-9a-zA-Z.-]+$/.test(tenant)) {
        throw new EmulatorConfigError(`${source}.tenants has an invalid tenant id '${tenant}'.`);
      }
    }
  }
  for (const [name, list] of Object.entries(LISTS)) {
    checkList(value[name], `${source}.${name}`, list.fields, list.required);
  }
  for (const [name, kind] of Object.entries(SETTINGS)) {
    if (value[name] !== undefined) checkField(kind, value[name], `${source}.${name}`);
  }
  return value as EmulatorConfig;
}
