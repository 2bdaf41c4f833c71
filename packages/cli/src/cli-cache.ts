// The persistent token cache the account commands (`identity login`, `logout`, `accounts`, and doctor's cache
// section) work on: its name and folder from the flags and the environment, and the protection it is opened with.
// A cache that exists is always opened the way it was written (encrypted or in clear, seen from the files' first
// bytes): opening it the other way would make the cache set its files aside as unreadable.
import { isAbsolute, resolve } from 'node:path';
import type { PersistentTokenCache } from '@identity/cache-persistence';
import { cacheDirectory, DEFAULT_CACHE_NAME, persistentTokenCache } from '@identity/cache-persistence';
import type { TokenCacheInspection } from '@identity/cache-persistence/internal';
import { inspectTokenCache } from '@identity/cache-persistence/internal';
import type { AuthenticationRecord, UserAccount } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { CliUsageError } from './cli-io.js';

/**
 * The environment variable that points the account commands at another cache folder (tests, a second profile).
 *
 * @example
 * ```ts
 * await runCli(['accounts'], { ...io, env: { ...io.env, [CACHE_DIRECTORY_VARIABLE]: '/tmp/identity-cache' } });
 * ```
 */
export const CACHE_DIRECTORY_VARIABLE = 'IDENTITY_CACHE_DIRECTORY';

/** The flags every account command takes to choose its cache (for `parseCommandArgs`). */
export const CACHE_FLAGS = {
  'cache-name': { type: 'string' },
  'cache-directory': { type: 'string' },
} as const;

/** Which cache: its name and folder. */
export interface CliCacheLocation {
  name: string;
  directory: string;
}

/**
 * The cache the flags and the environment name: `--cache-name` (default `msal.cache`, the shared cache
 * DefaultAzureCredential reads), `--cache-directory`, else `IDENTITY_CACHE_DIRECTORY`, else the platform's folder
 * (`~/.IdentityService`). A relative folder is taken from the working directory.
 *
 * @throws `CliUsageError` for a name that is not a plain file name, or an empty folder
 * @example
 * ```ts
 * const { name, directory } = cacheLocation('accounts', flags, io.env);
 * ```
 */
export function cacheLocation(
  command: string,
  flags: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): CliCacheLocation {
  const name = (flags['cache-name'] as string | undefined) ?? DEFAULT_CACHE_NAME;
  if (!/^[\w.-]{1,100}$/.test(name) || /^\.+$/.test(name)) {
    throw new CliUsageError(
      '--cache-name must be a file name: letters, digits, ".", "_" and "-" (at most 100), not "." or ".."',
      command,
    );
  }
  const given = (flags['cache-directory'] as string | undefined) ?? env[CACHE_DIRECTORY_VARIABLE];
  if (given !== undefined && (given.trim() === '' || given.includes('\0'))) {
    throw new CliUsageError(`--cache-directory (or ${CACHE_DIRECTORY_VARIABLE}) must be a folder`, command);
  }
  const directory =
    given === undefined ? cacheDirectory(env) : isAbsolute(given) ? given : resolve(cwd, given);
  return { name, directory };
}

/** How a cache's files are kept: no file yet, all encrypted, all in clear, or some of each. */
export type CacheStorage = 'none' | 'encrypted' | 'unencrypted' | 'mixed';

/**
 * Opens the cache at `location` to read or change what it holds, with the protection its files were written with.
 *
 * @example
 * ```ts
 * const { cache, storage } = await openExistingCache(location, { keyringTimeoutInMs: 3_000 });
 * if (storage !== 'none') console.log(await cache.accounts.list());
 * ```
 */
export async function openExistingCache(
  location: CliCacheLocation,
  options: { keyringTimeoutInMs?: number } = {},
): Promise<{ cache: PersistentTokenCache; storage: CacheStorage }> {
  // The files are looked at through an unencrypted handle: looking never opens them.
  const probe = openCache(location, true, options);
  const storage = storageOf(await probe.files());
  return { cache: storage === 'encrypted' ? openCache(location, false, options) : probe, storage };
}

/**
 * The cache at `location`, encrypted with the OS secret store unless `unencrypted`.
 *
 * @example
 * ```ts
 * const cache = openCache(location, flags.unencrypted === true);
 * ```
 */
export function openCache(
  location: CliCacheLocation,
  unencrypted: boolean,
  options: { keyringTimeoutInMs?: number } = {},
): PersistentTokenCache {
  return persistentTokenCache({
    name: location.name,
    directory: location.directory,
    unsafeAllowUnencryptedStorage: unencrypted,
    keyringTimeoutInMs: options.keyringTimeoutInMs,
  });
}

/**
 * How the files of a cache are kept, from {@link PersistentTokenCache.files}.
 *
 * @example
 * ```ts
 * storageOf(await cache.files()); // 'encrypted'
 * ```
 */
export function storageOf(files: Record<string, { exists: boolean; encrypted?: boolean }>): CacheStorage {
  const kinds = new Set(
    Object.values(files)
      .filter((file) => file.exists)
      .map((file) => (file.encrypted ? 'encrypted' : 'unencrypted')),
  );
  if (kinds.size === 0) return 'none';
  return kinds.size > 1 ? 'mixed' : ([...kinds][0] as CacheStorage);
}

/**
 * What to say when the cache's files are of both kinds: the tool refuses to open them rather than set one aside.
 *
 * @example
 * ```ts
 * if (storage === 'mixed') io.stderr.write(`identity accounts: ${mixedStorageMessage(cache)}\n`);
 * ```
 */
export function mixedStorageMessage(cache: { paths: { nocae: string; cae: string } }): string {
  return `the cache's files are of two kinds, one encrypted and one in clear (${cache.paths.nocae}, ${cache.paths.cae}); identity leaves them alone. Delete the one you no longer need (and the other's accounts sign in again).`;
}

/**
 * The first sentence of a secret store's error (without the library's option name), then what to do: for a new
 * sign-in (`forLogin`), `--unencrypted` or a secret store; for a cache that exists encrypted, its store.
 *
 * @example
 * ```ts
 * io.stderr.write(`identity login: ${noSecretStoreMessage(error, true)}\n`);
 * ```
 */
export function noSecretStoreMessage(error: unknown, forLogin: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/^Token cache persistence:\s*/, '').split(/(?<=\.)\s/)[0] ?? message;
  const anchor = /TROUBLESHOOTING\.md#([\w-]+)/.exec(message)?.[1] ?? 'cache-persistence-no-secret-store';
  const advice = forLogin
    ? "Pass --unencrypted to keep the cache in clear instead (MSAL's JSON, mode 0600: readable by anything that runs as you), or start or unlock a secret store."
    : 'The cache is encrypted with a key kept there: start or unlock that secret store, and try again.';
  return `${reason} ${advice} ${troubleshooting(anchor)}`;
}

/**
 * Opens an existing cache to read or change its accounts: with the protection its files were written with, the
 * secret store's key loaded when they are encrypted. Answers `problem` (what to tell the user) when it cannot be.
 *
 * @example
 * ```ts
 * const opened = await openCacheToRead(location);
 * if ('problem' in opened) io.stderr.write(`identity accounts: ${opened.problem}\n`);
 * ```
 */
export async function openCacheToRead(
  location: CliCacheLocation,
  options: { keyringTimeoutInMs?: number } = {},
): Promise<{ cache: PersistentTokenCache; storage: CacheStorage } | { problem: string }> {
  const { cache, storage } = await openExistingCache(location, options);
  if (storage === 'mixed') return { problem: mixedStorageMessage(cache) };
  if (storage === 'encrypted') {
    try {
      await cache.protection();
    } catch (error) {
      return { problem: noSecretStoreMessage(error, false) };
    }
  }
  return { cache, storage };
}

/**
 * Looks at the cache at `location` and changes nothing (no folder, lock file, moved file, narrowed mode or new key
 * in the secret store): its accounts and default account, and `problems`, one line for each file that does not
 * open (what is wrong, and the troubleshooting entry). Answers `problem` when nothing can be read: files of both
 * kinds, or an encrypted cache whose secret store is unavailable.
 *
 * @example
 * ```ts
 * const looked = await lookAtCache(location);
 * if (!('problem' in looked)) for (const line of looked.problems) io.stderr.write(`identity accounts: ${line}\n`);
 * ```
 */
export async function lookAtCache(
  location: CliCacheLocation,
): Promise<{ inspection: TokenCacheInspection; problems: string[] } | { problem: string }> {
  const inspection = await inspectTokenCache(location);
  if (storageOf(inspection.files) === 'mixed') return { problem: mixedStorageMessage(inspection) };
  const { protection } = inspection;
  if (protection.state === 'unavailable') {
    return { problem: noSecretStoreMessage(new Error(protection.message), false) };
  }
  // A message names the file and says why, never quoting it (no token, no control character from the file).
  const problems = inspection.problems.map(
    (problem) => `${problem.message} Troubleshooting: ${problem.guide}`,
  );
  return { inspection, problems };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Whether an account is the one a record names (same home account, client and cloud).
 *
 * @example
 * ```ts
 * accounts.filter((account) => namedBy(account, record));
 * ```
 */
export function namedBy(account: UserAccount, record: AuthenticationRecord | undefined): boolean {
  return (
    !!record &&
    same(account.homeAccountId, record.homeAccountId) &&
    same(account.clientId, record.clientId) &&
    same(account.authority, record.authority)
  );
}
