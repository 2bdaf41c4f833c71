import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { azureCliExpiry, parseAzureCliToken } from './azure-cli-token.js';

describe('the expiry of an Azure CLI token', () => {
  it('comes from expires_on (epoch seconds) when the CLI prints it, as a number or a string', () => {
    expect(azureCliExpiry({ expires_on: 1795000000, expiresOn: '2001-01-01 00:00:00.000000' })).toBe(
      1795000000000,
    );
    expect(azureCliExpiry({ expires_on: '1795000000' })).toBe(1795000000000);
  });

  it('falls back to expiresOn, read as local time as older CLIs write it', () => {
    expect(azureCliExpiry({ expiresOn: '2026-11-28 13:45:12.500000' })).toBe(
      new Date(2026, 10, 28, 13, 45, 12, 500).getTime(),
    );
    expect(azureCliExpiry({ expiresOn: '2026-11-28T13:45:12' })).toBe(
      new Date(2026, 10, 28, 13, 45, 12).getTime(),
    );
  });

  it('honours a zone when expiresOn has one', () => {
    expect(azureCliExpiry({ expiresOn: '2026-11-28T13:45:12Z' })).toBe(Date.UTC(2026, 10, 28, 13, 45, 12));
    expect(azureCliExpiry({ expiresOn: '2026-11-28T13:45:12+05:30' })).toBe(
      Date.UTC(2026, 10, 28, 8, 15, 12),
    );
  });

  it('reads expires_on only as plausible epoch seconds, else falls back to expiresOn: a token is never kept for ever', () => {
    // Milliseconds by mistake, a number beyond any real expiry, a negative or zero one: none is read as seconds.
    for (const expires_on of [1795000000000, 1e300, '99999999999999999999999', -5, 0, true, [1795000000]]) {
      expect(azureCliExpiry({ expires_on, expiresOn: '2026-11-28T13:45:12Z' }), String(expires_on)).toBe(
        Date.UTC(2026, 10, 28, 13, 45, 12),
      );
      expect(azureCliExpiry({ expires_on }), String(expires_on)).toBeUndefined();
    }
  });

  it('is unknown when neither field can be read', () => {
    expect(azureCliExpiry({})).toBeUndefined();
    expect(azureCliExpiry({ expires_on: 'soon', expiresOn: 'tomorrow' })).toBeUndefined();
    expect(azureCliExpiry({ expiresOn: '2026-13-45 99:00:00' })).toBeUndefined();
  });
});

describe('parseAzureCliToken', () => {
  it('reads the token and its expiry', () => {
    const token = testSecret('cli-token');
    const stdout = JSON.stringify({
      accessToken: token,
      expiresOn: '2026-11-28 13:45:12.000000',
      expires_on: 1795000000,
      subscription: '00000000-0000-0000-0000-000000000000',
      tenant: '11111111-1111-1111-1111-111111111111',
      tokenType: 'Bearer',
    });
    expect(parseAzureCliToken(stdout)).toEqual({
      token,
      expiresOnTimestamp: 1795000000000,
      tokenType: 'Bearer',
    });
  });

  it('says what is wrong with odd output, without the token', () => {
    const token = testSecret('cli-token');
    expect(() => parseAzureCliToken('WARNING: something\n')).toThrow('its output is not JSON');
    expect(() => parseAzureCliToken('null')).toThrow('its output is not a JSON object');
    expect(() => parseAzureCliToken('{"expires_on": 1}')).toThrow('its output has no "accessToken"');
    const noExpiry = () => parseAzureCliToken(JSON.stringify({ accessToken: token, expiresOn: 'tomorrow' }));
    expect(noExpiry).toThrow(
      'expected "expires_on" (epoch seconds) or "expiresOn" (a date and time), got "tomorrow"',
    );
    expect(noExpiry).not.toThrow(token);
  });
});
