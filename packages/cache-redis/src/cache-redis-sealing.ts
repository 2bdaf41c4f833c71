// What a shared store sees of a token: a name that is a hash of the cache key (no tenant, client id or scope in
// clear) and a value sealed with AES-256-GCM under the app's newest key (older keys still open what they sealed).
import type { CachedToken } from '@identity/core';
import { InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';

/**
 * A key for the tokens in a shared store: 32 random bytes, or their base64 (or base64url) text, as an app keeps it
 * in a secret store. Make one with `openssl rand -base64 32`.
 *
 * @example
 * ```ts
 * const key: TokenEncryptionKey = process.env.TOKEN_CACHE_KEY!; // 44 characters of base64
 * ```
 */
export type TokenEncryptionKey = string | Uint8Array;

/**
 * How tokens are protected in a shared store.
 *
 * @example
 * ```ts
 * const options: TokenEncryptionOptions = { keys: [process.env.TOKEN_CACHE_KEY!, process.env.TOKEN_CACHE_OLD_KEY!] };
 * ```
 */
export interface TokenEncryptionOptions {
  /**
   * The keys tokens are sealed with (AES-256-GCM), newest first: new tokens are sealed with the first, and a token
   * sealed with any of them is still read. To rotate, put the new key first, and drop the old one once the tokens
   * it sealed have expired (a token lives at most about a day; a day later is safe).
   */
  keys?: readonly TokenEncryptionKey[];
  /**
   * Store tokens in clear instead (they are bearer secrets: anyone who can read the store can use them). Only for a
   * store nobody else can read, such as a test's. Default: `false`, and a cache without `keys` is refused.
   */
  unencrypted?: boolean;
}

const ANCHOR = 'token-cache-encryption';
const SEALED = 'e1.';
const PLAIN = 'p1.';
const encoder = new TextEncoder();

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function keyBytes(key: TokenEncryptionKey, index: number): Uint8Array {
  const bytes = typeof key === 'string' ? fromBase64(key.trim()) : key;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    // Never the key itself in the message: only which one and what it should be.
    throw new InvalidArgumentError(
      `Token cache: encryption key ${index + 1} is not 32 bytes (AES-256): pass 32 random bytes or their base64, such as the output of \`openssl rand -base64 32\`. ${troubleshooting(ANCHOR)}`,
    );
  }
  return bytes;
}

// What a stored value must hold to be handed out as a token: a token, finite times (JSON turns `1e999` into
// Infinity), and a refresh time no later than the expiry (the cache serves a stored token until its refresh time, so
// a later one would serve it expired).
function asToken(value: unknown): CachedToken | undefined {
  const token = value as CachedToken | null;
  return token &&
    typeof token === 'object' &&
    typeof token.token === 'string' &&
    token.token !== '' &&
    Number.isFinite(token.expiresOnTimestamp) &&
    Number.isFinite(token.refreshAfterTimestamp) &&
    token.refreshAfterTimestamp <= token.expiresOnTimestamp &&
    (token.tokenType === undefined || token.tokenType === 'Bearer' || token.tokenType === 'pop')
    ? {
        token: token.token,
        expiresOnTimestamp: token.expiresOnTimestamp,
        refreshAfterTimestamp: token.refreshAfterTimestamp,
        ...(token.tokenType ? { tokenType: token.tokenType } : {}),
      }
    : undefined;
}

function parse(text: string): CachedToken | undefined {
  try {
    return asToken(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * Seals tokens for a shared store and opens them again, and names their entries. Made once per cache, from its
 * options; the keys are imported as non-extractable WebCrypto keys.
 *
 * @example
 * ```ts
 * const sealer = new TokenSealer({ keys: [key] });
 * const name = await sealer.name('identity', cacheKey);
 * const token = await sealer.open(name, await sealer.seal(name, cachedToken));
 * ```
 */
export class TokenSealer {
  readonly #keys: Promise<CryptoKey[]> | undefined;

  /** @throws `InvalidArgumentError` without keys (and without `unencrypted: true`), or for a key not of 32 bytes */
  constructor({ keys, unencrypted }: TokenEncryptionOptions) {
    if (!keys?.length) {
      if (unencrypted === true) return;
      throw new InvalidArgumentError(
        `Token cache: no encryption key. Tokens are bearer secrets: pass \`keys: [key]\` (32 random bytes or their base64, newest first), or \`unencrypted: true\` for a store nobody else can read. ${troubleshooting(ANCHOR)}`,
      );
    }
    const raw = keys.map(keyBytes);
    this.#keys = Promise.all(
      raw.map((bytes) =>
        crypto.subtle.importKey('raw', bytes as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']),
      ),
    );
  }

  /**
   * The store's name for a cache key: the prefix and a SHA-256 hash of the key, so the store shows no tenant,
   * client id or scope. It depends on no encryption key, so rotating keys keeps the names.
   */
  async name(prefix: string, cacheKey: string): Promise<string> {
    const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`@identity/token-cache|${cacheKey}`));
    return `${prefix}:${base64url(new Uint8Array(digest))}`;
  }

  /** The token as the store keeps it under `name` (the name is authenticated with it: a value moved under another name does not open). */
  async seal(name: string, token: CachedToken): Promise<string | undefined> {
    const checked = asToken(token);
    // What could not be read back as a token is not written at all.
    if (!checked) return undefined;
    const json = JSON.stringify(checked);
    if (!this.#keys) return PLAIN + json;
    const [key] = await this.#keys;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: encoder.encode(name) },
      key as CryptoKey,
      encoder.encode(json),
    );
    const bytes = new Uint8Array(12 + sealed.byteLength);
    bytes.set(iv);
    bytes.set(new Uint8Array(sealed), 12);
    return SEALED + base64url(bytes);
  }

  /**
   * The token sealed under `name`, or `undefined` when no key opens it, it was tampered with, or it is in clear
   * and this cache encrypts (and the reverse): such an entry is treated as missing and replaced.
   */
  async open(name: string, value: string): Promise<CachedToken | undefined> {
    if (!this.#keys) return value.startsWith(PLAIN) ? parse(value.slice(PLAIN.length)) : undefined;
    const bytes = value.startsWith(SEALED) ? fromBase64(value.slice(SEALED.length)) : undefined;
    if (!bytes || bytes.length < 12 + 16) return undefined;
    for (const key of await this.#keys) {
      try {
        const plain = await crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: bytes.subarray(0, 12) as BufferSource,
            additionalData: encoder.encode(name),
          },
          key,
          bytes.subarray(12) as BufferSource,
        );
        return parse(new TextDecoder().decode(plain));
      } catch {
        // Not this key: try the next (older) one.
      }
    }
    return undefined;
  }
}
