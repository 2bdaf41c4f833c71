// Text that came from a file (a token cache, an authentication record) made safe to print on a terminal: control
// characters (an escape sequence can retitle the window, clear the screen, hide text or, on some terminals, write to
// the clipboard) and bidirectional overrides (which reorder what is shown) are shown as `\uXXXX` instead.

// C0 controls, DEL, C1 controls (U+009B is an 8-bit CSI), line/paragraph separators and bidi embeddings/isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character and bidirectional override written as `\uXXXX`, so that a hostile cache file
 * cannot drive the terminal `identity accounts`, `logout` or `doctor` print to.
 *
 * @example
 * ```ts
 * printable('ada\u001b[2J@contoso.com'); // 'ada\\u001b[2J@contoso.com'
 * ```
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * {@link printable} for a message of several lines (the chain's error lists one member a line): each line made
 * safe, the line breaks kept, so the list still reads as a list on the terminal.
 *
 * @example
 * ```ts
 * printableLines('no token:\n  - AzureCliCredential: \u001b[2J'); // 'no token:\n  - AzureCliCredential: \\u001b[2J'
 * ```
 */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
