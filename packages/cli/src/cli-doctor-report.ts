// What `identity doctor` concludes from each member's outcome: the reason and the next step split out of the
// member's message, and what the chain as a whole would do.
import { AuthenticationRequiredError, CredentialUnavailableError, isUnavailable } from '@identity/core';

/**
 * How one member did. `not tried`: not asked, as asking would write (SharedTokenCacheCredential, with an account
 * signed in with `identity login`), and counted as working.
 *
 * @example
 * ```ts
 * const stopsTheChain = (result: DoctorResult) => result === 'failed'; // the chain moves past 'unavailable'
 * ```
 */
export type DoctorResult = 'ok' | 'unavailable' | 'failed' | 'skipped' | 'not tried';

/**
 * One row of the doctor's table.
 *
 * @example
 * ```ts
 * const row: DoctorRow = { credential: 'AzureCliCredential', result: 'unavailable', ms: 12, why: 'Azure CLI is not installed.', next: "Install it, then run 'az login'." };
 * ```
 */
export interface DoctorRow {
  /** The member of the default chain, by class name. */
  credential: string;
  /** Whether it got a token, was unavailable, failed or was not asked. */
  result: DoctorResult;
  /** How long the member took, when it ran. */
  ms?: number;
  /** Why, in a sentence. */
  why: string;
  /** What to do next to make it work (or nothing, when it did). */
  next: string;
  /** The troubleshooting guide's anchor the member pointed at. */
  guide?: string;
}

/**
 * The result an error stands for: unavailable (the chain moves on) or failed (the chain stops).
 *
 * @example
 * ```ts
 * resultOf(new CredentialUnavailableError('no az')); // 'unavailable'
 * ```
 */
export function resultOf(error: unknown): DoctorResult {
  return isUnavailable(error) ||
    CredentialUnavailableError.isInstance(error) ||
    AuthenticationRequiredError.isInstance(error)
    ? 'unavailable'
    : 'failed';
}

/**
 * Splits a member's message into why it did not work (its first sentence, without the credential's name) and
 * what to do next (the rest), with the troubleshooting reference apart.
 *
 * @example
 * ```ts
 * explain('AzureCliCredential', "AzureCliCredential: Azure CLI is not installed. Install it. Troubleshooting: guide#azure-cli");
 * // { why: 'Azure CLI is not installed.', next: 'Install it.', guide: 'guide#azure-cli' }
 * ```
 */
export function explain(name: string, message: string): { why: string; next: string; guide?: string } {
  const [text = '', guide] = message.split(/\s*Troubleshooting:\s*/);
  const body = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(new RegExp(`^${name}( is unavailable)?\\s*:?\\s*`), '');
  const [why = '', ...rest] = body.split(/(?<=[.!?)])\s+(?=[A-Z'(])/);
  return { why, next: rest.join(' '), ...(guide ? { guide: guide.trim() } : {}) };
}

/**
 * What `DefaultAzureCredential` would do with these outcomes, in chain order: use the first member that works (or
 * that is `not tried` but has what it needs), unless a member before it is configured but fails (the chain stops
 * there).
 *
 * @example
 * ```ts
 * verdict(rows); // { works: true, line: 'DefaultAzureCredential would use AzureCliCredential.' }
 * ```
 */
export function verdict(rows: readonly DoctorRow[]): { works: boolean; line: string } {
  for (const row of rows) {
    if (row.result === 'ok')
      return { works: true, line: `DefaultAzureCredential would use ${row.credential}.` };
    // Only the shared cache's row is not tried: what identity login signed in, which identity token uses.
    if (row.result === 'not tried') {
      return {
        works: true,
        line: `DefaultAzureCredential would use ${row.credential}, as the account signed in with 'identity login' (not tried: a refresh writes the cache, and doctor changes nothing).`,
      };
    }
    if (row.result === 'failed') {
      return {
        works: false,
        line: `DefaultAzureCredential would stop at ${row.credential}: it is configured but fails. Fix it, or leave it out (exclude${row.credential} or AZURE_TOKEN_CREDENTIALS).`,
      };
    }
  }
  return {
    works: false,
    line: 'No credential works here: DefaultAzureCredential would fail. Set up one of them as its next step says.',
  };
}
