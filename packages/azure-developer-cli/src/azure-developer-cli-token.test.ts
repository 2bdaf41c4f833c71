import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { parseAzureDeveloperCliToken } from './azure-developer-cli-token.js';

describe('parseAzureDeveloperCliToken', () => {
  it('reads the token and its UTC expiry', () => {
    const token = testSecret('azd-token');
    expect(parseAzureDeveloperCliToken(JSON.stringify({ token, expiresOn: '2026-11-28T13:45:12Z' }))).toEqual(
      {
        token,
        expiresOnTimestamp: Date.UTC(2026, 10, 28, 13, 45, 12),
        tokenType: 'Bearer',
      },
    );
  });

  it('accepts fractional seconds and an offset', () => {
    const token = testSecret('azd-token');
    const stdout = JSON.stringify({ token, expiresOn: '2026-11-28T13:45:12.250+01:00' });
    expect(parseAzureDeveloperCliToken(stdout).expiresOnTimestamp).toBe(
      Date.UTC(2026, 10, 28, 12, 45, 12, 250),
    );
  });

  it('says what is wrong with odd output, without the token', () => {
    const token = testSecret('azd-token');
    expect(() => parseAzureDeveloperCliToken('')).toThrow('its output is not JSON');
    expect(() => parseAzureDeveloperCliToken('[]')).toThrow('its output has no "token"');
    const zoneless = () =>
      parseAzureDeveloperCliToken(JSON.stringify({ token, expiresOn: '2026-11-28 13:45:12' }));
    expect(zoneless).toThrow('its "expiresOn" is not a date and time with a zone');
    expect(zoneless).not.toThrow(token);
  });
});
