// The persistent token cache: core's memory cache in front (a cached token costs a Map lookup), MSAL's cache files
// behind it for access tokens, and the same files for the user credentials' accounts and refresh tokens. One
// instance per cache file in a process: credentials that ask for the same cache share it.
import type {
  AuthenticationRecord,
  CachedToken,
  TokenCacheOptions,
  TokenCacheRequestOptions,
  UserAccountStore,
} from '@identity/core';
import { InvalidArgumentError, StoredTokenCache } from '@identity/core';
import { createLogger, troubleshooting, withCallerLimits } from '@identity/core/internal';
import { accountStore } from './cache-persistence-account-store.js';
import { writeDefaultAccount } from './cache-persistence-default-account.js';
import { CacheFile } from './cache-persistence-file.js';
import { type CacheFileState, cacheFileState } from './cache-persistence-file-state.js';
import {
  authenticationRecordFile,
  cacheDirectory,
  cacheFiles,
  DEFAULT_CACHE_NAME,
} from './cache-persistence-location.js';
import type { CacheProtection } from './cache-persistence-protection.js';
import { unencryptedProtection } from './cache-persistence-protection.js';
import { keyringProtection } from './cache-persistence-protection-keyring.js';
import type { CacheFiles } from './cache-persistence-token-store.js';
import { accessTokenStore } from './cache-persistence-token-store.js';
import { refuseUnreadableCache } from './cache-persistence-unreadable-cache.js';

/**
 * Options of {@link persistentTokenCache}: `@azure/identity`'s `tokenCachePersistenceOptions` (`name`,
 * `unsafeAllowUnencryptedStorage`), and where and how long to wait for the files.
 *
 * @example
 * ```ts
 * const options: PersistentTokenCacheOptions = { name: 'my-cli', lockTimeoutMs: 5_000 };
 * ```
 */
export interface PersistentTokenCacheOptions extends TokenCacheOptions {
  /** The cache's name: a file name (`.nocae` / `.cae` are appended). Default `msal.cache`, MSAL's shared cache. */
  name?: string;
  /**
   * Write the cache unencrypted (MSAL's plain JSON, file mode 0600), readable by MSAL-based tools that are given the
   * same flag, instead of encrypting it with the OS secret store. For machines without one (CI, containers).
   */
  unsafeAllowUnencryptedStorage?: boolean;
  /** The folder of the cache files. Default: `~/.IdentityService` (`%LOCALAPPDATA%\.IdentityService` on Windows). */
  directory?: string;
  /**
   * How long to wait for another process's lock on a cache file, in ms (0 to 600,000; 0 tries once). Default 10 s.
   */
  lockTimeoutMs?: number;
  /**
   * A lock older than this, in ms (1 to 600,000), is abandoned (its process died) and taken over. Default 5 s.
   */
  staleLockMs?: number;
  /**
   * How long each call into the OS secret store may take, in ms (1 to 600,000), before the cache counts as having
   * none (`keyringProtection`'s `timeoutInMs`). Default 20,000, long enough to answer an unlock prompt; a tool that
   * must never wait on a locked keyring (`identity doctor`) passes a few seconds.
   */
  keyringTimeoutInMs?: number;
}

/**
 * A token cache that outlives the process, in MSAL's token cache files: pass it as any credential's `tokenCache`
 * (or ask for it with `tokenCachePersistenceOptions` after `useIdentityPlugin(cachePersistencePlugin)`). Access
 * tokens are served from memory, else from the file while they are valid, with the memory cache's refresh rules;
 * user credentials keep their accounts and refresh tokens in it, so a user signed in once is signed in on the next
 * run, in every process of the machine.
 *
 * @example
 * ```ts
 * const tokenCache = persistentTokenCache({ name: 'my-cli' });
 * const credential = new DeviceCodeCredential({ tokenCache, authenticationRecord });
 * ```
 */
export class PersistentTokenCache extends StoredTokenCache {
  /**
   * The accounts and refresh tokens of the user credentials that use this cache: each one's `get` and `set`, and
   * `list`, `delete` and `defaultAccount` (the record {@link setDefaultAccount} wrote), which
   * SharedTokenCacheCredential and `identity accounts` / `identity logout` use. Opened without
   * `unsafeAllowUnencryptedStorage` over files that are all in clear, `list` rejects with a
   * `CredentialUnavailableError` that says so and how to opt in (it never reads them); over encrypted files whose
   * OS secret store cannot be reached or is locked, with one that says so (and how to unlock it).
   */
  override readonly accounts: Required<UserAccountStore>;
  /**
   * The two files: tokens without CAE (`<name>.nocae`) and with it (`<name>.cae`); and the default account's record
   * beside them (`<name>.authentication-record.json`).
   */
  readonly paths: {
    /** The file of tokens without continuous access evaluation (most of them). */
    nocae: string;
    /** The file of CAE tokens (asked for with `enableCae`). */
    cae: string;
    /** The default account's AuthenticationRecord (written by {@link setDefaultAccount}; it holds no secret). */
    authenticationRecord: string;
  };
  readonly #files: CacheFiles;
  readonly #protection: () => Promise<CacheProtection>;

  /**
   * @throws `InvalidArgumentError` for a name that is not a plain file name, or a `lockTimeoutMs` or `staleLockMs`
   *   that is not a whole number of ms in its range (a NaN one would make a lock wait endless)
   */
  constructor(options: PersistentTokenCacheOptions = {}) {
    checkMilliseconds('lockTimeoutMs', options.lockTimeoutMs, 0);
    checkMilliseconds('staleLockMs', options.staleLockMs, 1);
    const name = options.name || DEFAULT_CACHE_NAME;
    const directory = options.directory ?? cacheDirectory();
    const paths = {
      ...cacheFiles(directory, name),
      authenticationRecord: authenticationRecordFile(directory, name),
    };
    const logger = createLogger('PersistentTokenCache');
    // Set up on first use, once: an app that never asks for a token never loads the secret store's binding.
    let protection: Promise<CacheProtection> | undefined;
    const protect = () =>
      (protection ??= options.unsafeAllowUnencryptedStorage
        ? Promise.resolve(unencryptedProtection)
        : keyringProtection(name, { timeoutInMs: options.keyringTimeoutInMs }));
    const lock = { timeoutMs: options.lockTimeoutMs, staleMs: options.staleLockMs };
    const file = (path: string) => new CacheFile(path, protect, { lock, logger });
    const files = { nocae: file(paths.nocae), cae: file(paths.cae) };
    super(accessTokenStore(files), options);
    this.paths = paths;
    const accounts = accountStore(files, logger, paths.authenticationRecord);
    if (!options.unsafeAllowUnencryptedStorage) {
      // Opened encrypted, the cache never reads files kept in clear, nor sealed ones whose key's store cannot be
      // reached or is locked: listing says so rather than finding nobody.
      const { list } = accounts;
      accounts.list = () => refuseUnreadableCache(paths, protect).then(list);
    }
    this.accounts = accounts;
    this.#files = files;
    this.#protection = protect;
  }

  /**
   * Whether the files are encrypted, and with what: resolves once the protection is known.
   *
   * @throws what the protection could not be set up with (no OS secret store)
   */
  async protection(): Promise<{
    /** Whether the files are encrypted (false only with `unsafeAllowUnencryptedStorage`). */
    encrypted: boolean;
    /** With what, for people: the secret store that keeps the key, or that nothing does. */
    description: string;
  }> {
    const { encrypted, description } = await this.#protection();
    return { encrypted, description };
  }

  /**
   * What the two files are on disk: whether each exists and is encrypted, read from its first bytes without the lock
   * or the secret store (so it answers even when the store is locked). `identity doctor` shows it; a tool opening a
   * cache someone else wrote can choose `unsafeAllowUnencryptedStorage` from it.
   *
   * @throws the file system's error other than "no such file"
   * @example
   * ```ts
   * const { nocae } = await persistentTokenCache().files();
   * if (nocae.exists && !nocae.encrypted) console.warn('the cache is kept in clear');
   * ```
   */
  async files(): Promise<{
    /** The file of tokens without CAE. */
    nocae: CacheFileState;
    /** The file of CAE tokens. */
    cae: CacheFileState;
  }> {
    const [nocae, cae] = await Promise.all([
      cacheFileState(this.paths.nocae),
      cacheFileState(this.paths.cae),
    ]);
    return { nocae, cae };
  }

  /**
   * Makes `record` the cache's default account (`identity login` does, after signing the user in): written beside
   * the cache files as `<name>.authentication-record.json` (`serializeAuthenticationRecord`'s JSON, mode 0600 in a
   * 0700 folder, replaced atomically), where `accounts.defaultAccount()` finds it. `undefined` removes the file.
   *
   * @throws the file system's error when the file cannot be written or removed
   * @example
   * ```ts
   * const tokenCache = persistentTokenCache();
   * const credential = new DeviceCodeCredential({ tokenCache });
   * await tokenCache.setDefaultAccount(await credential.authenticate('https://management.azure.com/.default'));
   * ```
   */
  setDefaultAccount(record: AuthenticationRecord | undefined): Promise<void> {
    return writeDefaultAccount(this.paths.authenticationRecord, record);
  }

  /**
   * As {@link StoredTokenCache.getToken}, once the files' protection is set up. The caller's `abortSignal` and
   * timeout bound the wait for the OS secret store too (its unlock prompt may take `keyringTimeoutInMs`).
   *
   * @throws `CredentialUnavailableError` when it cannot be (no OS secret store, and no
   * `unsafeAllowUnencryptedStorage`): tokens are never written in clear unless the app said so
   */
  override getToken(
    key: string,
    acquire: (signal: AbortSignal) => Promise<CachedToken>,
    options?: TokenCacheRequestOptions,
  ): Promise<CachedToken> {
    return withCallerLimits(
      this.#protection().then(() => super.getToken(key, acquire, options)),
      options,
    );
  }

  /** Resolves once every write to the files started so far has ended (call it before the process exits). */
  async close(): Promise<void> {
    await Promise.all([this.#files.nocae.settle(), this.#files.cae.settle()]);
  }

  /** {@link close}, for `await using tokenCache = persistentTokenCache()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

// A time option: absent, or a whole number of ms from `min` to 600,000 (ten minutes, as keyringTimeoutInMs).
function checkMilliseconds(option: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > 600_000) {
    throw new InvalidArgumentError(
      `PersistentTokenCache: ${option} must be a whole number of ms from ${min} to 600,000. ${troubleshooting('cache-persistence')}`,
    );
  }
}

const caches = new Map<string, PersistentTokenCache>();

/**
 * The persistent token cache of a name: the same instance for every caller in the process that asks for the same
 * name, folder and storage, so credentials share its memory and its files. Tree-shakable: only an app that calls it
 * (or registers {@link cachePersistencePlugin}) carries the cache's code.
 *
 * @throws `InvalidArgumentError` for a name that is not a plain file name, or lock timings out of range
 * @example
 * ```ts
 * import { persistentTokenCache } from '@identity/cache-persistence';
 * import { ClientSecretCredential } from '@identity/client-secret';
 *
 * const credential = new ClientSecretCredential(tenantId, clientId, secret, { tokenCache: persistentTokenCache() });
 * ```
 */
export function persistentTokenCache(options: PersistentTokenCacheOptions = {}): PersistentTokenCache {
  const { nocae } = cacheFiles(options.directory ?? cacheDirectory(), options.name || DEFAULT_CACHE_NAME);
  const id = `${nocae}|${Boolean(options.unsafeAllowUnencryptedStorage)}`;
  let cache = caches.get(id);
  if (!cache) {
    cache = new PersistentTokenCache(options);
    caches.set(id, cache);
  }
  return cache;
}
