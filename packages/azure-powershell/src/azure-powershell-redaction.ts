// PowerShell's own rendering of a token object, which core's redaction (JWTs, `name=value`, JSON fields) does not
// know: a profile or module that prints Get-AzAccessToken's result puts an opaque token in the tool's output, and the
// credential quotes that output when it cannot use it.

/**
 * Redacts the `Token` and `AccessToken` values of PowerShell's list format, any case and padding: `Token     : <value>`,
 * and the indented lines PowerShell wraps a long value onto. (Get-AzAccessToken's result, five properties, prints as a
 * list; a table, which only an explicit Format-Table gives, cuts its cells at the console's width.)
 *
 * @example
 * ```ts
 * redactPowerShellTokens('Token     : 0.AVQAabc\nExpiresOn : 12/3/2026'); // 'Token     : [redacted]\nExpiresOn : 12/3/2026'
 * ```
 */
export function redactPowerShellTokens(text: string): string {
  return text.replace(
    /^([ \t]*(?:access)?token[ \t]*:)[^\r\n]*(?:\r?\n[ \t]+\S[^\r\n]*)*/gim,
    '$1 [redacted]',
  );
}
