// The Azure CLI in Debian (2.45) prints `expiresOn` in local time with no zone. This file runs under a time zone
// far from UTC (+05:30) to prove it is read as local time; TZ is set before any date is made here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureCliExpiry } from './azure-cli-token.js';

describe('an expiresOn without a zone, on a machine in Asia/Kolkata', () => {
  const previous = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Asia/Kolkata';
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  });

  it('runs in that time zone', () => {
    expect(new Date(2026, 10, 28).getTimezoneOffset()).toBe(-330);
  });

  it('is read as Kolkata time: 13:45:12 there is 08:15:12 UTC', () => {
    expect(azureCliExpiry({ expiresOn: '2026-11-28 13:45:12.000000' })).toBe(
      Date.UTC(2026, 10, 28, 8, 15, 12),
    );
  });

  it('still prefers expires_on, which has no zone to get wrong', () => {
    expect(azureCliExpiry({ expiresOn: '2026-11-28 13:45:12.000000', expires_on: 1795000000 })).toBe(
      1795000000000,
    );
  });
});
