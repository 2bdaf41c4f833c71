import { describe, expect, it } from 'vitest';
import { epochSecondsExpiry } from './node-process-expiry.js';

describe('epochSecondsExpiry', () => {
  it('reads epoch seconds, as a number or a string of digits, into ms', () => {
    expect(epochSecondsExpiry(1795000000)).toBe(1795000000000);
    expect(epochSecondsExpiry('1795000000')).toBe(1795000000000);
  });

  it('takes no value a tool would not write: milliseconds, huge, zero, negative, or not a number', () => {
    for (const value of [
      1795000000000,
      1e300,
      '1e300',
      0,
      -5,
      '-5',
      '0x10',
      ' 17 ',
      true,
      [1795000000],
      null,
    ]) {
      expect(epochSecondsExpiry(value)).toBeUndefined();
    }
  });
});
