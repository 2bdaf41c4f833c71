import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeSignIn, formOf, TestBrowser } from '../test/emulator-sign-in-test-support.js';
import { postToken } from '../test/emulator-test-support.js';
import { CLI_USAGE, type CliIo, parseCliArgs, runCli } from './emulator-cli.js';

const sourceDir = dirname(fileURLToPath(import.meta.url));
const packageDir = join(sourceDir, '..');
const cliPath = join(packageDir, 'dist', 'cli.js');

/** Runs the CLI in this process until `stop()`; `running` resolves with its exit code. */
function runUntilStopped(argv: string[]) {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const { io, stdout } = capture(() => stopped);
  return { stdout, stop, running: runCli(argv, io) };
}

function capture(waitForShutdown?: () => Promise<void>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  };
  if (waitForShutdown) io.waitForShutdown = waitForShutdown;
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('parsing the command line', () => {
  it('reads start with its options', () => {
    expect(
      parseCliArgs(['start', '--port', '8400', '--host', 'localhost', '--https', '--config', 'e.json']),
    ).toEqual({
      command: 'start',
      start: { options: { port: 8400, host: 'localhost', https: true }, configPath: 'e.json', json: false },
    });
  });

  it('defaults to loopback and an ephemeral port', () => {
    expect(parseCliArgs(['start'])).toEqual({
      command: 'start',
      start: { options: { host: '127.0.0.1', https: false }, json: false },
    });
  });

  it('reads repeatable --user and --cors-origin flags', () => {
    expect(
      parseCliArgs([
        'start',
        '--user',
        'ada@contoso.example:correct:horse',
        '--user',
        'grace@contoso.example:cobol',
        '--cors-origin',
        'http://localhost:5173',
      ]),
    ).toEqual({
      command: 'start',
      start: {
        options: { host: '127.0.0.1', https: false, corsOrigins: ['http://localhost:5173'] },
        users: [
          { username: 'ada@contoso.example', password: 'correct:horse' },
          { username: 'grace@contoso.example', password: 'cobol' },
        ],
        json: false,
      },
    });
  });

  it.each([
    [['start', '--user', 'ada@contoso.example'], '--user must be <username>:<password>'],
    [['start', '--user', ':secret'], '--user must be <username>:<password>'],
    [['start', '--bogus'], "Unknown option '--bogus'."],
    [['start', '--port', 'eighty'], '--port must be a number'],
    [['start', '--port', '70000'], '--port must be a number'],
    [['stop'], "Unknown command 'stop'"],
    [[], 'Missing command'],
    [['start', 'extra'], "Unexpected argument 'extra'"],
  ])('rejects %j with a clear message and exit code 2', async (argv, message) => {
    const { io, stderr } = capture();
    expect(await runCli(argv, io)).toBe(2);
    expect(stderr()).toContain(message);
    expect(stderr()).toContain("Run 'identity-emulator --help' for usage.");
  });

  it('prints the help with --help', async () => {
    const { io, stdout } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(stdout()).toBe(CLI_USAGE);
  });
});

describe('the config file', () => {
  const dir = temporaryFolder('identity-emulator-cli');

  it('names the file and the field that is wrong', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ apps: [{ clientId: 'a', colour: 'red' }] }));
    const { io, stderr } = capture();
    expect(await runCli(['start', '--config', file], io)).toBe(2);
    expect(stderr()).toContain(`${file}.apps[0] has an unknown field 'colour'`);
  });

  it('reports JSON syntax errors and missing files', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "apps": [ }');
    const broken = capture();
    expect(await runCli(['start', '--config', file], broken.io)).toBe(2);
    expect(broken.stderr()).toContain('is not valid JSON');
    const missing = capture();
    expect(await runCli(['start', '--config', join(dir, 'nope.json')], missing.io)).toBe(2);
    expect(missing.stderr()).toContain('Cannot read the config file');
  });

  it('registers the configured apps and prints them, secrets included, with a warning', async () => {
    const file = join(dir, 'good.json');
    writeFileSync(
      file,
      JSON.stringify({
        tenants: ['e0000000-0000-0000-0000-00000000000e'],
        apps: [{ clientId: 'cli-app', clientSecret: 'cli-secret', roles: ['Reader'] }],
      }),
    );
    const { stdout, stop, running } = runUntilStopped(['start', '--config', file]);
    await expect.poll(stdout, { timeout: 10_000 }).toContain('Press Ctrl+C to stop.');
    const url = /listening on (\S+)/.exec(stdout())![1]!;
    expect(stdout()).toContain('Default tenant:   e0000000-0000-0000-0000-00000000000e');
    expect(stdout()).toContain('client id cli-app');
    expect(stdout()).toContain('secret cli-secret');
    expect(stdout()).toContain('secrets are shown because this is a local development tool');
    const token = await postToken({ url }, 'e0000000-0000-0000-0000-00000000000e', {
      grant_type: 'client_credentials',
      client_id: 'cli-app',
      client_secret: 'cli-secret',
      scope: 'api://x/.default',
    });
    expect(token.status).toBe(200);
    stop();
    expect(await running).toBe(0);
    expect(stdout()).toContain('Identity emulator stopped.');
  });
});

describe('--https', () => {
  it('writes the CA certificate into a private folder of its own (0700, file 0600), removed at stop', async () => {
    const { stdout, stop, running } = runUntilStopped(['start', '--https', '--json']);
    await expect.poll(stdout, { timeout: 10_000 }).toContain('\n');
    const { caCertificatePath } = JSON.parse(stdout()) as { caCertificatePath: string };
    // Not the shared temporary folder, where another user of the machine could plant the file first.
    expect(statSync(dirname(caCertificatePath)).mode & 0o777).toBe(0o700);
    expect(statSync(caCertificatePath).mode & 0o777).toBe(0o600);
    stop();
    expect(await running).toBe(0);
    expect(existsSync(dirname(caCertificatePath))).toBe(false);
  });
});

describe('managed identities and pipelines from the config file', () => {
  const dir = temporaryFolder('identity-emulator-cli-mi');

  it('assigns them and prints, as JSON, the variables of every hosting source and the pipelines', async () => {
    const file = join(dir, 'identities.json');
    writeFileSync(
      file,
      JSON.stringify({
        managedIdentities: [
          { systemAssigned: true, clientId: '5a5a5a5a-0000-4000-8000-000000000001' },
          { clientId: '5a5a5a5a-0000-4000-8000-000000000002', roles: ['Reader'] },
        ],
        pipelines: [{ systemAccessToken: 'job-token', serviceConnectionId: 'conn-1' }],
      }),
    );
    const { stdout, stop, running } = runUntilStopped(['start', '--config', file, '--json']);
    await expect.poll(stdout, { timeout: 10_000 }).toContain('\n');
    const details = JSON.parse(stdout()) as {
      managedIdentities: { clientId: string; systemAssigned: boolean }[];
      managedIdentityEnvironments: Record<string, Record<string, string>>;
      arcTokenDirectory: string;
      pipelines: { oidcRequestUri: string; issuer: string; subject: string }[];
    };
    expect(details.managedIdentities.map((identity) => identity.systemAssigned)).toEqual([true, false]);
    expect(Object.keys(details.managedIdentityEnvironments)).toEqual([
      'IMDS',
      'AppService',
      'AzureML',
      'CloudShell',
      'AzureArc',
    ]);
    expect(details.arcTokenDirectory).toEqual(expect.any(String));

    // The App Service variables reach the user-assigned identity, as a credential would use them.
    const { IDENTITY_ENDPOINT, IDENTITY_HEADER } = details.managedIdentityEnvironments.AppService!;
    const answer = await fetch(
      `${IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://vault.azure.net&client_id=5a5a5a5a-0000-4000-8000-000000000002`,
      { headers: { 'x-identity-header': IDENTITY_HEADER! } },
    );
    expect(answer.status).toBe(200);

    const [pipeline] = details.pipelines;
    expect(pipeline?.subject).toBe('sc://emulated-org/emulated-project/conn-1');
    const oidc = await fetch(`${pipeline!.oidcRequestUri}?api-version=7.1&serviceConnectionId=conn-1`, {
      method: 'POST',
      headers: { authorization: 'Bearer job-token' },
    });
    expect(oidc.status).toBe(200);
    stop();
    expect(await running).toBe(0);
  });

  it("lists the identities and each source's variables in the banner", async () => {
    const file = join(dir, 'banner.json');
    writeFileSync(file, JSON.stringify({ managedIdentities: [{ systemAssigned: true }] }));
    const { stdout, stop, running } = runUntilStopped(['start', '--config', file]);
    await expect.poll(stdout, { timeout: 10_000 }).toContain('Press Ctrl+C to stop.');
    expect(stdout()).toContain('Managed identities (of the emulated resource):');
    expect(stdout()).toMatch(/system-assigned\s+client id [0-9a-f-]{36}/);
    expect(stdout()).toMatch(
      /AppService\s+IDENTITY_ENDPOINT=http:\/\/127\.0\.0\.1:\d+\S* IDENTITY_HEADER=\S+/,
    );
    stop();
    expect(await running).toBe(0);
  });
});

describe('users and public clients from the command line and the config file', () => {
  const dir = temporaryFolder('identity-emulator-cli-users');

  it('lets a configured user sign in to a configured public client with a device code', async () => {
    const file = join(dir, 'users.json');
    writeFileSync(
      file,
      JSON.stringify({
        apps: [{ clientId: 'device-app', publicClient: true, redirectUris: ['http://localhost/callback'] }],
        users: [{ username: 'ada@contoso.example', password: 'from-config', name: 'Ada' }],
      }),
    );
    const { stdout, stop, running } = runUntilStopped([
      'start',
      '--json',
      '--config',
      file,
      '--user',
      'grace@contoso.example:from-flag',
    ]);
    await expect.poll(stdout, { timeout: 10_000 }).toContain('\n');
    const started = JSON.parse(stdout()) as { url: string; tenantId: string; users: unknown[] };
    expect(started.users).toEqual([
      { username: 'ada@contoso.example', tenantId: started.tenantId },
      { username: 'grace@contoso.example', tenantId: started.tenantId },
    ]);
    expect(stdout()).not.toContain('from-config');

    const code = (await (
      await fetch(`${started.url}/${started.tenantId}/oauth2/v2.0/devicecode`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: 'device-app', scope: 'User.Read offline_access' }),
      })
    ).json()) as { user_code: string; device_code: string };
    const browser = new TestBrowser({ url: started.url });
    const signIn = await browser.post('/devicelogin', { user_code: code.user_code });
    for (const user of [
      { username: 'ada@contoso.example', password: 'from-config' },
      { username: 'grace@contoso.example', password: 'from-flag' },
    ]) {
      const page = await new TestBrowser({ url: started.url }).submit(signIn, user, 'sign-in');
      expect(formOf(page.html).fields.step).toBe('confirm');
    }
    const done = await completeSignIn(browser, signIn, {
      username: 'ada@contoso.example',
      password: 'from-config',
    });
    expect(done.html).toContain('You have signed in');
    const token = await postToken({ url: started.url }, started.tenantId, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: 'device-app',
      device_code: code.device_code,
    });
    expect(token.status).toBe(200);
    expect(token.json.refresh_token).toBeTruthy();
    stop();
    expect(await running).toBe(0);
  });

  it('prints the users and the sign-in endpoints in the banner, without passwords', async () => {
    const { stdout, stop, running } = runUntilStopped([
      'start',
      '--user',
      'ada@contoso.example:hidden-password',
    ]);
    await expect.poll(stdout, { timeout: 10_000 }).toContain('Press Ctrl+C to stop.');
    expect(stdout()).toMatch(
      /Authorize: +http:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36}\/oauth2\/v2\.0\/authorize/,
    );
    expect(stdout()).toMatch(/Device login: +http:\/\/127\.0\.0\.1:\d+\/devicelogin/);
    expect(stdout()).toMatch(/Users who can sign in:\n {2}ada@contoso\.example {2}tenant [0-9a-f-]{36}/);
    expect(stdout()).not.toContain('hidden-password');
    stop();
    expect(await running).toBe(0);
  });
});

describe('the built binary', () => {
  let child: ChildProcess | undefined;

  beforeAll(() => {
    // Turbo builds before testing; a direct `vitest run` rebuilds when the sources are newer than dist.
    const newestSource = Math.max(...readdirSync(sourceDir).map((f) => statSync(join(sourceDir, f)).mtimeMs));
    if (!existsSync(cliPath) || statSync(cliPath).mtimeMs < newestSource) {
      execFileSync('pnpm', ['run', 'build'], { cwd: packageDir, stdio: 'ignore' });
    }
  }, 120_000);

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  function startCli(args: string[]) {
    const started = spawn(process.execPath, [cliPath, ...args], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let stdout = '';
    let stderr = '';
    started.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    started.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)));
    return { child: started, stdout: () => stdout, stderr: () => stderr, exited };
  }

  it('starts, prints its URL and apps as JSON, serves a token and stops on SIGTERM', async () => {
    const cli = startCli(['start', '--port', '0', '--json']);
    await expect.poll(cli.stdout, { timeout: 15_000 }).toContain('\n');
    const details = JSON.parse(cli.stdout()) as {
      url: string;
      tenantId: string;
      apps: { clientId: string; clientSecret: string; tenantId: string }[];
    };
    expect(details.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [app] = details.apps;
    const token = await postToken(details, details.tenantId, {
      grant_type: 'client_credentials',
      client_id: app!.clientId,
      client_secret: app!.clientSecret,
      scope: 'https://storage.azure.com/.default',
    });
    expect(token.status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('prints a readable banner', async () => {
    const cli = startCli(['start']);
    await expect.poll(cli.stdout, { timeout: 15_000 }).toContain('Press Ctrl+C to stop.');
    expect(cli.stdout()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const cli = startCli(['start', '--frobnicate']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain("Unknown option '--frobnicate'.");
  });
});
