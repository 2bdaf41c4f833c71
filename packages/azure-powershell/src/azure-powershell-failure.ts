// What a failed run of the credential's script means, from what PowerShell printed.
import { NO_MODULE_MARKER } from './azure-powershell-script.js';

/** The kinds of failure, each with its own next step. */
export type AzurePowerShellFailureKind = 'no-module' | 'not-logged-in' | 'blocked' | 'failed';

/**
 * Classifies a run. No module: the script's marker, or PowerShell refusing to load Az.Accounts. Not logged in:
 * Az.Accounts asks for `Connect-AzAccount`. Blocked: the execution policy stopped the module from loading.
 *
 * @example
 * ```ts
 * azurePowerShellFailureKind('', 'Run Connect-AzAccount to login.'); // 'not-logged-in'
 * ```
 */
export function azurePowerShellFailureKind(stdout: string, stderr: string): AzurePowerShellFailureKind {
  if (stdout.includes(NO_MODULE_MARKER) || /module 'Az\.Accounts'.*was not loaded/i.test(stderr))
    return 'no-module';
  if (/AuthorizationManager check failed/i.test(stderr)) return 'blocked';
  if (/Connect-AzAccount/i.test(stderr)) return 'not-logged-in';
  return 'failed';
}
