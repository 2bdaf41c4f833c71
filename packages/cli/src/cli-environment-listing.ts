// The variables that decide what the default chain does, as `identity doctor` shows them: secrets are never
// shown, only that they are set; other values pass through the shared redactor (and lose a URL's user name and
// password), have their control characters escaped, and are shortened.
import { redactSecrets } from '@identity/core/internal';
import { printable } from './cli-printable.js';

/**
 * Every variable the default chain's members read, grouped in chain order.
 *
 * @example
 * ```ts
 * RELEVANT_VARIABLES.includes('AZURE_CLIENT_ID'); // true
 * ```
 */
export const RELEVANT_VARIABLES = [
  'AZURE_TOKEN_CREDENTIALS',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN',
  'AZURE_USERNAME',
  'AZURE_PASSWORD',
  'AZURE_AUTHORITY_HOST',
  'AZURE_ADDITIONALLY_ALLOWED_TENANTS',
  'AZURE_IDENTITY_DISABLE_MULTITENANTAUTH',
  'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_KUBERNETES_TOKEN_PROXY',
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'IDENTITY_SERVER_THUMBPRINT',
  'IMDS_ENDPOINT',
  'MSI_ENDPOINT',
  'MSI_SECRET',
  'DEFAULT_IDENTITY_CLIENT_ID',
  'AZURE_POD_IDENTITY_AUTHORITY_HOST',
] as const;

/**
 * The variables whose values are secrets: shown as `set (redacted)`.
 *
 * @example
 * ```ts
 * SECRET_VARIABLES.has('MSI_SECRET'); // true
 * ```
 */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'AZURE_CLIENT_SECRET',
  'AZURE_PASSWORD',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'IDENTITY_HEADER',
  'MSI_SECRET',
]);

const MAX_SHOWN = 120;

/**
 * How one variable is shown: `not set`, `set (redacted)` for a secret, or its value (redacted, a URL's user name and
 * password too, its control characters escaped, shortened).
 *
 * @example
 * ```ts
 * describeVariable('AZURE_CLIENT_SECRET', 'abc'); // 'set (redacted)'
 * ```
 */
export function describeVariable(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') return 'not set';
  if (SECRET_VARIABLES.has(name)) return 'set (redacted)';
  // A URL's user name and password (a proxy's, say) are secrets too; control characters are shown, never run.
  const shown = printable(redactSecrets(value.trim()).replace(/\/\/[^/@\s]*@/g, '//[redacted]@'));
  return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown;
}

/**
 * The relevant variables and how each is shown, in order.
 *
 * @example
 * ```ts
 * for (const { name, shown } of listEnvironment(process.env)) console.log(name, shown);
 * ```
 */
export function listEnvironment(env: Readonly<Record<string, string | undefined>>): {
  /** The variable's name. */
  name: string;
  /** How it is shown (see {@link describeVariable}): `not set`, `set (redacted)` for a secret, or its value. */
  shown: string;
}[] {
  return RELEVANT_VARIABLES.map((name) => ({ name, shown: describeVariable(name, env[name]) }));
}
