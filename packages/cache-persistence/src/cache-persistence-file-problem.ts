// Why a cache file does not open, in words that are safe to log and show: the sealing's own (they hold no secret,
// and name their troubleshooting entry), or, for contents that do not parse, only that: a parser's message quotes
// the file, and the file holds tokens.
import { splitTroubleshooting } from '@identity/core/internal';

/**
 * Why a cache file does not open, and the troubleshooting entry about it.
 *
 * @example
 * ```ts
 * const reason: UnreadableReason = { why: "it is not a token cache this version reads", anchor: 'cache-persistence-corrupt-file' };
 * ```
 */
export interface UnreadableReason {
  /** What is wrong with the file, as a clause after "could not be read: " (no final full stop). */
  why: string;
  /** The anchor of the troubleshooting guide's entry. */
  anchor: string;
}

/**
 * The reason a file does not open, from what opening it threw: a `CredentialUnavailableError` of the keyring's
 * sealing (another key, a key missing from the secret store, truncated or altered), else contents that are not a
 * cache (cut short, not MSAL's JSON). Never the thrown message of anything but the sealing.
 *
 * @example
 * ```ts
 * unreadableReason(new SyntaxError('Unexpected end of JSON input')).anchor; // 'cache-persistence-corrupt-file'
 * ```
 */
export function unreadableReason(error: unknown): UnreadableReason {
  if ((error as Error)?.name === 'CredentialUnavailableError') {
    const [text, anchor] = splitTroubleshooting((error as Error).message);
    return {
      why: text.replace(/^Token cache persistence:\s*/, '').replace(/\.$/, ''),
      anchor: anchor ?? 'cache-persistence-encrypted-file',
    };
  }
  return {
    why: "it is not a token cache this version reads (cut short, or not MSAL's JSON)",
    anchor: 'cache-persistence-corrupt-file',
  };
}
