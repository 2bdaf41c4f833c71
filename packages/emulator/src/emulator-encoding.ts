// Small encoding and identifier helpers shared by every emulator module.
import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Encodes bytes or text as unpadded base64url, the alphabet JWTs and thumbprints use.
 *
 * @example
 * ```ts
 * base64UrlEncode('{"alg":"RS256"}'); // 'eyJhbGciOiJSUzI1NiJ9'
 * ```
 */
export function base64UrlEncode(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  return bytes.toString('base64url');
}

/**
 * Decodes base64url (padded or not) into bytes.
 *
 * @example
 * ```ts
 * base64UrlDecode('eyJhbGciOiJSUzI1NiJ9').toString('utf8'); // '{"alg":"RS256"}'
 * ```
 */
export function base64UrlDecode(input: string): Buffer {
  return Buffer.from(input, 'base64url');
}

/**
 * A random lower-case GUID, the shape Entra uses for tenants, apps, objects and trace ids.
 *
 * @example
 * ```ts
 * newGuid(); // 'a3f1c2d4-...'
 * ```
 */
export function newGuid(): string {
  return randomUUID();
}

/**
 * A random client secret in the shape Entra generates (40 characters with the `~` marker), so code that
 * sanity-checks secret shapes accepts it.
 *
 * @example
 * ```ts
 * newClientSecret().length; // 40
 * ```
 */
export function newClientSecret(): string {
  const body = randomBytes(30).toString('base64url').replace(/[-_]/g, 'x');
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

// Entra compares GUIDs case-insensitively, so the check accepts either case.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a string is a GUID (any case).
 *
 * @example
 * ```ts
 * isGuid('72f988bf-86f1-41af-91ab-2d7cd011db47'); // true
 * ```
 */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
