// What a failed `az account get-access-token` means, from what it printed on standard error.

/** The kinds of failure the Azure CLI reports, each with its own next step. */
export type AzureCliFailureKind = 'not-installed' | 'reauthenticate' | 'not-logged-in' | 'failed';

/**
 * Classifies the CLI's standard error. Not installed: a shell's `az: not found` or Windows' `'az' is not
 * recognized`. Re-authenticate: the CLI asks for `az login --scope`, or for `az login` after an Entra error (an
 * `AADSTS` code: an expired sign-in, a new MFA or consent requirement; the account is known but its session is not
 * enough). Not logged in: any other mention of `az login` or `az account set`. Everything else is a plain failure.
 *
 * @example
 * ```ts
 * azureCliFailureKind("ERROR: Please run 'az login' to setup account."); // 'not-logged-in'
 * ```
 */
export function azureCliFailureKind(stderr: string): AzureCliFailureKind {
  if (/az:(.*)not found/.test(stderr) || /^'az' is not recognized/m.test(stderr)) return 'not-installed';
  // Entra's refusal (an AADSTS code) of a known account is a new sign-in, and its message is worth showing.
  if (/az login --scope/.test(stderr) || (/AADSTS\d+/.test(stderr) && /az login/.test(stderr)))
    return 'reauthenticate';
  if (/az login|az account set/.test(stderr)) return 'not-logged-in';
  return 'failed';
}
