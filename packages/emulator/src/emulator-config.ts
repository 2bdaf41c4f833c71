// Validation of the configuration file (CLI `--config`) and of `startEmulator({ config })`.
import type { AppRegistration, EmulatorConfig } from './emulator-types.js';

/**
 * Thrown for a configuration that does not have the documented shape; the message names the field.
 *
 * @example
 * ```ts
 * try { validateEmulatorConfig({ apps: 'x' }); } catch (e) { e.message; } // 'config.apps must be an array.'
 * ```
 */
export class EmulatorConfigError extends Error {
  override readonly name = 'EmulatorConfigError';
}

const APP_FIELDS: Record<keyof AppRegistration, 'string' | 'strings' | 'boolean' | 'seconds' | 'federated'> =
  {
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
  };

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

function checkApp(app: unknown, where: string): void {
  if (!isObject(app)) throw new EmulatorConfigError(`${where} must be an object.`);
  for (const [key, value] of Object.entries(app)) {
    const kind = APP_FIELDS[key as keyof AppRegistration];
    const at = `${where}.${key}`;
    if (kind === undefined) {
      throw new EmulatorConfigError(
        `${where} has an unknown field '${key}' (expected ${Object.keys(APP_FIELDS).join(', ')}).`,
      );
    }
    if (kind === 'string' && (typeof value !== 'string' || value === '')) {
      throw new EmulatorConfigError(`${at} must be a non-empty string.`);
    }
    if (kind === 'boolean' && typeof value !== 'boolean')
      throw new EmulatorConfigError(`${at} must be true or false.`);
    if (kind === 'seconds' && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new EmulatorConfigError(`${at} must be a positive number of seconds.`);
    }
    if (kind === 'strings') checkStrings(value, at);
    if (kind === 'federated') checkFederated(value, at);
  }
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
    throw new EmulatorConfigError(`${source} must be a JSON object with optional "tenants" and "apps".`);
  for (const key of Object.keys(value)) {
    if (key !== 'tenants' && key !== 'apps') {
      throw new EmulatorConfigError(`${source} has an unknown field '${key}' (expected tenants, apps).`);
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
  if (value.apps !== undefined) {
    if (!Array.isArray(value.apps)) throw new EmulatorConfigError(`${source}.apps must be an array.`);
    value.apps.forEach((app, index) => {
      checkApp(app, `${source}.apps[${index}]`);
    });
  }
  return value as EmulatorConfig;
}
