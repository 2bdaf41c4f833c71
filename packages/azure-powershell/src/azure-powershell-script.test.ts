import { describe, expect, it } from 'vitest';
import { AZURE_POWERSHELL_SCRIPT, NO_MODULE_MARKER } from './azure-powershell-script.js';

describe('the PowerShell script', () => {
  it('reads the resource and tenant only from environment variables', () => {
    expect(AZURE_POWERSHELL_SCRIPT).toContain('ResourceUrl = $env:AZURE_IDENTITY_POWERSHELL_RESOURCE');
    expect(AZURE_POWERSHELL_SCRIPT).toContain(
      "if ($env:AZURE_IDENTITY_POWERSHELL_TENANT_ID) { $parameters['TenantId'] = $env:AZURE_IDENTITY_POWERSHELL_TENANT_ID }",
    );
  });

  it('needs Az.Accounts 2.2.0 or later, and says so with a marker when it is missing', () => {
    expect(AZURE_POWERSHELL_SCRIPT).toContain("$_.Version -ge [version]'2.2.0'");
    expect(AZURE_POWERSHELL_SCRIPT).toContain(`Write-Output '${NO_MODULE_MARKER}'; exit 0`);
  });

  it('asks for a SecureString from 2.17.0 up to (not including) 5.0.0, and turns any SecureString back into text', () => {
    expect(AZURE_POWERSHELL_SCRIPT).toContain(
      "if ($module.Version -ge [version]'2.17.0' -and $module.Version -lt [version]'5.0.0') { $parameters['AsSecureString'] = $true }",
    );
    expect(AZURE_POWERSHELL_SCRIPT).toContain('if ($token -is [System.Security.SecureString])');
    expect(AZURE_POWERSHELL_SCRIPT).toContain('ConvertFrom-SecureString -SecureString $token -AsPlainText');
    expect(AZURE_POWERSHELL_SCRIPT).toContain('ZeroFreeBSTR($pointer)');
  });

  it('prints one compressed JSON line with the token and its expiry in epoch seconds', () => {
    expect(AZURE_POWERSHELL_SCRIPT.split('\n').at(-1)).toBe(
      '[pscustomobject]@{ Token = $token; ExpiresOn = $result.ExpiresOn.ToUnixTimeSeconds() } | ConvertTo-Json -Compress',
    );
  });

  it('has no double quotes, so Windows command-line quoting has nothing to escape', () => {
    expect(AZURE_POWERSHELL_SCRIPT).not.toContain('"');
  });
});
