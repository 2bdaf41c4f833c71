// `identity token` gets tokens as the account `identity login` signed in. A CLI user cannot add the line an app adds
// (`useIdentityPlugin(cachePersistencePlugin)`), so the CLI registers the persistence for its run: the cache login
// wrote, in its folder (IDENTITY_CACHE_DIRECTORY too), kept as login kept it. That is encrypted, or in clear when the
// user chose `--unencrypted` at login and the files are all in clear: reading them is what the user opted in to then.
// It never makes a cache in clear (with no files the cache is encrypted), and never opens files of both kinds in
// clear. Only `identity token` registers it: `identity doctor` changes nothing, and never opens the cache this way.
import { useIdentityPlugin } from '@identity/core';
import type { CliCacheLocation } from './cli-cache.js';
import { cacheLocation, openCache, storageOf } from './cli-cache.js';
import type { CliIo } from './cli-io.js';

/**
 * Registers, for this process, the persistent cache `identity login` wrote as the one SharedTokenCacheCredential
 * (in the default chain) reads, opened in clear only when every file of it is in clear. Resolves once registered;
 * a cache folder that cannot be looked at registers the encrypted cache (the credential then says what is wrong).
 *
 * @example
 * ```ts
 * await useLoginCache(io);
 * const token = await cliCredential(io).getToken(scope);
 * ```
 */
export async function useLoginCache(io: CliIo): Promise<void> {
  let location: CliCacheLocation;
  try {
    location = cacheLocation('token', {}, io.env, io.cwd);
  } catch {
    // IDENTITY_CACHE_DIRECTORY is blank: no login cache here, and the credential says how to sign in.
    return;
  }
  // How login kept the files, looked at through an unencrypted handle (looking never opens them).
  const storage = await openCache(location, true)
    .files()
    .then(storageOf, () => 'none' as const);
  useIdentityPlugin(({ cachePluginControl }) =>
    cachePluginControl.setPersistence(({ name, unsafeAllowUnencryptedStorage }) => {
      const loginCache = !name || name === location.name;
      return openCache(
        { name: name || location.name, directory: location.directory },
        unsafeAllowUnencryptedStorage === true || (loginCache && storage === 'unencrypted'),
      );
    }),
  );
}
