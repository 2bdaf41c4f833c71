// What `azd auth token --output json` prints, turned into an access token.
import type { AccessToken } from '@identity/core';

// azd writes `expiresOn` as RFC 3339 in UTC ("2026-11-28T13:45:12Z"); a zone is required, so nothing is guessed.
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads azd's JSON answer `{ token, expiresOn }`. Throws an `Error` that says what is wrong, never with the token.
 *
 * @example
 * ```ts
 * parseAzureDeveloperCliToken('{"token":"eyJ...","expiresOn":"2026-11-28T13:45:12Z"}');
 * ```
 */
export function parseAzureDeveloperCliToken(stdout: string): AccessToken {
  let output: { token?: unknown; expiresOn?: unknown };
  try {
    output = JSON.parse(stdout);
  } catch {
    throw new Error('its output is not JSON');
  }
  if (typeof output !== 'object' || output === null) throw new Error('its output is not a JSON object');
  if (typeof output.token !== 'string' || output.token === '') throw new Error('its output has no "token"');
  const expiresOn = typeof output.expiresOn === 'string' ? output.expiresOn.trim() : '';
  const expiresOnTimestamp = ZONED_TIME.test(expiresOn) ? Date.parse(expiresOn) : Number.NaN;
  if (Number.isNaN(expiresOnTimestamp)) {
    throw new Error(
      `its "expiresOn" is not a date and time with a zone (such as 2026-11-28T13:45:12Z): got "${expiresOn.slice(0, 40)}"`,
    );
  }
  return { token: output.token, expiresOnTimestamp, tokenType: 'Bearer' };
}
