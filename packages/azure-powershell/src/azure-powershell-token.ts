// What the credential's script prints, turned into an access token.
import type { AccessToken } from '@identity/core';

/**
 * Finds the script's JSON line `{"Token":...,"ExpiresOn":<epoch seconds>}` among whatever else a profile or module
 * printed (other lines, JSON lines without a `Token`); `ExpiresOn` must be positive epoch seconds below 1e11.
 * Throws an `Error` that says what is wrong, never with the token.
 *
 * @example
 * ```ts
 * parseAzurePowerShellToken('{"Token":"eyJ...","ExpiresOn":1795000000}'); // { token: 'eyJ...', expiresOnTimestamp: 1795000000000, ... }
 * ```
 */
export function parseAzurePowerShellToken(stdout: string): AccessToken {
  for (const line of stdout.split(/\r?\n/)) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    let output: { Token?: unknown; ExpiresOn?: unknown };
    try {
      output = JSON.parse(text);
    } catch {
      continue;
    }
    // A line some module printed; the script's own always has a Token.
    if (!('Token' in output)) continue;
    if (typeof output.Token !== 'string' || output.Token === '') {
      throw new Error('its output has no plain-text "Token"');
    }
    const { ExpiresOn } = output;
    const seconds = typeof ExpiresOn === 'string' && /^\d+$/.test(ExpiresOn) ? Number(ExpiresOn) : ExpiresOn;
    // Seconds from the epoch up to 1e11 (the year 5138): anything else would keep a token for ever, or not at all.
    if (!(typeof seconds === 'number' && seconds > 0 && seconds < 1e11)) {
      throw new Error('its "ExpiresOn" is not epoch seconds');
    }
    return { token: output.Token, expiresOnTimestamp: seconds * 1000, tokenType: 'Bearer' };
  }
  throw new Error('its output has no JSON line with a token');
}
