// How the cache file is protected at rest. The file store (cache-persistence-file-*.ts) reads and writes bytes
// through one of these; the OS secret store's protection (the key in libsecret / Keychain / Credential Manager)
// and the opt-in plaintext one both implement it, so the store never knows which it has.

/**
 * Seals the cache file's contents before they reach the disk and opens them after reading.
 *
 * @example
 * ```ts
 * const bytes = await protection.seal(new TextEncoder().encode(json));
 * const json2 = new TextDecoder().decode(await protection.open(bytes));
 * ```
 */
export interface CacheProtection {
  /** Whether what reaches the disk is encrypted (`identity doctor` and the logs show it). */
  readonly encrypted: boolean;
  /** Where the protection comes from, for people: `'Secret Service (libsecret)'`, `'none (unencrypted)'`. */
  readonly description: string;
  /** The bytes to write for these contents. */
  seal(contents: Uint8Array): Promise<Uint8Array>;
  /** The contents that these bytes, as read from disk, hold. Throws when they cannot be opened. */
  open(bytes: Uint8Array): Promise<Uint8Array>;
}

/**
 * The file holds the cache in clear (MSAL's JSON, readable by every MSAL-based tool with
 * `unsafeAllowUnencryptedStorage`). Only when the app asked for it.
 *
 * @example
 * ```ts
 * const protection = options.unsafeAllowUnencryptedStorage ? unencryptedProtection : await keyringProtection(name);
 * ```
 */
export const unencryptedProtection: CacheProtection = {
  encrypted: false,
  description: 'none (unencrypted)',
  seal: async (contents) => contents,
  open: async (bytes) => bytes,
};
