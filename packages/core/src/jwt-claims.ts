// Reads a JWT's claims without verifying it: for showing who a token is for (the demo, `identity token`),
// never for trusting it.

/**
 * Decodes the payload of a JWT. Returns `undefined` for anything that is not a JWT.
 *
 * @example
 * ```ts
 * const claims = decodeJwtClaims(token.token);
 * console.log(claims?.aud, claims?.exp);
 * ```
 */
export function decodeJwtClaims(jwt: string): Record<string, unknown> | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    // atob decodes base64 forgivingly (WHATWG): the padding a JWT leaves out is optional.
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
