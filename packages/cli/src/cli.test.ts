// The built `identity` binary, spawned as a user runs it, against the emulator over loopback.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { closedPort } from '@identity/tooling/test-closed-port';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeRun } from '../test/cli-run-node.js';
import { runNode } from '../test/cli-run-node.js';
import { doctorCommand } from './cli-doctor-command.js';

const cliPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const SCOPE = 'https://vault.azure.net/.default';

// Asynchronous, because the emulator answering the CLI lives in this process's event loop.
function identity(args: string[], env: Record<string, string>): Promise<NodeRun> {
  return runNode([cliPath, ...args], { env, timeoutInMs: 30_000 });
}

describe('the identity binary', () => {
  let emulator: Emulator;
  let nothing: string;
  let bare: Record<string, string>;
  beforeAll(async () => {
    if (!existsSync(cliPath)) throw new Error('build @identity/cli first: pnpm --filter @identity/cli build');
    emulator = await startEmulator();
    nothing = temporaryFolder('no-tools');
    // No developer tool on PATH, IMDS on a closed loopback port: nothing is available unless a test adds it.
    bare = {
      PATH: nothing,
      HOME: nothing,
      AZURE_POD_IDENTITY_AUTHORITY_HOST: `http://127.0.0.1:${await closedPort()}`,
    };
  });
  afterAll(() => emulator.stop());

  const servicePrincipal = (secret?: string) => {
    const app = emulator.registerApp({ roles: ['Secrets.Read'] });
    return {
      app,
      env: {
        ...bare,
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_SECRET: secret ?? (app.clientSecret as string),
        AZURE_AUTHORITY_HOST: emulator.url,
      },
    };
  };

  describe('help and usage errors', () => {
    it.each([[['--help']], [['token', '--help']], [['doctor', '-h']], [['migrate', '--help']]])(
      '%j prints help and exits 0',
      async (args) => {
        const { code, stdout } = await identity(args, bare);
        expect(code).toBe(0);
        expect(stdout).toMatch(/^Usage: identity/);
      },
    );

    it('shows a mistyped command or option without letting it drive the terminal', async () => {
      for (const args of [['\u001b]0;owned\u0007'], ['token', '--\u001b[2J']]) {
        const { code, stderr } = await identity(args, bare);
        expect(code).toBe(2);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        expect(stderr.trimEnd()).not.toMatch(/[\u0000-\u001f]/);
        expect(stderr).toMatch(/\\u001b/);
      }
    });

    it('shows an unexpected failure (a cache folder under a file) without letting it drive the terminal', async () => {
      const file = join(temporaryFolder('not-a-folder'), 'file');
      writeFileSync(file, '');
      const { code, stderr } = await identity(['login', '--device-code', '--unencrypted'], {
        ...bare,
        IDENTITY_CACHE_DIRECTORY: join(file, '\u001b]0;owned\u0007'),
      });
      expect(code).toBe(1);
      expect(stderr).toContain('ENOTDIR');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      expect(stderr.trimEnd()).not.toMatch(/[\u0000-\u001f]/);
    });

    it('stops quietly when its reader goes away (identity --help | head -1)', async () => {
      const child = spawn(process.execPath, [cliPath, '--help'], {
        env: bare,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // The reading end closes before the binary writes: its write meets a closed pipe (EPIPE).
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    });

    it.each([
      [['token', '--scope', SCOPE, '--bogus'], "Unknown option '--bogus'", 'identity token --help'],
      [['doctor', '--verbose'], "Unknown option '--verbose'", 'identity doctor --help'],
      [['migrate', '--write'], "Unknown option '--write'", 'identity migrate --help'],
      [['token'], '--scope is required', 'identity token --help'],
      [
        ['token', '--scope', SCOPE, '--timeout', 'soon'],
        '--timeout must be a positive number',
        'identity token --help',
      ],
      // Past 2^31 - 1 ms, Node's timers fire after 1 ms: a huge --timeout would give up at once.
      [
        ['login', '--device-code', '--timeout', '3000000000'],
        '--timeout must be a positive number of milliseconds, at most 2147483647',
        'identity login --help',
      ],
      [
        ['doctor', '--timeout', '2147483648'],
        '--timeout must be a positive number of milliseconds, at most 2147483647',
        'identity doctor --help',
      ],
      // A flag value no chain takes is the user's mistake, as login's are: not a failed sign-in (exit 1).
      [
        ['token', '--scope', SCOPE, '--tenant', '..'],
        '--tenant: tenant ".." is not valid',
        'identity token --help',
      ],
      [['token', '--scope', SCOPE, '--tenant', ''], '--tenant: tenant is missing', 'identity token --help'],
      // An empty --credential (a script's unset variable) would otherwise run the whole chain.
      [['token', '--scope', SCOPE, '--credential', ''], '--credential must name', 'identity token --help'],
      [
        ['doctor', '--credential', 'nope'],
        '--credential "nope" names no credential',
        'identity doctor --help',
      ],
      [['doctor', '--credential', ' '], '--credential must name', 'identity doctor --help'],
      [['doctor', '--tenant', 'not a tenant!'], '--tenant: tenant', 'identity doctor --help'],
      [['doctor', '--scope', 'two words'], '--scope: scope', 'identity doctor --help'],
      [['whoami'], "unknown command 'whoami'", 'identity --help'],
      [['--frobnicate'], "unknown option '--frobnicate'", 'identity --help'],
    ])('%j is a usage error: exit 2, with a pointer to help', async (args, message, help) => {
      const { code, stdout, stderr } = await identity(args, bare);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(message);
      expect(stderr).toContain(`See '${help}'`);
    });
  });

  describe('identity token', () => {
    it('--json shows the claims, expiry and the credential, but not the token', async () => {
      const { app, env } = servicePrincipal();
      const { code, stdout } = await identity(['token', '--scope', SCOPE, '--json'], env);
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({
        credential: 'EnvironmentCredential',
        scope: SCOPE,
        claims: {
          aud: 'https://vault.azure.net',
          appid: app.clientId,
          tid: app.tenantId,
          roles: ['Secrets.Read'],
        },
      });
      expect(Date.parse(result.expiresOn)).toBeGreaterThan(Date.now());
      expect(result.token).toBeUndefined();
      expect(stdout).not.toMatch(/eyJ[\w-]+\.eyJ/);
    });

    it('--show-token adds the token, which the emulator signed', async () => {
      const { env } = servicePrincipal();
      const { code, stdout } = await identity(['token', '--scope', SCOPE, '--json', '--show-token'], env);
      expect(code).toBe(0);
      const { token } = JSON.parse(stdout);
      await expect(emulator.verifyAccessToken(token)).resolves.toMatchObject({
        aud: 'https://vault.azure.net',
      });
    });

    it('prints text by default', async () => {
      const { env } = servicePrincipal();
      const { code, stdout } = await identity(['token', '--scope', SCOPE], env);
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /^Token for https:\/\/vault\.azure\.net\/\.default from EnvironmentCredential in \d+ ms/,
      );
      expect(stdout).toMatch(/Claims \(decoded, not verified\):\n(.|\n)*aud +"https:\/\/vault\.azure\.net"/);
    });

    it('exits 1 with the chain error on a wrong secret, which it never prints', async () => {
      const wrong = testSecret('cli-wrong-secret');
      const { env } = servicePrincipal(wrong);
      const { code, stdout, stderr } = await identity(['token', '--scope', SCOPE, '--json'], env);
      expect(code).toBe(1);
      expect(JSON.parse(stdout).error).toMatchObject({
        name: 'AuthenticationError',
        code: 'AUTHENTICATION_FAILED',
      });
      expect(stderr).toMatch(/^identity token: \w+Credential failed \(HTTP 401\): invalid_client/);
      expect(stdout + stderr).not.toContain(wrong);
    });

    it('--credential narrows the chain', async () => {
      const { env } = servicePrincipal();
      const { code, stderr } = await identity(
        ['token', '--scope', SCOPE, '--credential', 'AzureCliCredential'],
        env,
      );
      expect(code).toBe(1);
      expect(stderr).toContain('AzureCliCredential: Azure CLI is not installed');
      expect(stderr).not.toContain('EnvironmentCredential');
    });

    it('gives up at --timeout and says so (exit 1), however the credential was waiting', async () => {
      // An IMDS that takes the connection and never answers: only the timeout ends the wait.
      const silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      try {
        const env = { ...bare, AZURE_POD_IDENTITY_AUTHORITY_HOST: `http://127.0.0.1:${port}` };
        const args = [
          'token',
          '--scope',
          SCOPE,
          '--credential',
          'ManagedIdentityCredential',
          '--timeout',
          '1000',
        ];
        const text = await identity(args, env);
        expect(text.code).toBe(1);
        expect(text.stderr).toBe('identity token: no token within 1000 ms (--timeout).\n');
        const json = await identity([...args, '--json'], env);
        expect(json.code).toBe(1);
        expect(JSON.parse(json.stdout).error.message).toBe('no token within 1000 ms (--timeout).');
      } finally {
        silent.close();
      }
    });

    it('refuses an unknown --credential as a usage error (exit 2), listing the valid values', async () => {
      const { code, stdout, stderr } = await identity(
        ['token', '--scope', SCOPE, '--credential', 'laptop'],
        bare,
      );
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/use dev, prod or one of EnvironmentCredential, .*AzureDeveloperCliCredential/);
      expect(stderr).toContain("See 'identity token --help'");
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    });
    it('leaves an invalid AZURE_TOKEN_CREDENTIALS a failure of the run (exit 1), not a usage error', async () => {
      const env = { ...bare, AZURE_TOKEN_CREDENTIALS: 'laptop' };
      const { code, stderr } = await identity(['token', '--scope', SCOPE], env);
      expect(code).toBe(1);
      expect(stderr).toContain('AZURE_TOKEN_CREDENTIALS is "laptop"');
    });
    it("prints the chain's failure one member a line, as the error lists them", async () => {
      const { code, stderr } = await identity(['token', '--scope', SCOPE], bare);
      expect(code).toBe(1);
      expect(stderr).not.toContain('\\u000a');
      expect(stderr.split('\n')).toEqual(
        expect.arrayContaining([
          'Each credential, in chain order:',
          expect.stringMatching(/^ {2}- EnvironmentCredential /),
          expect.stringMatching(/^ {2}- AzureCliCredential: /),
        ]),
      );
    });
  });

  describe('a hostile token endpoint', () => {
    it('cannot drive the terminal through the errors identity token and identity doctor print', async () => {
      const { createServer: createHttpServer } = await import('node:http');
      // Escape sequences (clear the screen, retitle the window) and a bidi override in Entra's error fields.
      const hostile = createHttpServer((_request, response) => {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: 'invalid_client\u001b[2J',
            error_description: 'AADSTS7000215: bad \u001b]0;owned\u0007 secret\u202e',
            error_codes: [7000215],
          }),
        );
      });
      await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = hostile.address() as { port: number };
        const { env } = servicePrincipal();
        const at = { ...env, AZURE_AUTHORITY_HOST: `http://127.0.0.1:${port}` };
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
        for (const args of [
          ['token', '--scope', SCOPE],
          ['doctor', '--scope', SCOPE, '--credential', 'EnvironmentCredential'],
        ]) {
          const { code, stdout, stderr } = await identity(args, at);
          expect(code, args[0]).toBe(1);
          expect(stdout + stderr, args[0]).not.toMatch(CONTROL);
          // Core's error turns the C0 and C1 characters into spaces; the CLI shows what is left (the bidi
          // override) escaped.
          expect(stdout + stderr, args[0]).toMatch(/bad +\]0;owned +secret\\u202e/);
        }
      } finally {
        await new Promise((resolve) => hostile.close(resolve));
      }
    });
    it('cannot drive the terminal through the claims of the token identity token shows', async () => {
      const { createServer: createHttpServer } = await import('node:http');
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      // A token whose claim names and values carry escape sequences (retitle the window, an 8-bit CSI) and a
      // bidi override: JSON quoting leaves the C1 and bidi characters as they are, and claim names unquoted.
      const token = `${part({ alg: 'none' })}.${part({
        aud: SCOPE,
        'x\u001b]0;owned\u0007': 1,
        name: 'ada\u009b2J\u202e',
      })}.sig`;
      const hostile = createHttpServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ token_type: 'Bearer', access_token: token, expires_in: 3600 }));
      });
      await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = hostile.address() as { port: number };
        const { env } = servicePrincipal();
        const at = { ...env, AZURE_AUTHORITY_HOST: `http://127.0.0.1:${port}` };
        const { code, stdout, stderr } = await identity(['token', '--scope', SCOPE], at);
        expect(code, stderr).toBe(0);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
        expect(stdout).toContain('x\\u001b]0;owned\\u0007');
        expect(stdout).toContain('ada\\u009b2J\\u202e');
      } finally {
        await new Promise((resolve) => hostile.close(resolve));
      }
    });
  });

  describe('identity doctor', () => {
    it('shows a table of every member, says which the chain would use, and exits 0', async () => {
      const { env } = servicePrincipal();
      const { code, stdout, stderr } = await identity(['doctor', '--scope', SCOPE], env);
      expect(code).toBe(0);
      const table = stdout.split('\n');
      expect(table[2]).toMatch(/^credential +result +time +why +next step$/);
      for (const [name, result] of [
        ['EnvironmentCredential', 'ok'],
        ['WorkloadIdentityCredential', 'unavailable'],
        ['ManagedIdentityCredential', 'unavailable'],
        ['AzureCliCredential', 'unavailable'],
        ['AzurePowerShellCredential', 'unavailable'],
        ['AzureDeveloperCliCredential', 'unavailable'],
      ]) {
        expect(stdout).toMatch(new RegExp(`^${name} +${result} +\\d+ ms`, 'm'));
      }
      expect(stdout).toContain('DefaultAzureCredential would use EnvironmentCredential.');
      // Piped, progress is plain lines on stderr.
      expect(stderr).toContain('checking AzureCliCredential...\nAzureCliCredential: unavailable (');
    });

    it('exits 1 when no credential works', async () => {
      const { code, stdout } = await identity(['doctor'], bare);
      expect(code).toBe(1);
      expect(stdout).toContain('No credential works here');
      expect(stdout).toMatch(
        /^AzureCliCredential +unavailable +\d+ ms +Azure CLI is not installed \(no az on PATH\)\. +Install it/m,
      );
    });

    it('exits 1 and names the member when the chain would stop at a failing one', async () => {
      const { env } = servicePrincipal(testSecret('doctor-wrong-secret'));
      const { code, stdout } = await identity(['doctor', '--json'], env);
      expect(code).toBe(1);
      const report = JSON.parse(stdout);
      expect(report.credentials[0]).toMatchObject({ credential: 'EnvironmentCredential', result: 'failed' });
      expect(report.verdict).toMatch(/would stop at EnvironmentCredential/);
    });

    it('shows members left out by AZURE_TOKEN_CREDENTIALS as skipped, with the reason', async () => {
      const { code, stdout } = await identity(['doctor', '--json'], {
        ...bare,
        AZURE_TOKEN_CREDENTIALS: 'dev',
      });
      expect(code).toBe(1);
      const report = JSON.parse(stdout);
      expect(report.credentials[0]).toEqual({
        credential: 'EnvironmentCredential',
        result: 'skipped',
        why: 'not selected by AZURE_TOKEN_CREDENTIALS=dev',
        next: '',
      });
    });

    it('reports an invalid AZURE_TOKEN_CREDENTIALS and examines the whole chain', async () => {
      const { code, stdout } = await identity(['doctor'], { ...bare, AZURE_TOKEN_CREDENTIALS: 'laptop' });
      expect(code).toBe(1);
      expect(stdout).toMatch(/Problem: DefaultAzureCredential: AZURE_TOKEN_CREDENTIALS is "laptop"/);
      expect(stdout).toMatch(/^AzureDeveloperCliCredential +unavailable/m);
    });

    it('colours its report only when asked (FORCE_COLOR) or on a terminal, and never with NO_COLOR', async () => {
      const forced = await identity(['doctor'], { ...bare, FORCE_COLOR: '1' });
      expect(forced.stdout).toContain('\x1b[1mcredential\x1b[22m');
      expect(forced.stdout).toContain('\x1b[33munavailable\x1b[39m');
      expect(forced.stdout).toContain('\x1b[31mNo credential works here');
      const refused = await identity(['doctor'], { ...bare, FORCE_COLOR: '1', NO_COLOR: '1' });
      expect(refused.stdout).not.toContain('\x1b[');
      const piped = await identity(['doctor'], bare);
      expect(piped.stdout).not.toContain('\x1b[');
    });

    it('fits its table in the terminal, in colour; piped, it never cuts a line', async () => {
      let stdout = '';
      const terminal = { write: (text: string) => (stdout += text), isTTY: true, columns: 90 };
      await doctorCommand(['--credential', 'dev'], {
        stdout: terminal,
        stderr: { write: () => true },
        env: bare,
      });
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape codes of the colours
      const plain = stdout.replace(/\x1b\[\d+m/g, '');
      expect(plain).not.toBe(stdout);
      const table = plain.split('\n\n')[1]?.split('\n') ?? [];
      expect(table[0]).toMatch(/^credential +result +time +why +next step$/);
      for (const line of table) expect(line.length).toBeLessThanOrEqual(90);
      const piped = await identity(['doctor', '--credential', 'dev'], bare);
      expect(Math.max(...piped.stdout.split('\n').map((line) => line.length))).toBeGreaterThan(90);
    });

    it('lists the relevant variables with every secret redacted', async () => {
      const secrets = {
        AZURE_CLIENT_SECRET: testSecret('doctor-client-secret'),
        AZURE_PASSWORD: testSecret('doctor-password'),
        AZURE_CLIENT_CERTIFICATE_PASSWORD: testSecret('doctor-certificate-password'),
        IDENTITY_HEADER: testSecret('doctor-identity-header'),
        MSI_SECRET: testSecret('doctor-msi-secret'),
      };
      const { stdout, stderr } = await identity(['doctor', '--credential', 'dev'], {
        ...bare,
        ...secrets,
        AZURE_CLIENT_ID: 'doctor-app',
      });
      for (const [name, value] of Object.entries(secrets)) {
        expect(stdout).toMatch(new RegExp(`^ {2}${name} +set \\(redacted\\)$`, 'm'));
        expect(stdout + stderr).not.toContain(value);
      }
      expect(stdout).toMatch(/^ {2}AZURE_CLIENT_ID +doctor-app$/m);
      expect(stdout).toMatch(/^ {2}AZURE_TENANT_ID +not set$/m);
    });
  });
});
