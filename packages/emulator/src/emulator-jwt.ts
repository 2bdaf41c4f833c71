// Compact JWS encoding, decoding and signature checks with node:crypto only (no JOSE dependency).
import { constants, type KeyObject, sign, verify } from 'node:crypto';
import { base64UrlDecode, base64UrlEncode } from './emulator-encoding.js';

/**
 * A JWT split into its parts; nothing here is trusted until its signature is verified.
 *
 * @example
 * ```ts
 * const { header, payload }: DecodedJwt = decodeJwt(token);
 * ```
 */
export interface DecodedJwt {
  /** The JOSE header (`alg`, `kid`, ...). */
  header: Record<string, unknown>;
  /** The claims. */
  payload: Record<string, unknown>;
  /** `base64url(header).base64url(payload)`, the bytes the signature covers. */
  signingInput: string;
  /** The signature bytes. */
  signature: Buffer;
}

interface AlgorithmSpec {
  hash: 'sha256' | 'sha384' | 'sha512';
  keyType: 'rsa' | 'ec';
  pss?: true;
}

const ALGORITHMS: Record<string, AlgorithmSpec> = {
  RS256: { hash: 'sha256', keyType: 'rsa' },
  RS384: { hash: 'sha384', keyType: 'rsa' },
  RS512: { hash: 'sha512', keyType: 'rsa' },
  PS256: { hash: 'sha256', keyType: 'rsa', pss: true },
  PS384: { hash: 'sha384', keyType: 'rsa', pss: true },
  PS512: { hash: 'sha512', keyType: 'rsa', pss: true },
  ES256: { hash: 'sha256', keyType: 'ec' },
  ES384: { hash: 'sha384', keyType: 'ec' },
  ES512: { hash: 'sha512', keyType: 'ec' },
};

/**
 * Thrown by {@link decodeJwt} when a string is not a three-part compact JWS with JSON header and payload.
 *
 * @example
 * ```ts
 * try { decodeJwt('nope'); } catch (e) { e instanceof MalformedJwtError; } // true
 * ```
 */
export class MalformedJwtError extends Error {
  override readonly name = 'MalformedJwtError';
}

function parseJsonPart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(base64UrlDecode(part).toString('utf8'));
  } catch {
    throw new MalformedJwtError(`The JWT ${what} is not base64url-encoded JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedJwtError(`The JWT ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Splits a compact JWT into header, payload and signature without verifying anything.
 *
 * @example
 * ```ts
 * const { header, payload } = decodeJwt(token);
 * header.alg; // 'RS256'
 * ```
 */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => part.length === 0)) {
    throw new MalformedJwtError('A JWT has three non-empty dot-separated parts.');
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  return {
    header: parseJsonPart(headerPart, 'header'),
    payload: parseJsonPart(payloadPart, 'payload'),
    signingInput: `${headerPart}.${payloadPart}`,
    signature: base64UrlDecode(signaturePart),
  };
}

function signOptions(spec: AlgorithmSpec, key: KeyObject) {
  if (spec.pss) {
    // RFC 7518 §3.5: the PSS salt is as long as the hash, which is also what MSAL produces.
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
  }
  if (spec.keyType === 'ec') return { key, dsaEncoding: 'ieee-p1363' as const };
  return { key };
}

/**
 * Signs a JWT with the algorithm named in `header.alg` (RS, PS or ES with SHA-256/384/512).
 *
 * @example
 * ```ts
 * const jwt = signJwt({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, { sub: 'me' }, privateKey);
 * ```
 */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateKey: KeyObject,
): string {
  const spec = ALGORITHMS[String(header.alg)];
  if (!spec) throw new Error(`Unsupported JWT algorithm '${String(header.alg)}'.`);
  const signingInput = `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(payload))}`;
  const signature = sign(spec.hash, Buffer.from(signingInput), signOptions(spec, privateKey));
  return `${signingInput}.${base64UrlEncode(signature)}`;
}

/**
 * Checks a decoded JWT's signature with a public key, using the algorithm its header names. Returns false
 * for a bad signature, an unknown algorithm (including `none`) or a key of the wrong type.
 *
 * @example
 * ```ts
 * verifyJwtSignature(decodeJwt(token), publicKey); // true
 * ```
 */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  const spec = ALGORITHMS[String(jwt.header.alg)];
  if (!spec) return false;
  // An RSA-PSS-typed key is still an RSA key; node:crypto refuses the combinations that cannot work.
  const keyType = publicKey.asymmetricKeyType === 'rsa-pss' ? 'rsa' : publicKey.asymmetricKeyType;
  if (keyType !== spec.keyType) return false;
  try {
    return verify(spec.hash, Buffer.from(jwt.signingInput), signOptions(spec, publicKey), jwt.signature);
  } catch {
    return false;
  }
}
