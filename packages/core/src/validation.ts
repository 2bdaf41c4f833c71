// Checks on every value that reaches a URL, a request body or a subprocess, made before anything is sent.
import { InvalidArgumentError, troubleshooting } from './errors.js';

/**
 * Checks a tenant id as Entra ID reads one: a GUID or a domain-like name, that is labels of letters, digits and
 * hyphens, none starting or ending with a hyphen, separated by single dots (`contoso.onmicrosoft.com`, and the
 * one-label `common`, `organizations`, `consumers`, `adfs`). Nothing else reaches a URL path or a command line:
 * not `.` or `..`, which a URL would resolve away, nor a leading `-`, which a tool would read as an option.
 *
 * @example
 * ```ts
 * validateTenantId('ClientSecretCredential', tenantId);
 * ```
 */
export function validateTenantId(credentialName: string, tenantId: unknown, what = 'tenantId'): string {
  if (
    typeof tenantId !== 'string' ||
    !/^[0-9a-zA-Z.-]{1,256}$/.test(tenantId) ||
    // An empty label (a leading, trailing or doubled dot), or one that starts or ends with a hyphen.
    /(^|\.)($|[.-])|-(\.|$)/.test(tenantId)
  ) {
    throw new InvalidArgumentError(
      `${credentialName}: ${what} ${describe(tenantId)}. ${troubleshooting('tenant-id')}`,
    );
  }
  return tenantId;
}

/**
 * Checks a client (application) id: not empty, no spaces or characters a URL would need to escape.
 *
 * @example
 * ```ts
 * validateClientId('ClientSecretCredential', clientId);
 * ```
 */
export function validateClientId(credentialName: string, clientId: unknown, what = 'clientId'): string {
  if (typeof clientId !== 'string' || !/^[0-9a-zA-Z._:/-]{1,256}$/.test(clientId)) {
    throw new InvalidArgumentError(
      `${credentialName}: ${what} ${describe(clientId)}. ${troubleshooting('client-id')}`,
    );
  }
  return clientId;
}

/**
 * Normalises `getToken`'s scopes to a non-empty array and checks each one.
 *
 * @example
 * ```ts
 * const scopes = validateScopes('ClientSecretCredential', 'https://vault.azure.net/.default');
 * ```
 */
export function validateScopes(credentialName: string, scopes: string | string[]): string[] {
  const list = [scopes].flat();
  // By index, so an `undefined` in the list is caught too; an empty list is reported like a missing scope.
  // Scopes go into form bodies; what a token service accepts has no spaces or control characters.
  const bad = list.findIndex((scope) => typeof scope !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(scope));
  if (bad >= 0 || !list.length) {
    throw new InvalidArgumentError(
      `${credentialName}: scope ${describe(list[bad])}. ${troubleshooting('scopes')}`,
    );
  }
  return list;
}

/**
 * The strict check for scopes that become arguments of a subprocess (`az`, `azd`, `pwsh`): letters, digits and
 * `. _ : / -` only, so nothing can be read as a flag or a shell metacharacter.
 *
 * @example
 * ```ts
 * validateProcessSafeScope('AzureCliCredential', scope);
 * ```
 */
export function validateProcessSafeScope(credentialName: string, scope: unknown): string {
  // Scopes that reach a subprocess's arguments (the developer-tool credentials) are held to a strict allow-list;
  // the type first, since the pattern would read `123` or `null` as text.
  if (typeof scope !== 'string' || !/^(?!-)[0-9a-zA-Z._:/-]{1,1024}$/.test(scope)) {
    throw new InvalidArgumentError(
      `${credentialName}: scope ${describe(scope)}; only letters, digits, ".", "_", ":", "/" and "-" are allowed here. ${troubleshooting('scopes')}`,
    );
  }
  return scope;
}

/**
 * The resource a `/.default` scope stands for, as managed identity and the Azure CLI want it.
 *
 * @example
 * ```ts
 * scopeToResource('https://vault.azure.net/.default'); // 'https://vault.azure.net'
 * ```
 */
export function scopeToResource(scope: string): string {
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}

/**
 * What is wrong with a value, shown without control characters, cut to 80: the middle of every such message.
 * @example describe('a\nb'); // '"a?b" is not valid'
 */
export function describe(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) return 'is missing';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced.
  return `"${value.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 80)}" is not valid`;
}
