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
});
