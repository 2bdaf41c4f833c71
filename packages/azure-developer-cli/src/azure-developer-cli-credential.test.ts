import { AbortError, CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox } from '@identity/tooling/test-process';
import { testSecret } from '@identity/tooling/test-world';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzureDeveloperCliCredential } from './azure-developer-cli-credential.js';
import type { AzureDeveloperCliCredentialOptions } from './azure-developer-cli-credential-options.js';

const SCOPE = 'https://management.azure.com/.default';
const GRAPH = 'https://graph.microsoft.com/User.Read';
const EXPIRES_ON = '2030-01-02T03:04:05Z';

// Fake `azd` executables are POSIX shell scripts; the Windows command rules are tested in core.
describe.skipIf(process.platform === 'win32')('AzureDeveloperCliCredential', () => {
  let tools: FakeToolbox;
  let token: string;
  beforeEach(() => {
    tools = fakeToolbox();
    token = testSecret('azd-token');
  });
  afterEach(() => tools.remove());

  const printed = (value: unknown) => `cat <<'JSON'\n${JSON.stringify(value)}\nJSON`;
  const fakeAzd = (body: string) => tools.add('azd', body, ['NO_COLOR']);
  const tokenAzd = () => fakeAzd(printed({ token, expiresOn: EXPIRES_ON }));
  const failingAzd = (stderr: string, exitCode = 1) =>
    fakeAzd(`cat >&2 <<'ERR'\n${stderr}\nERR\nexit ${exitCode}`);
  const credential = (options: AzureDeveloperCliCredentialOptions = {}) =>
    new AzureDeveloperCliCredential({ env: tools.env(), ...options });

  it('runs azd auth token for every scope, without prompts or color, and returns its token', async () => {
    tokenAzd();
    const result = await credential().getToken([SCOPE, GRAPH]);
    expect(result).toMatchObject({ token, expiresOnTimestamp: Date.parse(EXPIRES_ON), tokenType: 'Bearer' });
    expect(tools.calls()).toEqual([
      {
        args: ['auth', 'token', '--output', 'json', '--no-prompt', '--scope', SCOPE, '--scope', GRAPH],
        env: { NO_COLOR: 'true' },
      },
    ]);
  });

  it('passes the tenant, and forwards a claims challenge base64-encoded', async () => {
    tokenAzd();
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    await credential({ tenantId: 'contoso.onmicrosoft.com' }).getToken(SCOPE, { claims });
    expect(tools.calls()[0]?.args.slice(5)).toEqual([
      '--scope',
      SCOPE,
      '--tenant-id',
      'contoso.onmicrosoft.com',
      '--claims',
      Buffer.from(claims).toString('base64'),
    ]);
  });

  it('caches the token, and starts one azd for 100 concurrent calls', async () => {
    fakeAzd(`sleep 0.3\n${printed({ token, expiresOn: EXPIRES_ON })}`);
    const azd = credential();
    await Promise.all(Array.from({ length: 100 }, () => azd.getToken(SCOPE)));
    await azd.getToken(SCOPE);
    expect(tools.calls()).toHaveLength(1);
  });

  it('refuses scopes and tenants with shell metacharacters before anything runs', async () => {
    tokenAzd();
    await expect(credential().getToken([SCOPE, 'x; rm -rf ~'])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      credential({ additionallyAllowedTenants: ['*'] }).getToken(SCOPE, { tenantId: '$(id)' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => credential({ tenantId: 'a b' })).toThrow(InvalidArgumentError);
    expect(tools.calls()).toEqual([]);
  });

  it('is unavailable when azd is not installed', async () => {
    const failure = credential({ env: { PATH: tools.dir } }).getToken(SCOPE);
    await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
    await expect(failure).rejects.toThrow(
      "AzureDeveloperCliCredential: Azure Developer CLI is not installed (no azd on PATH). Install it (https://aka.ms/azure-dev/install), then run 'azd auth login'",
    );
  });

  it('is unavailable, saying to run azd auth login, when not signed in (JSON lines on stderr)', async () => {
    failingAzd(
      '{"type":"consoleMessage","timestamp":"2026-01-01T00:00:00Z","data":{"message":"\\nERROR: fetching token: not logged in, run `azd auth login` to login\\n"}}',
    );
    const failure = credential().getToken(SCOPE);
    await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
    await expect(failure).rejects.toThrow(
      "Azure Developer CLI is not signed in. Please run 'azd auth login' from a command prompt",
    );
  });

  it('gives the login command for the scopes and tenant when a new sign-in is required', async () => {
    failingAzd('ERROR: reauthentication required');
    await expect(credential({ tenantId: 'contoso' }).getToken([SCOPE, GRAPH])).rejects.toThrow(
      `Run 'azd auth login --scope ${SCOPE} --scope ${GRAPH} --tenant-id contoso' to sign in again. azd said: ERROR: reauthentication required`,
    );
  });

  it('reports any other failure with what azd said, tokens redacted', async () => {
    failingAzd(`ERROR: boom {"token": "${token}"}`, 3);
    const failure = credential().getToken(SCOPE);
    await expect(failure).rejects.toThrow(
      'Azure Developer CLI could not get a token (exit code 3). It said: ERROR: boom {"token": "[redacted]"}',
    );
    await failure.catch((error: Error) => expect(error.message).not.toContain(token));
  });

  it('reports odd output without the token', async () => {
    fakeAzd(printed({ token, expiresOn: 'later' }));
    const failure = credential().getToken(SCOPE);
    await expect(failure).rejects.toThrow(/Azure Developer CLI answered, but its "expiresOn" is not a date/);
    await failure.catch((error: Error) => expect(error.message).not.toContain(token));
  });

  it('never quotes an opaque token, however azd lays its JSON out (indented, as it prints it; or cut short)', async () => {
    // Not a JWT: only the field name (`token`) says it is one.
    for (const stdout of [
      `cat <<'JSON'\n${JSON.stringify({ token, expiresOn: 'later' }, null, 2)}\nJSON`,
      `echo '{ "token" : "${token}", "expiresOn":'`,
    ]) {
      fakeAzd(stdout);
      const failure = credential().getToken(SCOPE);
      await expect(failure).rejects.toThrow(
        /Azure Developer CLI answered, but .* It printed: \{ "token" ?: "\[redacted\]"/,
      );
      await failure.catch((error: Error) => {
        expect(error.message).not.toContain(token);
        expect(error.stack).not.toContain(token);
      });
    }
  });

  it('stops a slow azd after processTimeoutInMs, naming the option', async () => {
    fakeAzd('sleep 20');
    await expect(credential({ processTimeoutInMs: 300 }).getToken(SCOPE)).rejects.toThrow(
      /Azure Developer CLI did not finish within 300 ms.*processTimeoutInMs/,
    );
  });

  it('stops azd when the caller aborts', async () => {
    fakeAzd('sleep 20');
    const controller = new AbortController();
    const call = credential().getToken(SCOPE, { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(call).rejects.toBeInstanceOf(AbortError);
  });
});
