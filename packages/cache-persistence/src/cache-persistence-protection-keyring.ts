// Encryption at rest with the OS secret store: a random 256-bit key per cache lives in the store (service
// "@identity/cache-persistence", account = the cache's name), created on first use and reused after; the cache file
// on disk is sealed with it (AES-256-GCM, see cache-persistence-protection-keyring-sealing.ts).
import { CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import type { CacheProtection } from './cache-persistence-protection.js';
import {
  type CacheKey,
  importCacheKey,
  openSealedCache,
  sealCache,
  sealedCacheError,
} from './cache-persistence-protection-keyring-sealing.js';
import { openSecretStoreEntry, type SecretStoreEntry } from './cache-persistence-secret-store.js';

/**
 * The service under which the caches' keys are kept in the OS secret store; each key's account is its cache's name.
 *
 * @example
 * ```ts
 * // On Linux, with libsecret-tools: secret-tool search service @identity/cache-persistence
 * console.log(KEYRING_SERVICE); // '@identity/cache-persistence'
 * ```
 */
export const KEYRING_SERVICE = '@identity/cache-persistence';

/**
 * Options of {@link keyringProtection}.
 *
 * @example
 * ```ts
 * const options: KeyringProtectionOptions = { timeoutInMs: 5_000 };
 * ```
 */
export interface KeyringProtectionOptions {
  /**
   * How long each call into the OS secret store may take, in ms (1 to 600,000), before it fails with a
   * `CredentialUnavailableError`. Long enough by default for a person to answer a Keychain or unlock prompt;
   * whatever the value, the D-Bus session bus itself gets at most 2 s to answer. Default: 20,000.
   */
  timeoutInMs?: number;
}

const KEY_BYTES = 32;
const DEFAULT_TIMEOUT_MS = 20_000;

function invalid(what: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `keyringProtection: ${what}. ${troubleshooting('cache-persistence-encrypted-file')}`,
  );
}

// The key as the store keeps it: base64 text, which every store holds as a password (and people can inspect).
async function readKey(entry: SecretStoreEntry, cacheName: string): Promise<Uint8Array | undefined> {
  const text = await entry.read();
  if (text === null) return undefined;
  const raw = Buffer.from(text, 'base64');
  if (raw.length !== KEY_BYTES || raw.toString('base64') !== text) {
    throw new CredentialUnavailableError(
      `Token cache persistence: the ${entry.store} entry "${KEYRING_SERVICE}" / "${cacheName}" does not hold a 256-bit key in base64 (something else wrote it): delete that entry, and the cache file, to start a new cache. ${troubleshooting('cache-persistence-encrypted-file')}`,
    );
  }
  return new Uint8Array(raw);
}

async function importAndForget(raw: Uint8Array): Promise<CacheKey> {
  const key = await importCacheKey(raw);
  raw.fill(0);
  return key;
}

/**
 * Protects the cache `cacheName` with a key kept in the OS secret store (Secret Service on Linux, Keychain on
 * macOS, Credential Manager on Windows, through `@napi-rs/keyring`): the key is created on first use and reused
 * after, by every process of this user; the file holds only the contents sealed with it (AES-256-GCM).
 * `open` refuses bytes that another key sealed, that were altered or truncated, or that are not sealed at all.
 *
 * @param cacheName - the cache's name, the key's account in the store (`msal.cache`; 1 to 255 characters, no
 *   control characters)
 * @throws `CredentialUnavailableError`, naming `unsafeAllowUnencryptedStorage`, when there is no secret store (no
 *   D-Bus session or Secret Service, no binding for this platform, or a bundle without `@napi-rs/keyring`), when
 *   it is locked, or when it does not answer in time: a chain of credentials goes on to its next one
 * @throws `InvalidArgumentError` for a bad `cacheName` or `timeoutInMs`
 *
 * @example
 * ```ts
 * const protection = await keyringProtection('msal.cache');
 * const sealed = await protection.seal(new TextEncoder().encode('{"AccessToken":{}}'));
 * const contents = await protection.open(sealed);
 * ```
 */
export async function keyringProtection(
  cacheName: string,
  options: KeyringProtectionOptions = {},
): Promise<CacheProtection> {
  return (await openKeyring(cacheName, options, true)) as CacheProtection;
}

/**
 * {@link keyringProtection} for a tool that must change nothing (`identity doctor`): the key is read from the OS
 * secret store, never made. Resolves `undefined` when the store holds no key for `cacheName`.
 *
 * @throws as {@link keyringProtection} does when there is no secret store, it is locked or it does not answer
 * @example
 * ```ts
 * const protection = await existingKeyringProtection('msal.cache', { timeoutInMs: 3_000 });
 * if (!protection) console.log('the cache has no key in the secret store');
 * ```
 */
export function existingKeyringProtection(
  cacheName: string,
  options: KeyringProtectionOptions = {},
): Promise<CacheProtection | undefined> {
  return openKeyring(cacheName, options, false);
}

async function openKeyring(
  cacheName: string,
  options: KeyringProtectionOptions,
  makeKey: boolean,
): Promise<CacheProtection | undefined> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (typeof cacheName !== 'string' || !/^[^\u0000-\u001f\u007f]{1,255}$/.test(cacheName)) {
    throw invalid('the cache name must be 1 to 255 characters with no control characters');
  }
  const timeoutInMs = options.timeoutInMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutInMs) || timeoutInMs < 1 || timeoutInMs > 600_000) {
    throw invalid('timeoutInMs must be a whole number of ms from 1 to 600,000');
  }
  const entry = await openSecretStoreEntry(KEYRING_SERVICE, cacheName, { timeoutInMs });
  let raw = await readKey(entry, cacheName);
  // Whether the store held no key for this cache when this process asked (then a file sealed with another key was
  // sealed with one the store does not have: the warning says so).
  const madeKey = !raw;
  if (!raw) {
    if (!makeKey) return undefined;
    await entry.write(Buffer.from(crypto.getRandomValues(new Uint8Array(KEY_BYTES))).toString('base64'));
    // Read back: when two processes create the key at once, both go on with the one the store kept.
    raw = await readKey(entry, cacheName);
    if (!raw) {
      throw new CredentialUnavailableError(
        `Token cache persistence: the ${entry.store} accepted the cache's new key but did not keep it. Or, to keep the cache unencrypted, pass \`unsafeAllowUnencryptedStorage: true\` in tokenCachePersistenceOptions. ${troubleshooting('cache-persistence-no-secret-store')}`,
      );
    }
  }
  let key = await importAndForget(raw);
  return {
    encrypted: true,
    description: `AES-256-GCM, key in the ${entry.store}`,
    seal: (contents) => sealCache(key, contents),
    async open(bytes) {
      let opened = await openSealedCache(key, bytes);
      if (opened === 'another-key') {
        // A process that created the key at the same moment as this one may have lost the race: the store's wins.
        const stored = await readKey(entry, cacheName);
        if (stored) {
          key = await importAndForget(stored);
          opened = await openSealedCache(key, bytes);
        }
        if (opened === 'another-key' && madeKey) opened = 'missing-key';
      }
      if (typeof opened === 'string') throw sealedCacheError(opened, entry.store);
      return opened;
    },
  };
}
