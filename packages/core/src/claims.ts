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
  if (!enableCae) return claims || undefined;
  let parsed: ClaimsObject;
  try {
    parsed = JSON.parse(claims || '{}');
    if (typeof parsed !== 'object' || parsed === null) throw 0;
  } catch {
    throw new InvalidArgumentError(
      `claims must be a JSON object (the decoded claims challenge). ${troubleshooting('claims-challenge')}`,
    );
  }
  const accessToken = (parsed.access_token ?? {}) as ClaimsObject;
  const capability = (accessToken.xms_cc ?? {}) as { values?: unknown[] };
  const values = [...new Set([...(capability.values ?? []), 'cp1'])];
  return JSON.stringify({ ...parsed, access_token: { ...accessToken, xms_cc: { ...capability, values } } });
}
