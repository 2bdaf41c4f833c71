// The one PowerShell script the credential runs. It is a constant: the resource and tenant reach it only as
// environment variables, so no input is ever parsed as PowerShell. It holds no double quotes, so Windows'
// command-line quoting has nothing to escape.

/** The variable that carries the resource into the script. */
export const RESOURCE_VARIABLE = 'AZURE_IDENTITY_POWERSHELL_RESOURCE';
/** The variable that carries the tenant into the script (empty for the signed-in account's tenant). */
export const TENANT_VARIABLE = 'AZURE_IDENTITY_POWERSHELL_TENANT_ID';
/** What the script prints when no usable Az.Accounts module is installed. */
export const NO_MODULE_MARKER = 'NO_AZ_ACCOUNT_MODULE';

/**
 * Finds Az.Accounts 2.2.0 or later, asks it for a token, and prints `{"Token":...,"ExpiresOn":<epoch seconds>}`.
 * Az.Accounts 2.17.0 to 4.x return a plain-text token unless asked for a SecureString (`-AsSecureString`, so
 * they print no deprecation warning); 5.0.0 and later always return a SecureString. Either way a SecureString is
 * turned back into text inside the script, with the API the running PowerShell has.
 *
 * @example
 * ```ts
 * spawn('pwsh', ['-NoProfile', '-NonInteractive', '-Command', AZURE_POWERSHELL_SCRIPT], { env: { ...env, AZURE_IDENTITY_POWERSHELL_RESOURCE: resource } });
 * ```
 */
export const AZURE_POWERSHELL_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  "$ProgressPreference = 'SilentlyContinue'",
  "$WarningPreference = 'SilentlyContinue'",
  "$module = Get-Module -ListAvailable -Name Az.Accounts | Where-Object { $_.Version -ge [version]'2.2.0' } | Sort-Object -Property Version -Descending | Select-Object -First 1",
  `if (-not $module) { Write-Output '${NO_MODULE_MARKER}'; exit 0 }`,
  'Import-Module $module',
  `$parameters = @{ ResourceUrl = $env:${RESOURCE_VARIABLE} }`,
  `if ($env:${TENANT_VARIABLE}) { $parameters['TenantId'] = $env:${TENANT_VARIABLE} }`,
  "if ($module.Version -ge [version]'2.17.0' -and $module.Version -lt [version]'5.0.0') { $parameters['AsSecureString'] = $true }",
  '$result = Get-AzAccessToken @parameters',
  '$token = $result.Token',
  'if ($token -is [System.Security.SecureString]) {',
  '  if ($PSVersionTable.PSVersion.Major -ge 7) { $token = ConvertFrom-SecureString -SecureString $token -AsPlainText }',
  '  else {',
  '    $pointer = [System.Runtime.InteropServices.Marshal]::SecureStringToBSTR($token)',
  '    try { $token = [System.Runtime.InteropServices.Marshal]::PtrToStringBSTR($pointer) }',
  '    finally { [System.Runtime.InteropServices.Marshal]::ZeroFreeBSTR($pointer) }',
  '  }',
  '}',
  '[pscustomobject]@{ Token = $token; ExpiresOn = $result.ExpiresOn.ToUnixTimeSeconds() } | ConvertTo-Json -Compress',
].join('\n');
