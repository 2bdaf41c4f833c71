// The expiry a developer tool prints as epoch seconds (`az`'s `expires_on`, the PowerShell script's `ExpiresOn`).

/**
 * Reads epoch seconds, as a number or a string of digits, into ms since the epoch. Only positive values below 1e11
 * (the year 5138) count: anything else (milliseconds, `1e300`, `0`, a negative) is no expiry a tool wrote, and read
 * as one it would keep a token for ever or never. `undefined` when the value is not such an expiry.
 *
 * @example
 * ```ts
 * epochSecondsExpiry('1795000000'); // 1795000000000
 * epochSecondsExpiry(1e300); // undefined
 * ```
 */
export function epochSecondsExpiry(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && seconds > 0 && seconds < 1e11 ? seconds * 1000 : undefined;
}
