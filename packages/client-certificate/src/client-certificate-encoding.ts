// Base64 in both alphabets with web APIs only (atob/btoa), so the edge path needs no Buffer.

/**
 * Decodes standard base64 (whitespace allowed, as in PEM bodies) to bytes; throws on anything else.
 *
 * @example
 * ```ts
 * base64ToBytes('AQID'); // Uint8Array [1, 2, 3]
 * ```
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new SyntaxError('not base64');
  }
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Encodes bytes as standard base64 (the alphabet of `x5c`).
 *
 * @example
 * ```ts
 * bytesToBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 * ```
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked, so a large certificate chain never overflows the argument limit of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Encodes bytes or UTF-8 text as unpadded base64url (the alphabet of JWTs and thumbprints).
 *
 * @example
 * ```ts
 * base64Url('{"alg":"PS256"}'); // 'eyJhbGciOiJQUzI1NiJ9'
 * ```
 */
export function base64Url(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
