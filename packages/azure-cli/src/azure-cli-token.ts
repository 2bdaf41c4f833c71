// What `az account get-access-token --output json` prints, turned into an access token.
import type { AccessToken } from '@identity/core';

// Older CLIs (before 2.54, such as Debian's 2.45) print only `expiresOn`, in local time with no zone.
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/**
 * When a token the Azure CLI printed expires, in ms since the epoch: from `expires_on` (epoch seconds, CLI
 * 2.54.0 and later) when present and plausible (positive, below 1e11), else from `expiresOn`, read as local time when it has no zone (as the CLI
 * writes it). `undefined` when neither can be read.
 *
 * @example
 * ```ts
 * azureCliExpiry({ expires_on: 1795000000 }); // 1795000000000
 * azureCliExpiry({ expiresOn: '2026-11-28 13:45:12.000000' }); // 13:45:12 in this machine's time zone
 * ```
 */
export function azureCliExpiry(output: { expires_on?: unknown; expiresOn?: unknown }): number | undefined {
  const { expires_on } = output;
  const seconds =
    typeof expires_on === 'string' && /^\d+$/.test(expires_on) ? Number(expires_on) : expires_on;
  // Seconds from the epoch up to 1e11 (the year 5138): anything else (milliseconds, 1e300) is no expiry the CLI
  // wrote, and read as one it would keep a token for ever.
  if (typeof seconds === 'number' && seconds > 0 && seconds < 1e11) return seconds * 1000;
  if (typeof output.expiresOn !== 'string') return undefined;
  const local = LOCAL_DATE_TIME.exec(output.expiresOn.trim());
  if (local) {
    const [year, month, day, hour, minute, second] = local.slice(1, 7).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
      return undefined;
    }
    const milliseconds = Math.floor(Number(`0.${local[7] ?? '0'}`) * 1000);
    // The Date constructor with parts reads them in the local time zone, as the CLI wrote them.
    const time = new Date(year, month - 1, day, hour, minute, second, milliseconds).getTime();
    return Number.isNaN(time) ? undefined : time;
  }
  // A zoned ISO 8601 time, should a CLI ever print one.
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(output.expiresOn) ? Date.parse(output.expiresOn) : Number.NaN;
  return Number.isNaN(zoned) ? undefined : zoned;
}

/**
 * Reads the CLI's JSON answer. Throws an `Error` that says what is wrong, never with the token in it.
 *
 * @example
 * ```ts
 * const { token, expiresOnTimestamp } = parseAzureCliToken(stdout);
 * ```
 */
export function parseAzureCliToken(stdout: string): AccessToken {
  let output: { accessToken?: unknown; expires_on?: unknown; expiresOn?: unknown };
  try {
    output = JSON.parse(stdout);
  } catch {
    throw new Error('its output is not JSON');
  }
  if (typeof output !== 'object' || output === null) throw new Error('its output is not a JSON object');
  if (typeof output.accessToken !== 'string' || output.accessToken === '') {
    throw new Error('its output has no "accessToken"');
  }
  const expiresOnTimestamp = azureCliExpiry(output);
  if (expiresOnTimestamp === undefined) {
    const shown = typeof output.expiresOn === 'string' ? `"${output.expiresOn.slice(0, 40)}"` : 'nothing';
    throw new Error(
      `its output has no readable expiry: expected "expires_on" (epoch seconds) or "expiresOn" (a date and time), got ${shown}`,
    );
  }
  return { token: output.accessToken, expiresOnTimestamp, tokenType: 'Bearer' };
}
