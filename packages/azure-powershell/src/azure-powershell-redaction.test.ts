import { describe, expect, it } from 'vitest';
import { redactPowerShellTokens } from './azure-powershell-redaction.js';

// An opaque (non-JWT) access token: nothing in core's patterns recognises it on its own.
const TOKEN = 'EwBwA8l6BAAUkj1oNgHRXA7hWTtkb7x+TEST+SECRET/wAAAQ0x7Y2F0Zx9vZmZpY2U=';

describe('redactPowerShellTokens', () => {
  it.each([
    ['Token : ', ''],
    ['Token     : ', ''],
    ['token:', ''],
    ['AccessToken      : ', ''],
    ['  ACCESSTOKEN\t: ', ''],
    ['Token     : ', '\r'],
  ])('redacts the value of a list line %j', (label, end) => {
    const text = `\n${label}${TOKEN}${end}\nExpiresOn : 12/3/2026 6:00:00 PM +00:00${end}\nType      : Bearer`;
    const redacted = redactPowerShellTokens(text);
    expect(redacted).not.toContain('TEST+SECRET');
    expect(redacted).toContain(`${label.trimEnd()} [redacted]`);
    expect(redacted).toContain('ExpiresOn : 12/3/2026 6:00:00 PM +00:00');
    expect(redacted).toContain('Type      : Bearer');
  });

  it('redacts a long value PowerShell wrapped onto indented lines', () => {
    const parts = [TOKEN.slice(0, 20), TOKEN.slice(20, 40), TOKEN.slice(40)];
    const text = `Token     : ${parts[0]}\n            ${parts[1]}\n            ${parts[2]}\nExpiresOn : later`;
    const redacted = redactPowerShellTokens(text);
    for (const part of parts) expect(redacted).not.toContain(part);
    expect(redacted).toBe('Token     : [redacted]\nExpiresOn : later');
  });

  it('leaves lines that only mention a token alone', () => {
    const text = [
      'Get-AzAccessToken: The access token could not be acquired.',
      'TokenType : Bearer',
      '  12 |  $token = $result.Token',
    ].join('\n');
    expect(redactPowerShellTokens(text)).toBe(text);
  });
});
