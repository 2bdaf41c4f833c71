// The sealed cache file: a versioned header, then the contents under AES-256-GCM.
//
//   bytes 0-3    magic "IDCP" (@identity cache persistence)
//   byte  4      format version (1)
//   bytes 5-12   key id: the first 8 bytes of SHA-256 over the key, so "another key" is told apart from "altered"
//   bytes 13-24  nonce (96 random bits, new for every write)
//   bytes 25-    ciphertext and its 16-byte tag; the whole header is the additional data, so it cannot be edited
//
// cache-redis seals tokens with AES-GCM too, but as base64 text named by its store key under a list of rotating
// keys; what the two share is one `crypto.subtle.encrypt` call, so each keeps its own format here.
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { CachePersistenceError } from './cache-persistence-errors.js';

const MAGIC = [0x49, 0x44, 0x43, 0x50];
const VERSION = 1;
const KEY_ID_BYTES = 8;
const NONCE_BYTES = 12;
const HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES + NONCE_BYTES;
const TAG_BYTES = 16;

/**
 * The 32 raw bytes of a cache key, ready to seal with: imported as a non-extractable WebCrypto key, and its id.
 *
 * @example
 * ```ts
 * const key = await importCacheKey(crypto.getRandomValues(new Uint8Array(32)));
 * ```
 */
export interface CacheKey {
  readonly key: CryptoKey;
  /** Names the key in each file's header (a hash prefix: it tells nothing about the key). */
  readonly id: Uint8Array;
}

/**
 * Imports 32 raw bytes as an AES-256-GCM cache key.
 *
 * @example
 * ```ts
 * const key = await importCacheKey(raw);
 * ```
 */
export async function importCacheKey(raw: Uint8Array): Promise<CacheKey> {
  const digest = await crypto.subtle.digest('SHA-256', raw as BufferSource);
  const key = await crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
  return { key, id: new Uint8Array(digest, 0, KEY_ID_BYTES) };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * Whether these bytes start like a sealed cache file (of any version), as opposed to MSAL's JSON in clear.
 *
 * @example
 * ```ts
 * if (!isSealedCache(bytes)) console.warn('the cache file is not encrypted');
 * ```
 */
export function isSealedCache(bytes: Uint8Array): boolean {
  return MAGIC.every((byte, i) => bytes[i] === byte);
}

/**
 * Seals the cache's contents with `key`: a new nonce for every call.
 *
 * @example
 * ```ts
 * await writeFile(path, await sealCache(key, new TextEncoder().encode(json)), { mode: 0o600 });
 * ```
 */
export async function sealCache({ key, id }: CacheKey, contents: Uint8Array): Promise<Uint8Array> {
  const header = new Uint8Array(HEADER_BYTES);
  header.set(MAGIC);
  header[MAGIC.length] = VERSION;
  header.set(id, MAGIC.length + 1);
  header.set(crypto.getRandomValues(new Uint8Array(NONCE_BYTES)), HEADER_BYTES - NONCE_BYTES);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: header.subarray(HEADER_BYTES - NONCE_BYTES), additionalData: header },
    key,
    contents as BufferSource,
  );
  const bytes = new Uint8Array(HEADER_BYTES + sealed.byteLength);
  bytes.set(header);
  bytes.set(new Uint8Array(sealed), HEADER_BYTES);
  return bytes;
}

/**
 * Why a sealed file does not open, as {@link openSealedCache} reports it: `'another-key'` (sealed with a key the
 * secret store no longer holds: the entry was deleted, or the file was copied from another user or machine) is
 * worth telling apart from `'unreadable'` (not a sealed file, truncated, or altered), and `'newer-format'` (sealed
 * by a newer version of this package, in a format this one does not read: the file is fine, and must be left
 * as it is for that version). `'missing-key'` is what the keyring's protection makes of `'another-key'` when the
 * store held no key at all for the cache (so the key it opens with is one it just made).
 *
 * @example
 * ```ts
 * const reason: SealedCacheProblem = 'another-key';
 * ```
 */
export type SealedCacheProblem = 'another-key' | 'missing-key' | 'unreadable' | 'newer-format';

/**
 * The contents of a sealed file, or the reason it does not open.
 *
 * @example
 * ```ts
 * const opened = await openSealedCache(key, bytes);
 * if (opened instanceof Uint8Array) use(opened);
 * ```
 */
export async function openSealedCache(
  { key, id }: CacheKey,
  bytes: Uint8Array,
): Promise<Uint8Array | SealedCacheProblem> {
  if (isSealedCache(bytes) && (bytes[MAGIC.length] ?? 0) > VERSION) return 'newer-format';
  if (!isSealedCache(bytes) || bytes[MAGIC.length] !== VERSION || bytes.length < HEADER_BYTES + TAG_BYTES) {
    return 'unreadable';
  }
  const header = bytes.subarray(0, HEADER_BYTES);
  if (!sameBytes(header.subarray(MAGIC.length + 1, MAGIC.length + 1 + KEY_ID_BYTES), id))
    return 'another-key';
  try {
    const contents = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: header.subarray(HEADER_BYTES - NONCE_BYTES) as BufferSource,
        additionalData: header as BufferSource,
      },
      key,
      bytes.subarray(HEADER_BYTES) as BufferSource,
    );
    return new Uint8Array(contents);
  } catch {
    return 'unreadable';
  }
}

/**
 * The error for a file that does not open: the file store sets such a file aside and starts a new cache; except
 * a file in a newer format (a `CachePersistenceError`, `NEWER_FORMAT`), which it leaves as it is.
 *
 * @example
 * ```ts
 * throw sealedCacheError('unreadable', 'Secret Service (D-Bus)');
 * ```
 */
export function sealedCacheError(
  problem: SealedCacheProblem,
  store: string,
): CredentialUnavailableError | CachePersistenceError {
  if (problem === 'newer-format') {
    return new CachePersistenceError(
      `the encrypted token cache file was written by a newer version of @identity/cache-persistence, in a format this version does not read: it is left as it is. Upgrade @identity/cache-persistence, or delete the file to start a new cache. ${troubleshooting('cache-persistence-newer-format')}`,
      'NEWER_FORMAT',
    );
  }
  if (problem === 'missing-key') {
    return new CredentialUnavailableError(
      `Token cache persistence: the encrypted cache file was sealed with a key that was not found in the ${store} (it holds no key for this cache: the key was deleted, or this session reaches another keyring than the one that made it, such as a shell whose D-Bus session is not the desktop's), so it cannot be opened; sign in again to rebuild it. ${troubleshooting('cache-persistence-missing-key')}`,
    );
  }
  const why =
    problem === 'another-key'
      ? `was sealed with a key the ${store} no longer holds (its entry was deleted, or the file comes from another user or machine)`
      : 'is not a sealed cache file this version reads, or was truncated or altered';
  return new CredentialUnavailableError(
    `Token cache persistence: the encrypted cache file ${why}, so it cannot be opened; sign in again to rebuild it. ${troubleshooting('cache-persistence-encrypted-file')}`,
  );
}
