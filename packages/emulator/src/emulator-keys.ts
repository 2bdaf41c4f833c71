// Signing keys: the emulator's token-signing key and the keys of the federated issuers it hosts.
import { createHash, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { base64UrlEncode } from './emulator-encoding.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * One public key of a JWKS, as Entra publishes it at `/discovery/v2.0/keys`.
 *
 * @example
 * ```ts
 * emulator.jwks.keys[0]?.kid;
 * ```
 */
export interface EmulatorJwk {
  /** Key type: `RSA` or `EC`. */
  kty: string;
  /** `sig`. */
  use?: string;
  /** Key id, matched against a token's `kid`. */
  kid?: string;
  /** Algorithm, such as `RS256`. */
  alg?: string;
  /** RSA modulus (base64url). */
  n?: string;
  /** RSA exponent (base64url). */
  e?: string;
  /** EC curve, such as `P-256`. */
  crv?: string;
  /** EC x coordinate (base64url). */
  x?: string;
  /** EC y coordinate (base64url). */
  y?: string;
  [other: string]: unknown;
}

/**
 * A JSON Web Key Set.
 *
 * @example
 * ```ts
 * const jwks: EmulatorJwks = await (await fetch(`${emulator.url}/${tenantId}/discovery/v2.0/keys`)).json();
 * ```
 */
export interface EmulatorJwks {
  /** The public keys. */
  keys: EmulatorJwk[];
}

/**
 * An RSA key pair with its key id and public JWK.
 *
 * @example
 * ```ts
 * const key: SigningKey = await createSigningKey();
 * key.jwk.kid === key.kid; // true
 * ```
 */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: EmulatorJwk;
}

/**
 * Generates an RSA-2048 signing key whose `kid` is its RFC 7638 thumbprint.
 *
 * @example
 * ```ts
 * const key = await createSigningKey();
 * signJwt({ alg: 'RS256', typ: 'JWT', kid: key.kid }, claims, key.privateKey);
 * ```
 */
export async function createSigningKey(): Promise<SigningKey> {
  // Async generation keeps the event loop free: on a 2-core box several emulators may start at once.
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ e: exported.e, kty: 'RSA', n: exported.n }))
    .digest();
  const kid = base64UrlEncode(thumbprint);
  return {
    kid,
    privateKey,
    publicKey,
    jwk: { kty: 'RSA', use: 'sig', kid, alg: 'RS256', n: exported.n, e: exported.e },
  };
}

/**
 * Picks the key with `kid` from a JWKS (or the only key when the token names none) as a node:crypto key.
 * Returns undefined when there is no such key or it cannot be imported.
 *
 * @example
 * ```ts
 * const key = publicKeyFromJwks(emulator.jwks, decodeJwt(token).header.kid as string);
 * ```
 */
export function publicKeyFromJwks(jwks: EmulatorJwks, kid: string | undefined): KeyObject | undefined {
  const candidates = kid === undefined ? jwks.keys : jwks.keys.filter((key) => key.kid === kid);
  const jwk = candidates.length === 1 ? candidates[0] : undefined;
  if (!jwk) return undefined;
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
}
