// PowerShell's own renderings of a token object, which core's redaction (JWTs, `name=value`, JSON fields) does not
// know: a profile or module that prints Get-AzAccessToken's result puts an opaque token in the tool's output, and the
// credential quotes that output when it cannot use it.

/**
 * Redacts the `Token` and `AccessToken` values of PowerShell's formatted output, any case and padding: the list
 * format (`Token     : <value>`, a long value wrapped onto indented lines) and the table format (a header naming the
 * column, the dashes under it, then the rows, which go whole).
 *
 * @example
 * ```ts
 * redactPowerShellTokens('Token     : 0.AVQAabc\nExpiresOn : 12/3/2026'); // 'Token     : [redacted]\nExpiresOn : 12/3/2026'
 * ```
 */
export function redactPowerShellTokens(text: string): string {
  return (
    text
      // List: the label at the start of a line, its value, and the lines PowerShell wrapped the value onto.
      .replace(/^([ \t]*(?:access)?token[ \t]*:)[^\r\n]*(?:\r?\n[ \t]+\S[^\r\n]*)*/gim, '$1 [redacted]')
      // Table: a header with the column, a line of dashes, and every row up to a blank line.
      .replace(
        /^([^\r\n]*\b(?:access)?token\b[^\r\n]*\r?\n[ \t]*-[ \t-]*)(?:\r?\n[ \t]*\S[^\r\n]*)+/gim,
        '$1\n[redacted]',
      )
  );
}
