// Where the cache files live: MSAL's shared folder (`~/.IdentityService`, `%LOCALAPPDATA%\.IdentityService` on
// Windows), one file per name and CAE mode, as `@azure/identity` names them, so both libraries find each other's.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';

/**
 * The cache name when none is given: MSAL's and `@azure/identity`'s.
 *
 * @example
 * ```ts
 * persistentTokenCache({ name: DEFAULT_CACHE_NAME }); // the same as persistentTokenCache()
 * ```
 */
export const DEFAULT_CACHE_NAME = 'msal.cache';

/**
 * The folder of the shared cache files: `%LOCALAPPDATA%\.IdentityService` on Windows (from `LOCALAPPDATA`, else
 * `APPDATA`'s `Local` sibling, as `@azure/identity-cache-persistence` finds it), else `$HOME/.IdentityService`.
 *
 * @example
 * ```ts
 * cacheDirectory(process.env, 'linux'); // '/home/ada/.IdentityService'
 * ```
 */
export function cacheDirectory(
  env: Record<string, string | undefined> = process.env,
  platform: string = process.platform,
): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || env.APPDATA?.replace(/[\\/]Roaming$/i, '\\Local');
    if (local) return join(local, '.IdentityService');
  }
  return join(env.HOME || homedir(), '.IdentityService');
}

/**
 * Checks a cache name: a file name of letters, digits, `.`, `_` and `-` (no path separator, not `.` or `..`), at
 * most 100 characters.
 *
 * @throws `InvalidArgumentError` naming what is wrong (never repeating the name)
 * @example
 * ```ts
 * checkCacheName('my-cli.cache'); // 'my-cli.cache'
 * ```
 */
export function checkCacheName(name: unknown): string {
  if (typeof name !== 'string' || !/^[\w.-]{1,100}$/.test(name) || /^\.+$/.test(name)) {
    throw new InvalidArgumentError(
      `tokenCachePersistenceOptions.name must be a file name: letters, digits, ".", "_" and "-", no path separator, not "." or "..". ${troubleshooting('cache-persistence')}`,
    );
  }
  return name;
}

/**
 * The two files of a cache, as `@azure/identity` names them: `<name>.nocae` for tokens without Continuous Access
 * Evaluation, `<name>.cae` for those with it (CAE tokens live longer and must not reach an app that cannot answer a
 * claims challenge).
 *
 * @example
 * ```ts
 * cacheFiles('/home/ada/.IdentityService', 'msal.cache').cae; // '/home/ada/.IdentityService/msal.cache.cae'
 * ```
 */
export function cacheFiles(directory: string, name: string): { nocae: string; cae: string } {
  const base = join(directory, checkCacheName(name));
  return { nocae: `${base}.nocae`, cae: `${base}.cae` };
}

/**
 * The file beside a cache where `identity login` keeps the AuthenticationRecord of the account it signed in (the
 * cache's default account): `<name>.authentication-record.json`. It names the account; it holds no secret.
 *
 * @example
 * ```ts
 * authenticationRecordFile('/home/ada/.IdentityService', 'msal.cache');
 * // '/home/ada/.IdentityService/msal.cache.authentication-record.json'
 * ```
 */
export function authenticationRecordFile(directory: string, name: string): string {
  return `${join(directory, checkCacheName(name))}.authentication-record.json`;
}
