// The random values of a user sign-in (authorization code flow): the PKCE code verifier and its S256 challenge
// (RFC 7636), `state` and `nonce`. WebCrypto only, so the Node loopback flow and the browser flows make them alike.

/** Base64url without padding (RFC 4648 §5): the alphabet RFC 7636 allows in a verifier, and what S256 sends. */
function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A random string from `crypto.getRandomValues`, base64url-encoded: `byteLength` bytes of entropy (default 32,
 * which gives 43 characters). Used for `state` and `nonce`, which must be unguessable and URL-safe.
 *
 * @example
 * ```ts
 * const state = randomBase64Url(); // e.g. 'q0sIYq4x3o8...' (43 characters)
 * ```
 */
export function randomBase64Url(byteLength = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/**
 * A PKCE pair: the verifier the client keeps and sends with the code, and the challenge it sends to the
 * authorize endpoint.
 *
 * @example
 * ```ts
 * const pkce: PkcePair = await createPkcePair();
 * ```
 */
export interface PkcePair {
  /** 43 characters of `[A-Za-z0-9_-]` (32 random bytes): `code_verifier` at the token endpoint. Keep it secret. */
  verifier: string;
  /** base64url(SHA-256(verifier)): `code_challenge` at the authorize endpoint. */
  challenge: string;
  /** Always `S256`; `plain` would send the verifier itself through the browser. */
  method: 'S256';
}

/**
 * Makes a PKCE pair (RFC 7636 §4.1–4.2): a verifier of 32 random bytes, base64url-encoded (43 characters, inside
 * the 43–128 the RFC allows, from its unreserved alphabet), and its S256 challenge.
 *
 * @example
 * ```ts
 * const { verifier, challenge } = await createPkcePair();
 * // authorize: code_challenge=challenge&code_challenge_method=S256; token: code_verifier=verifier
 * ```
 */
export async function createPkcePair(): Promise<PkcePair> {
  const verifier = randomBase64Url(32);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)), method: 'S256' };
}
