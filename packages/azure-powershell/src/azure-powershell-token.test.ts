import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { parseAzurePowerShellToken } from './azure-powershell-token.js';

describe('parseAzurePowerShellToken', () => {
  it('finds the JSON line among other output', () => {
    const token = testSecret('pwsh-token');
    const stdout = `Welcome to your profile\r\n${JSON.stringify({ Token: token, ExpiresOn: 1795000000 })}\r\n`;
    expect(parseAzurePowerShellToken(stdout)).toEqual({
      token,
      expiresOnTimestamp: 1795000000000,
      tokenType: 'Bearer',
    });
  });

  it('refuses a token that is not plain text (a SecureString serialised as an object)', () => {
    expect(() => parseAzurePowerShellToken('{"Token":{"Length":1234},"ExpiresOn":1795000000}')).toThrow(
      'its output has no plain-text "Token"',
    );
  });

  it('says what is wrong with odd output, without the token', () => {
    const token = testSecret('pwsh-token');
    expect(() => parseAzurePowerShellToken('nothing useful\n{broken')).toThrow(
      'its output has no JSON line with a token',
    );
    const noExpiry = () => parseAzurePowerShellToken(JSON.stringify({ Token: token, ExpiresOn: 'later' }));
    expect(noExpiry).toThrow('its "ExpiresOn" is not epoch seconds');
    expect(noExpiry).not.toThrow(token);
  });

  it('reads ExpiresOn only as plausible epoch seconds, so a token is never kept for ever nor read from a boolean', () => {
    const token = testSecret('pwsh-token');
    for (const ExpiresOn of [true, [1795000000], 1e300, 1795000000000, '0x6AFD9A80', -1, 0, ' ']) {
      expect(
        () => parseAzurePowerShellToken(JSON.stringify({ Token: token, ExpiresOn })),
        String(ExpiresOn),
      ).toThrow('its "ExpiresOn" is not epoch seconds');
    }
    expect(
      parseAzurePowerShellToken(JSON.stringify({ Token: token, ExpiresOn: '1795000000' })),
    ).toMatchObject({
      expiresOnTimestamp: 1795000000000,
    });
  });

  it('skips JSON lines without a Token, as it skips any other line a module printed', () => {
    const token = testSecret('pwsh-token');
    const stdout = `{"Message":"Az.Accounts: an update is available"}\n${JSON.stringify({ Token: token, ExpiresOn: 1795000000 })}\n`;
    expect(parseAzurePowerShellToken(stdout)).toMatchObject({ token, expiresOnTimestamp: 1795000000000 });
  });
});
