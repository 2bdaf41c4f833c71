import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AbortError,
  CredentialUnavailableError,
  InvalidArgumentError,
  setLogLevel,
  setLogSink,
} from '@identity/core';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox } from '@identity/tooling/test-process';
import { testSecret } from '@identity/tooling/test-world';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzureCliCredential } from './azure-cli-credential.js';
import type { AzureCliCredentialOptions } from './azure-cli-credential-options.js';

const SCOPE = 'https://vault.azure.net/.default';
const EXPIRES_ON = Math.floor(Date.now() / 1000) + 3600;

// Fake `az` executables are POSIX shell scripts; the Windows command rules are tested in core.
describe.skipIf(process.platform === 'win32')('AzureCliCredential', () => {
  let tools: FakeToolbox;
  let token: string;
  beforeEach(() => {
    tools = fakeToolbox();
    token = testSecret('az-token');
  });
  afterEach(() => tools.remove());

  const printed = (value: unknown) => `cat <<'JSON'\n${JSON.stringify(value)}\nJSON`;
  const fakeAz = (body: string) => tools.add('az', body, ['AZURE_CORE_NO_COLOR']);
  const tokenAz = (extra: Record<string, unknown> = {}) =>
    fakeAz(printed({ accessToken: token, expires_on: EXPIRES_ON, tokenType: 'Bearer', ...extra }));
  const credential = (options: AzureCliCredentialOptions = {}) =>
    new AzureCliCredential({ env: tools.env(), ...options });
  const failingAz = (stderr: string, exitCode = 1) =>
    fakeAz(`cat >&2 <<'ERR'\n${stderr}\nERR\nexit ${exitCode}`);

  describe('with a signed-in CLI', () => {
    it('runs az account get-access-token for the scope’s resource, without color, and returns its token', async () => {
      tokenAz();
      const result = await credential().getToken(SCOPE);
      expect(result).toMatchObject({ token, expiresOnTimestamp: EXPIRES_ON * 1000, tokenType: 'Bearer' });
      expect(tools.calls()).toEqual([
        {
          args: ['account', 'get-access-token', '--output', 'json', '--resource', 'https://vault.azure.net'],
          env: { AZURE_CORE_NO_COLOR: 'true' },
        },
      ]);
    });

    it('passes the tenant and the subscription (names may have spaces) as separate arguments', async () => {
      tokenAz();
      await credential({ tenantId: 'contoso.onmicrosoft.com', subscription: 'My Subscription' }).getToken(
        SCOPE,
      );
      expect(tools.calls()[0]?.args).toEqual([
        'account',
        'get-access-token',
        '--output',
        'json',
        '--resource',
        'https://vault.azure.net',
        '--tenant',
        'contoso.onmicrosoft.com',
        '--subscription',
        'My Subscription',
      ]);
    });

    it('asks for another tenant when the call names an allowed one', async () => {
      tokenAz();
      await credential({ tenantId: 'home', additionallyAllowedTenants: ['guest'] }).getToken(SCOPE, {
        tenantId: 'guest',
      });
      expect(tools.calls()[0]?.args.slice(-2)).toEqual(['--tenant', 'guest']);
      await expect(credential({ tenantId: 'home' }).getToken(SCOPE, { tenantId: 'guest' })).rejects.toThrow(
        /additionallyAllowedTenants/,
      );
      expect(tools.calls()).toHaveLength(1);
    });

    it('reads the local-time expiresOn of older CLIs', async () => {
      tokenAz({ expires_on: undefined, expiresOn: '2030-01-02 03:04:05.000000' });
      const result = await credential().getToken(SCOPE);
      expect(result.expiresOnTimestamp).toBe(new Date(2030, 0, 2, 3, 4, 5).getTime());
    });

    it('returns a token that has already expired, with a warning that names clock skew', async () => {
      tokenAz({ expires_on: Math.floor(Date.now() / 1000) - 3600 });
      const lines: string[] = [];
      setLogLevel('warning');
      setLogSink((level, namespace, message) => lines.push(`${namespace} ${level} ${message}`));
      try {
        expect((await credential().getToken(SCOPE)).token).toBe(token);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
          /^AzureCliCredential warning Azure CLI sent a token that expired 360\d s ago: check this machine's clock for skew\.$/,
        );
      } finally {
        setLogSink(undefined);
        setLogLevel(undefined);
      }
    });

    it('caches the token: a second call starts no process', async () => {
      tokenAz();
      const cli = credential();
      await cli.getToken(SCOPE);
      await cli.getToken([SCOPE]);
      expect(tools.calls()).toHaveLength(1);
    });

    it('starts one az for 100 concurrent calls', async () => {
      fakeAz(`sleep 0.3\n${printed({ accessToken: token, expires_on: EXPIRES_ON })}`);
      const cli = credential();
      const results = await Promise.all(Array.from({ length: 100 }, () => cli.getToken(SCOPE)));
      expect(tools.calls()).toHaveLength(1);
      expect(results.every((result) => result.token === token)).toBe(true);
    });
  });

  describe('refusing input that could reach a shell, before anything runs', () => {
    const marker = () => join(tools.dir, 'pwned');
    it.each([
      ['a scope', () => credential().getToken(`${SCOPE}; touch /tmp/pwned`)],
      ['a scope', () => credential().getToken('https://vault.azure.net/.default$(touch pwned)')],
      ['a scope that looks like a flag', () => credential().getToken('--debug')],
      [
        'a requested tenant',
        () => credential({ additionallyAllowedTenants: ['*'] }).getToken(SCOPE, { tenantId: 'x&calc' }),
      ],
    ])('%s with shell metacharacters', async (_, call) => {
      tokenAz();
      await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(tools.calls()).toEqual([]);
      expect(existsSync(marker())).toBe(false);
    });

    it.each([
      ['tenantId', { tenantId: 'contoso|whoami' }],
      ['subscription', { subscription: 'prod"; touch pwned; "' }],
      ['subscription', { subscription: 'sub$(id)' }],
    ])('a %s with shell metacharacters, at construction', (_, options) => {
      expect(() => credential(options)).toThrow(InvalidArgumentError);
      expect(tools.calls()).toEqual([]);
    });

    it.each([
      ['tenantId', { tenantId: '--debug' }],
      ['tenantId', { tenantId: '..' }],
      ['subscription', { subscription: '--debug' }],
    ])('a %s that az would read as an option or a path, at construction', (_, options) => {
      expect(() => credential(options)).toThrow(InvalidArgumentError);
      expect(tools.calls()).toEqual([]);
    });

    it('more than one scope', async () => {
      tokenAz();
      await expect(credential().getToken([SCOPE, 'https://graph.microsoft.com/.default'])).rejects.toThrow(
        /exactly one scope/,
      );
      expect(tools.calls()).toEqual([]);
    });
  });

  describe('telling failures apart (each unavailable, so a chain moves on)', () => {
    it('not installed: no az on PATH', async () => {
      const failure = credential({ env: { PATH: tools.dir } }).getToken(SCOPE);
      await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
      await expect(failure).rejects.toThrow(
        "AzureCliCredential: Azure CLI is not installed (no az on PATH). Install it (https://aka.ms/azure-cli), then run 'az login'",
      );
    });

    it('not installed: az is a wrapper whose program is gone', async () => {
      failingAz('/usr/bin/az: 2: exec: /opt/az/bin/python3: not found', 127);
      await expect(credential().getToken(SCOPE)).rejects.toThrow(/Azure CLI is not installed/);
      failingAz('/bin/sh: 1: az: not found', 2);
      await expect(credential().getToken(SCOPE)).rejects.toThrow(/Azure CLI is not installed/);
    });

    it('not signed in: says to run az login (with the tenant when there is one)', async () => {
      failingAz("ERROR: Please run 'az login' to setup account.");
      const failure = credential().getToken(SCOPE);
      await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
      await expect(failure).rejects.toThrow(
        "AzureCliCredential: Azure CLI is not signed in. Please run 'az login' from a command prompt",
      );
      await expect(credential({ tenantId: 'contoso' }).getToken(SCOPE)).rejects.toThrow(
        "Please run 'az login --tenant contoso'",
      );
    });

    it('expired sign-in: says to sign in again for the scope', async () => {
      failingAz(
        'ERROR: AADSTS700082: The refresh token has expired due to inactivity.\nTo re-authenticate, please run:\naz login --scope https://vault.azure.net/.default',
      );
      const failure = credential().getToken(SCOPE);
      await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
      await expect(failure).rejects.toThrow(
        /Azure CLI's sign-in has expired or is not enough for this resource\. Run 'az login --scope https:\/\/vault\.azure\.net\/\.default' to sign in again\. Azure CLI said: ERROR: AADSTS700082/,
      );
    });

    it('any other failure: the exit code and what az said, with tokens redacted', async () => {
      failingAz(`ERROR: something broke {"accessToken": "${token}"}`, 2);
      const failure = credential().getToken(SCOPE);
      await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
      await expect(failure).rejects.toThrow(
        'Azure CLI could not get a token (exit code 2). It said: ERROR: something broke {"accessToken": "[redacted]"}',
      );
      await failure.catch((error: Error) => expect(error.message).not.toContain(token));
    });

    it('a slow az: stopped after processTimeoutInMs, and the message names the option', async () => {
      fakeAz('sleep 20');
      const started = Date.now();
      const failure = credential({ processTimeoutInMs: 300 }).getToken(SCOPE);
      await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
      await expect(failure).rejects.toThrow(/did not finish within 300 ms.*processTimeoutInMs/);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('odd output: says what is missing, never showing the token', async () => {
      fakeAz('echo "not json"');
      await expect(credential().getToken(SCOPE)).rejects.toThrow(
        'Azure CLI answered, but its output is not JSON. It printed: not json',
      );
      tokenAz({ expires_on: undefined, expiresOn: 'whenever' });
      const failure = credential().getToken(SCOPE);
      await expect(failure).rejects.toThrow(/no readable expiry.*got "whenever"/);
      await failure.catch((error: Error) => expect(error.message).not.toContain(token));
    });

    it('never quotes an opaque token, however az lays its JSON out (indented, as it prints it; or cut short)', async () => {
      // Not a JWT: only the field name (`accessToken`) says it is one.
      for (const stdout of [
        `cat <<'JSON'\n${JSON.stringify({ accessToken: token, expiresOn: 'whenever', tokenType: 'Bearer' }, null, 2)}\nJSON`,
        `echo '{ "accessToken" : "${token}", "expiresOn":'`,
      ]) {
        fakeAz(stdout);
        const failure = credential().getToken(SCOPE);
        await expect(failure).rejects.toThrow(
          /Azure CLI answered, but .* It printed: \{ "accessToken" ?: "\[redacted\]"/,
        );
        await failure.catch((error: Error) => {
          expect(error.message).not.toContain(token);
          expect(error.stack).not.toContain(token);
        });
      }
    });

    it('a claims challenge: the az login command with the claims, and no process', async () => {
      tokenAz();
      const claims = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}';
      const failure = credential({ tenantId: 'contoso' }).getToken(SCOPE, { claims });
      await expect(failure).rejects.toBeInstanceOf(CredentialUnavailableError);
      await expect(failure).rejects.toThrow(
        `run: az login --claims-challenge ${Buffer.from(claims).toString('base64')} --scope ${SCOPE} --tenant contoso`,
      );
      expect(tools.calls()).toEqual([]);
    });

    it('an aborted call: AbortError at once, and the az process is stopped', async () => {
      fakeAz('sleep 20');
      const controller = new AbortController();
      const started = Date.now();
      const call = credential().getToken(SCOPE, { abortSignal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(call).rejects.toBeInstanceOf(AbortError);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
});
