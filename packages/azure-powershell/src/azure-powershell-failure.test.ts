import { describe, expect, it } from 'vitest';
import { azurePowerShellFailureKind } from './azure-powershell-failure.js';

describe('what a failed PowerShell run means', () => {
  it.each([
    ['NO_AZ_ACCOUNT_MODULE\n', '', 'no-module'],
    [
      '',
      "Import-Module: The specified module 'Az.Accounts' with version '2.2.0' was not loaded because no valid module file was found in any module directory.",
      'no-module',
    ],
    ['', 'Get-AzAccessToken: Run Connect-AzAccount to login.', 'not-logged-in'],
    ['', 'Import-Module: AuthorizationManager check failed.', 'blocked'],
    ['', 'Get-AzAccessToken: something else', 'failed'],
  ])('stdout %j, stderr %j is %s', (stdout, stderr, kind) => {
    expect(azurePowerShellFailureKind(stdout, stderr)).toBe(kind);
  });
});
