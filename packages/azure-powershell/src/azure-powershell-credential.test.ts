import { AbortError, CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import { processCommand } from '@identity/core/node-process';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox } from '@identity/tooling/test-process';
import { testSecret } from '@identity/tooling/test-world';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzurePowerShellCredential, powerShellCommands } from './azure-powershell-credential.js';
import type { AzurePowerShellCredentialOptions } from './azure-powershell-credential-options.js';
import { AZURE_POWERSHELL_SCRIPT } from './azure-powershell-script.js';

const SCOPE = 'https://vault.azure.net/.default';
const EXPIRES_ON = 1895000000;
const VARIABLES = ['AZURE_IDENTITY_POWERSHELL_RESOURCE', 'AZURE_IDENTITY_POWERSHELL_TENANT_ID'];

describe('the PowerShell command', () => {
  it('is pwsh, then Windows PowerShell on Windows', () => {
    expect(powerShellCommands('linux')).toEqual(['pwsh']);
    expect(powerShellCommands('win32')).toEqual(['pwsh', 'powershell']);
  });

  it('starts pwsh.exe directly on Windows (no cmd.exe), the script as one argument', () => {
    const file = 'C:\\Program Files\\PowerShell\\7\\pwsh.exe';
    const args = ['-NoProfile', '-NonInteractive', '-Command', AZURE_POWERSHELL_SCRIPT];
    expect(processCommand('win32', file, args, {})).toEqual({ file, args, windowsVerbatimArguments: false });
  });
});

// Fake `pwsh` executables are POSIX shell scripts.
describe.skipIf(process.platform === 'win32')('AzurePowerShellCredential', () => {
  let tools: FakeToolbox;
  let token: string;
  beforeEach(() => {
    tools = fakeToolbox();
    token = testSecret('pwsh-token');
  });
  afterEach(() => tools.remove());

  // The fake checks it was given exactly the fixed arguments and a resource before answering.
  const answer = (stdout: string) =>
    [
      '[ "$1" = -NoProfile ] && [ "$2" = -NonInteractive ] && [ "$3" = -Command ] && [ $# -eq 4 ] || exit 90',
      '[ -n "$AZURE_IDENTITY_POWERSHELL_RESOURCE" ] || exit 91',
      `cat <<'OUT'\n${stdout}\nOUT`,
    ].join('\n');
  const fakePwsh = (body: string) => tools.add('pwsh', body, VARIABLES);
  const tokenPwsh = () => fakePwsh(answer(JSON.stringify({ Token: token, ExpiresOn: EXPIRES_ON })));
  const failingPwsh = (stderr: string, exitCode = 1) =>
    fakePwsh(`cat >&2 <<'ERR'\n${stderr}\nERR\nexit ${exitCode}`);
  const credential = (options: AzurePowerShellCredentialOptions = {}) =>
    new AzurePowerShellCredential({ env: tools.env(), ...options });

  it('runs the fixed script with the resource in an environment variable, and returns the token', async () => {
    tokenPwsh();
    const result = await credential().getToken(SCOPE);
    expect(result).toMatchObject({ token, expiresOnTimestamp: EXPIRES_ON * 1000, tokenType: 'Bearer' });
    expect(tools.calls()).toEqual([
      {
        args: ['-NoProfile', '-NonInteractive', '-Command', AZURE_POWERSHELL_SCRIPT],
        env: {
          AZURE_IDENTITY_POWERSHELL_RESOURCE: 'https://vault.azure.net',
          AZURE_IDENTITY_POWERSHELL_TENANT_ID: '',
        },
      },
    ]);
  });

  it('never changes the script: other scopes and tenants only change the variables', async () => {
    tokenPwsh();
    await credential({ tenantId: 'contoso.onmicrosoft.com' }).getToken(
      'https://graph.microsoft.com/.default',
    );
    await credential({ additionallyAllowedTenants: ['*'] }).getToken('api://my-app/read', {
      tenantId: 'fabrikam',
    });
    const calls = tools.calls();
    expect(calls.map((call) => call.args[3])).toEqual([AZURE_POWERSHELL_SCRIPT, AZURE_POWERSHELL_SCRIPT]);
    expect(calls.map((call) => call.env)).toEqual([
      {
        AZURE_IDENTITY_POWERSHELL_RESOURCE: 'https://graph.microsoft.com',
        AZURE_IDENTITY_POWERSHELL_TENANT_ID: 'contoso.onmicrosoft.com',
      },
      {
        AZURE_IDENTITY_POWERSHELL_RESOURCE: 'api://my-app/read',
        AZURE_IDENTITY_POWERSHELL_TENANT_ID: 'fabrikam',
      },
    ]);
  });

  it('clears an inherited tenant variable when no tenant is set', async () => {
    tokenPwsh();
    await credential({ env: tools.env({ AZURE_IDENTITY_POWERSHELL_TENANT_ID: 'inherited' }) }).getToken(
      SCOPE,
    );
    expect(tools.calls()[0]?.env.AZURE_IDENTITY_POWERSHELL_TENANT_ID).toBe('');
  });

  it('finds the token line after profile noise', async () => {
    fakePwsh(
      answer(`Loading personal profile...\n${JSON.stringify({ Token: token, ExpiresOn: EXPIRES_ON })}`),
    );
    expect((await credential().getToken(SCOPE)).token).toBe(token);
  });

  it('caches the token, and starts one pwsh for 100 concurrent calls', async () => {
    fakePwsh(`sleep 0.3\n${answer(JSON.stringify({ Token: token, ExpiresOn: EXPIRES_ON }))}`);
    const pwsh = credential();
    await Promise.all(Array.from({ length: 100 }, () => pwsh.getToken(SCOPE)));
    await pwsh.getToken(SCOPE);
    expect(tools.calls()).toHaveLength(1);
  });

  it('refuses scopes and tenants with metacharacters before anything runs', async () => {
    tokenPwsh();
    await expect(
      credential().getToken("https://x/.default'; Remove-Item -Recurse ~; '"),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      credential({ additionallyAllowedTenants: ['*'] }).getToken(SCOPE, { tenantId: '$(Get-Secret)' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => credential({ tenantId: 'x;y' })).toThrow(InvalidArgumentError);
    expect(tools.calls()).toEqual([]);
  });

  it('tells apart PowerShell missing, Az.Accounts missing, not signed in, and a blocking execution policy', async () => {
    await expect(credential({ env: { PATH: tools.dir } }).getToken(SCOPE)).rejects.toThrow(
      'AzurePowerShellCredential: PowerShell is not installed (no pwsh on PATH). Install PowerShell 7',
    );

    fakePwsh("echo 'NO_AZ_ACCOUNT_MODULE'");
    await expect(credential().getToken(SCOPE)).rejects.toThrow(
      "The Az.Accounts module (2.2.0 or later) is not installed. Run 'Install-Module -Name Az.Accounts -Scope CurrentUser'",
    );

    failingPwsh('Get-AzAccessToken: Run Connect-AzAccount to login.');
    const notSignedIn = credential({ tenantId: 'contoso' }).getToken(SCOPE);
    await expect(notSignedIn).rejects.toBeInstanceOf(CredentialUnavailableError);
    await expect(notSignedIn).rejects.toThrow(
      "Azure PowerShell is not signed in. Please run 'Connect-AzAccount -Tenant contoso' from PowerShell",
    );

    failingPwsh('Import-Module: AuthorizationManager check failed.');
    await expect(credential().getToken(SCOPE)).rejects.toThrow(
      /execution policy blocked the Az\.Accounts module/,
    );
  });

  it('reports any other failure with what PowerShell said, tokens redacted', async () => {
    failingPwsh(`Get-AzContext: boom {"Token": "${token}"}`, 1);
    const failure = credential().getToken(SCOPE);
    await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
    await expect(failure).rejects.toThrow(
      'Azure PowerShell could not get a token (exit code 1). It said: Get-AzContext: boom {"Token": "[redacted]"}',
    );
    await failure.catch((error: Error) => expect(error.message).not.toContain(token));
  });

  it("never quotes an opaque token from PowerShell's list output (a profile that prints Get-AzAccessToken)", async () => {
    // Not a JWT, not `name=value`, not JSON: only the label says it is a token.
    const listed = [
      '',
      `Token     : ${token}`,
      'ExpiresOn : 12/3/2026 6:00:00 PM +00:00',
      '',
      `AccessToken      : ${token}`,
      'UserId           : ada@contoso.example',
    ].join('\n');
    fakePwsh(answer(listed));
    const printed = credential().getToken(SCOPE);
    await expect(printed).rejects.toThrow(
      'Azure PowerShell answered, but its output has no JSON line with a token. It printed: Token : [redacted] ExpiresOn : 12/3/2026 6:00:00 PM +00:00 AccessToken : [redacted] UserId : ada@contoso.example',
    );
    failingPwsh(`Get-AzAccessToken failed.\n${listed}`, 1);
    const said = credential().getToken(SCOPE);
    await expect(said).rejects.toThrow(/It said: Get-AzAccessToken failed\. Token : \[redacted\]/);
    for (const failure of [printed, said]) {
      await failure.catch((error: Error) => {
        expect(error.message).not.toContain(token);
        expect(error.stack).not.toContain(token);
      });
    }
  });

  it('answers a claims challenge with the Connect-AzAccount command, and runs nothing', async () => {
    tokenPwsh();
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}';
    await expect(credential({ tenantId: 'contoso' }).getToken(SCOPE, { claims })).rejects.toThrow(
      `run in PowerShell: Connect-AzAccount -ClaimsChallenge ${Buffer.from(claims).toString('base64')} -Tenant contoso`,
    );
    expect(tools.calls()).toEqual([]);
  });

  it('stops a slow pwsh after processTimeoutInMs, naming the option, and stops it on abort', async () => {
    fakePwsh('sleep 20');
    await expect(credential({ processTimeoutInMs: 300 }).getToken(SCOPE)).rejects.toThrow(
      /PowerShell did not finish within 300 ms.*processTimeoutInMs/,
    );
    const controller = new AbortController();
    const call = credential().getToken(SCOPE, { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(call).rejects.toBeInstanceOf(AbortError);
  });
});
