// Continuous Access Evaluation: asking for CAE adds the `cp1` client capability to the request's claims.
import { InvalidArgumentError, troubleshooting } from './errors.js';

type ClaimsObject = Record<string, unknown>;

/**
 * Merges the CAE client capability into a claims request. Returns the claims to send (or `undefined`).
 *
 * @example
 * ```ts
 * mergeClaims(undefined, true); // '{"access_token":{"xms_cc":{"values":["cp1"]}}}'
 * ```
 */
export function mergeClaims(claims: string | undefined, enableCae: boolean | undefined): string | undefined {
  if (!claims && !enableCae) return undefined;
  let parsed: ClaimsObject = {};
  if (claims) {
    try {
      const value: unknown = JSON.parse(claims);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      parsed = value as ClaimsObject;
    } catch {
      throw new InvalidArgumentError(
        `The claims challenge is not a JSON object. Pass the decoded "claims" value of the resource's WWW-Authenticate header. ${troubleshooting('claims-challenge')}`,
      );
    }
  }
  if (!enableCae) return claims;
  const accessToken = (parsed.access_token ?? {}) as ClaimsObject;
  const capability = (accessToken.xms_cc ?? {}) as { values?: unknown };
  const values = Array.isArray(capability.values) ? capability.values : [];
  if (!values.includes('cp1')) values.push('cp1');
  return JSON.stringify({ ...parsed, access_token: { ...accessToken, xms_cc: { ...capability, values } } });
}
