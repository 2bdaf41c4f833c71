// What a failed `azd auth token` means, from what it printed on standard error.

/** The kinds of failure azd reports, each with its own next step. */
export type AzureDeveloperCliFailureKind = 'not-installed' | 'reauthenticate' | 'not-logged-in' | 'failed';

/**
 * The messages in azd's standard error. With `--output json`, azd writes its messages as JSON lines
 * (`{"type":"consoleMessage","data":{"message":"..."}}`, or `{"error":"..."}`); plain lines are kept as they are.
 *
 * @example
 * ```ts
 * azureDeveloperCliMessages('{"data":{"message":"ERROR: not logged in"}}'); // 'ERROR: not logged in'
 * ```
 */
export function azureDeveloperCliMessages(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .map((line) => {
      if (!line.trim().startsWith('{')) return line;
      try {
        const parsed = JSON.parse(line) as { data?: { message?: unknown }; error?: unknown };
        const error = parsed.error as { message?: unknown } | string | undefined;
        const message =
          parsed.data?.message ?? (typeof error === 'object' && error !== null ? error.message : error);
        return typeof message === 'string' ? message : line;
      } catch {
        return line;
      }
    })
    .join('\n')
    .trim();
}

/**
 * Classifies azd's messages. Not installed: a shell's `azd: not found` or Windows' `'azd' is not recognized`.
 * Re-authenticate: a multi-factor or re-authentication requirement, or Entra (an `AADSTS` code) refusing the
 * stored sign-in. Not logged in: azd asks for `azd auth login` (or the older `azd login`).
 *
 * @example
 * ```ts
 * azureDeveloperCliFailureKind('ERROR: not logged in, run `azd auth login` to login'); // 'not-logged-in'
 * ```
 */
export function azureDeveloperCliFailureKind(messages: string): AzureDeveloperCliFailureKind {
  if (/azd:(.*)not found/.test(messages) || /^'azd' is not recognized/m.test(messages))
    return 'not-installed';
  const asksForLogin = /azd (auth )?login/.test(messages);
  if (/must use multi-factor authentication|reauthentication required/i.test(messages))
    return 'reauthenticate';
  if (asksForLogin && /AADSTS\d+/.test(messages)) return 'reauthenticate';
  if (asksForLogin || /not logged in/i.test(messages)) return 'not-logged-in';
  return 'failed';
}
