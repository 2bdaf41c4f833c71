// Where tokens come from: the sovereign cloud hosts, and the one rule for choosing and checking a host.
import type { Environment } from './environment.js';
import { readVariable } from './environment.js';
import { InvalidArgumentError, troubleshooting } from './errors.js';

/**
 * The Entra ID hosts of the Azure clouds.
 *
 * @example
 * ```ts
 * new ClientSecretCredential(tenantId, clientId, secret, { authorityHost: AzureAuthorityHosts.AzureGovernment });
 * ```
 */
export const AzureAuthorityHosts = {
  /** The public cloud. */
  AzurePublicCloud: 'https://login.microsoftonline.com',
  /** Azure operated by 21Vianet. */
  AzureChina: 'https://login.chinacloudapi.cn',
  /** Azure US Government. */
  AzureGovernment: 'https://login.microsoftonline.us',
  /** Azure Germany, closed since October 2021; kept so old configuration still parses. */
  AzureGermany: 'https://login.microsoftonline.de',
} as const;

/**
 * One of the {@link AzureAuthorityHosts}, as a type (as `@azure/identity`'s enum is).
 *
 * @example
 * ```ts
 * const host: AzureAuthorityHosts = AzureAuthorityHosts.AzureGovernment;
 * ```
 */
export type AzureAuthorityHosts = (typeof AzureAuthorityHosts)[keyof typeof AzureAuthorityHosts];

/**
 * Tells whether a host name is this machine's loopback, the only place plain http is allowed.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  return /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i.test(hostname);
}

/**
 * Chooses the authority host (the option, then `AZURE_AUTHORITY_HOST`, then the public cloud) and checks it:
 * https only, except on loopback; no credentials, query or fragment. Returns it without a trailing slash. The
 * error says which rule is broken, and never repeats a user name or password.
 *
 * @example
 * ```ts
 * resolveAuthorityHost(undefined, { AZURE_AUTHORITY_HOST: 'login.microsoftonline.us' }); // 'https://login.microsoftonline.us'
 * ```
 */
export function resolveAuthorityHost(option: string | undefined, env: Environment): string {
  const chosen =
    option?.trim() || readVariable(env, 'AZURE_AUTHORITY_HOST') || 'https://login.microsoftonline.com';
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `https://${chosen}`);
  } catch {}
  const base = url && url.origin + url.pathname.replace(/\/+$/, '');
  // What is wrong, without repeating the value: it may hold a password.
  const problem = !(url?.protocol === 'http:' ? isLoopbackHost(url.hostname) : url?.protocol === 'https:')
    ? 'must be an https URL (http only on loopback)'
    : url?.username || url?.password
      ? 'must not contain a user name or password'
      : // The URL must be exactly its origin and path.
        url?.href.replace(/\/+$/, '') !== base && 'must not have a query or fragment';
  if (problem)
    throw new InvalidArgumentError(`authorityHost ${problem}. ${troubleshooting('authority-host')}`);
  return base as string;
}
