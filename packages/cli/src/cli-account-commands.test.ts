// `identity login`, `identity accounts`, `identity logout` and doctor's cache section: the built binary, spawned as
// a user runs it, signing a user of the emulator in with a device code (the test plays the user and approves the
// code the CLI prints), into a cache in a temporary folder.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { persistentTokenCache } from '@identity/cache-persistence';
import { deserializeAuthenticationRecord } from '@identity/core';
import { DeviceCodeCredential } from '@identity/device-code';
import type { Emulator, RegisteredApp } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { homeEnv, runWithSecretService } from '@identity/tooling/test-secret-service';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceCodeApprover, identity, USER_CODE } from '../test/cli-identity-run.js';

const cliPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const VAULT = 'https://vault.azure.net/user_impersonation';

let emulator: Emulator;
beforeAll(async () => {
  if (!existsSync(cliPath)) throw new Error('build @identity/cli first: pnpm --filter @identity/cli build');
  // The CLI polls at the interval the emulator asks for: one second keeps sign-ins short.
  emulator = await startEmulator({ deviceCodeIntervalSeconds: 1 });
});
afterAll(() => emulator.stop());

// A public client app and its user, a cache folder of its own, and the flags that sign in to that app.
function setup() {
  const app: RegisteredApp = emulator.registerApp({ publicClient: true, adminConsent: true });
  const { username } = emulator.registerUser({
    username: `ada.${app.clientId}@contoso.example`,
    password: testSecret('password'),
    tenantId: app.tenantId,
  });
  const home = temporaryFolder('identity-login');
  const directory = join(home, 'cache');
  // No secret store (no D-Bus session), nothing of the developer's machine.
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AZURE_AUTHORITY_HOST: emulator.url,
    IDENTITY_CACHE_DIRECTORY: directory,
  };
  const signIn = ['--device-code', '--client-id', app.clientId, '--tenant', app.tenantId];
  return { app, username, home, directory, env, signIn };
}

const approveAs = deviceCodeApprover(() => emulator);

describe('identity login, accounts and logout (unencrypted cache)', () => {
  it('signs in with a device code, lists the account, serves a credential silently, and signs out', async () => {
    const { app, username, directory, env, signIn } = setup();

    const login = await identity(['login', ...signIn, '--unencrypted'], env, approveAs(username));
    expect(login.stderr).toMatch(USER_CODE);
    expect(login.code).toBe(0);
    expect(login.stdout).toMatch(
      new RegExp(`^Signed in as ${username.replace(/\./g, '\\.')} \\(tenant ${app.tenantId}\\)\\.`),
    );
    expect(login.stdout).toContain(`${join(directory, 'msal.cache.nocae')} (not encrypted)`);
    // The refresh token in the cache file, the record beside it: 0600 files in a 0700 folder.
    const cacheFile = JSON.parse(readFileSync(join(directory, 'msal.cache.nocae'), 'utf8'));
    const [refreshToken] = Object.values(cacheFile.RefreshToken) as { secret: string }[];
    expect(refreshToken?.secret).toBeTruthy();
    expect(login.stdout + login.stderr).not.toContain(refreshToken?.secret);
    const recordPath = join(directory, 'msal.cache.authentication-record.json');
    const record = deserializeAuthenticationRecord(readFileSync(recordPath, 'utf8'));
    expect(record).toMatchObject({ username, clientId: app.clientId, tenantId: app.tenantId });
    for (const file of ['msal.cache.nocae', 'msal.cache.authentication-record.json']) {
      expect(statSync(join(directory, file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(directory).mode & 0o777).toBe(0o700);

    const listed = await identity(['accounts'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^user +tenant +home account id +client +default$/m);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${username.replace(/\./g, '\\.')} +${app.tenantId} +${record.homeAccountId} +${app.clientId} +yes$`,
        'm',
      ),
    );
    const json = JSON.parse((await identity(['accounts', '--json'], env)).stdout);
    expect(json.accounts).toEqual([
      {
        username,
        tenantId: app.tenantId,
        homeAccountId: record.homeAccountId,
        clientId: app.clientId,
        authority: record.authority,
        isDefault: true,
      },
    ]);

    // Another program on the machine, given the cache and the record, gets a token for another scope silently.
    const prompts: unknown[] = [];
    const tokenCache = persistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
    const credential = new DeviceCodeCredential({
      clientId: app.clientId,
      tenantId: app.tenantId,
      authorityHost: emulator.url,
      tokenCache,
      authenticationRecord: record,
      userPromptCallback: (info) => prompts.push(info),
    });
    const { token } = await credential.getToken(VAULT);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({
      aud: 'https://vault.azure.net',
      upn: username,
    });
    expect(prompts).toEqual([]);
    await tokenCache.close();

    const logout = await identity(['logout'], env);
    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain(
      `Signed out ${username} (tenant ${app.tenantId}, client ${app.clientId}).`,
    );
    expect(logout.stdout).toContain(`Removed the default account's record ${recordPath}.`);
    expect(existsSync(recordPath)).toBe(false);
    const after = JSON.parse(readFileSync(join(directory, 'msal.cache.nocae'), 'utf8'));
    expect(after.RefreshToken).toEqual({});
    expect(after.AccessToken).toEqual({});

    const empty = await identity(['accounts'], env);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(
      /^No accounts in the token cache .*msal\.cache\.nocae\. Sign in with 'identity login'\./,
    );
  });

  it('signs out one user by name, or everyone, and keeps the other accounts', async () => {
    const first = setup();
    const { username: other } = emulator.registerUser({
      username: `grace.${first.app.clientId}@contoso.example`,
      password: testSecret('password'),
      tenantId: first.app.tenantId,
    });
    const { env, signIn } = first;
    expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(first.username))).code).toBe(
      0,
    );
    expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(other))).code).toBe(0);
    // The last sign-in is the default account.
    const listed = JSON.parse((await identity(['accounts', '--json'], env)).stdout).accounts;
    expect(
      listed.map((a: { username: string; isDefault: boolean }) => [a.username, a.isDefault]).sort(),
    ).toEqual(
      [
        [first.username, false],
        [other, true],
      ].sort(),
    );

    const one = await identity(['logout', '--username', first.username.toUpperCase()], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(
      `Signed out ${first.username} (tenant ${first.app.tenantId}, client ${first.app.clientId}).\n`,
    );
    const left = JSON.parse((await identity(['accounts', '--json'], env)).stdout).accounts;
    expect(left).toMatchObject([{ username: other, isDefault: true }]);

    const unknown = await identity(['logout', '--username', 'nobody@contoso.example'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^identity logout: no account nobody@contoso\.example in the token cache/);

    const all = await identity(['logout', '--all'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`Signed out ${other}`);
    expect(all.stdout).toContain("Removed the default account's record");
    expect(JSON.parse((await identity(['accounts', '--json'], env)).stdout).accounts).toEqual([]);
  });

  it('identity doctor shows the cache: its files, that it is not encrypted, the accounts and the default account', async () => {
    const { username, app, directory, env, signIn } = setup();
    const before = await identity(['doctor', '--credential', 'AzureCliCredential'], env);
    expect(before.stdout).toMatch(/^Persistent token cache \(msal\.cache\):$/m);
    expect(before.stdout).toMatch(/^ {2}msal\.cache\.nocae +not there$/m);
    expect(before.stdout).toMatch(/^ {2}protection +none yet \(no cache files\)$/m);
    expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(username))).code).toBe(0);

    const { stdout } = await identity(['doctor', '--credential', 'AzureCliCredential'], env);
    expect(stdout).toMatch(new RegExp(`^ {2}folder +${directory.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(stdout).toMatch(/^ {2}msal\.cache\.nocae +not encrypted, \d+ bytes$/m);
    expect(stdout).toMatch(/^ {2}protection +not encrypted \(written with --unencrypted/m);
    expect(stdout).toMatch(new RegExp(`^ {2}accounts +${username.replace(/\./g, '\\.')}$`, 'm'));
    expect(stdout).toMatch(
      new RegExp(
        `^ {2}default account +${username.replace(/\./g, '\\.')} \\(tenant ${app.tenantId}\\)$`,
        'm',
      ),
    );
    const report = JSON.parse(
      (await identity(['doctor', '--json', '--credential', 'AzureCliCredential'], env)).stdout,
    );
    expect(report.cache).toMatchObject({
      name: 'msal.cache',
      directory,
      secretStore: 'not needed',
      accounts: [username],
      defaultAccount: { username, inCache: true },
    });
  });
});

describe('identity login with a real Secret Service (gnome-keyring)', () => {
  it('encrypts the cache with a key in the keyring; accounts and doctor read it there; a locked keyring is a line of the report', async () => {
    const { username, app, env, signIn } = setup();
    const home = env.HOME;
    // The cache in its default place, ~/.IdentityService, under a home with its own keyring.
    const world = { ...homeEnv(home), AZURE_AUTHORITY_HOST: emulator.url };
    const login = await runWithSecretService([cliPath, 'login', ...signIn], {
      home,
      env: world,
      timeoutInMs: 60_000,
      onStderr: approveAs(username),
    });
    expect(login.stdout).toMatch(/\(encrypted: AES-256-GCM, key in the Secret Service/);
    const file = readFileSync(join(home, '.IdentityService', 'msal.cache.nocae'));
    expect(file.subarray(0, 4).toString()).toBe('IDCP');
    expect(file.toString('latin1')).not.toContain(username);

    const listed = await runWithSecretService([cliPath, 'accounts', '--json'], { home, env: world });
    expect(JSON.parse(listed.stdout).accounts).toMatchObject([
      { username, clientId: app.clientId, isDefault: true },
    ]);

    // Doctor, with a service principal so the chain works (exit 0): the cache's section.
    const sp = emulator.registerApp();
    const chain = {
      ...world,
      AZURE_TENANT_ID: sp.tenantId,
      AZURE_CLIENT_ID: sp.clientId,
      AZURE_CLIENT_SECRET: sp.clientSecret as string,
      AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential',
    };
    const doctor = await runWithSecretService([cliPath, 'doctor'], { home, env: chain });
    expect(doctor.stdout).toMatch(/^ {2}msal\.cache\.nocae +encrypted, \d+ bytes$/m);
    expect(doctor.stdout).toMatch(/^ {2}protection +encrypted: AES-256-GCM, key in the Secret Service/m);
    expect(doctor.stdout).toMatch(new RegExp(`^ {2}accounts +${username.replace(/\./g, '\\.')}$`, 'm'));

    // The keyring locked (its unlock prompt cannot be shown): doctor says so and finishes.
    const locked = await runWithSecretService([cliPath, 'doctor'], { home, env: chain, locked: true });
    expect(locked.stdout).toMatch(
      /^ {2}protection +encrypted, but the secret store that keeps the key is unavailable: /m,
    );
    expect(locked.stdout).toMatch(/^ {2}accounts +unknown \(the secret store is unavailable\)$/m);
    expect(locked.stdout).toMatch(
      new RegExp(`^ {2}default account +${username.replace(/\./g, '\\.')} `, 'm'),
    );
    // Four runs of the CLI, each in a D-Bus session with its own keyring daemon: ~6 s quiet, far more under load.
  }, 60_000);
});

describe('identity login, accounts and logout: mistakes', () => {
  it.each([
    [['login', '--bogus'], "Unknown option '--bogus'", 'identity login --help'],
    [['login', '--timeout', 'soon'], '--timeout must be a positive number', 'identity login --help'],
    [['login', '--cache-name', '../elsewhere'], '--cache-name must be a file name', 'identity login --help'],
    [['login', '--tenant', 'not a tenant!', '--unencrypted'], 'tenant', 'identity login --help'],
    // Checked before the secret store is asked (this machine has none, so that would fail first).
    [['login', '--tenant', 'not a tenant!'], 'tenant', 'identity login --help'],
    [['login', '--client-id', 'not an id'], 'client', 'identity login --help'],
    // An empty value (a script's unset variable) is a mistake, not a request for the default tenant or app.
    [['login', '--tenant', '', '--unencrypted'], '--tenant must name a tenant', 'identity login --help'],
    [['login', '--client-id', '', '--unencrypted'], '--client-id must name an app', 'identity login --help'],
    [['login', '--scope', 'two words'], '--scope: scope', 'identity login --help'],
    [['token', '--scope', 'https://vault.azure.net/.default\nx'], '--scope: scope', 'identity token --help'],
    [
      ['logout', '--username', 'ada@contoso.example', '--all'],
      'cannot be used together',
      'identity logout --help',
    ],
    [['accounts', 'everyone'], "Unexpected argument 'everyone'", 'identity accounts --help'],
  ])('%j is a usage error: exit 2, with a pointer to help', async (args, message, help) => {
    const { env } = setup();
    const { code, stdout, stderr } = await identity(args, env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain(`See '${help}'`);
  });

  it.each([[['login', '--help']], [['logout', '-h']], [['accounts', '--help']]])(
    '%j prints help',
    async (args) => {
      const { code, stdout } = await identity(args, setup().env);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: identity (login|logout|accounts)/);
    },
  );

  it('refuses to sign in without a secret store unless --unencrypted, before asking the user anything', async () => {
    const { directory, env, signIn } = setup();
    const devicecodes = emulator.requestCount('devicecode');
    const { code, stderr } = await identity(['login', ...signIn], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^identity login: .*Pass --unencrypted to keep the cache in clear instead/);
    expect(stderr).toContain('TROUBLESHOOTING.md#cache-persistence-no-secret-store');
    expect(emulator.requestCount('devicecode')).toBe(devicecodes);
    expect(existsSync(join(directory, 'msal.cache.nocae'))).toBe(false);
  });

  it('signs in to a cache kept in clear only with --unencrypted, and never sets its files aside', async () => {
    const { username, directory, env, signIn } = setup();
    expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(username))).code).toBe(0);
    const { code, stderr } = await identity(['login', ...signIn], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/is kept in clear \(it was written with --unencrypted\): pass --unencrypted/);
    expect(JSON.parse((await identity(['accounts', '--json'], env)).stdout).accounts).toHaveLength(1);
    expect(existsSync(join(directory, 'msal.cache.nocae'))).toBe(true);
  });

  it('prints what a hostile cache file says without letting it drive the terminal (accounts, doctor, logout)', async () => {
    const { env, directory } = setup();
    // Escape sequences that retitle the window and clear the screen, and a bidi override, in the file's fields.
    const evil = '\u001b]0;owned\u0007\u001b[2J\u202eevil\u009b31m';
    const account = { home_account_id: 'uid.utid', environment: 'login.microsoftonline.com' };
    const document = {
      Account: { a: { ...account, realm: `utid${evil}`, username: `ada${evil}@contoso.example` } },
      RefreshToken: {
        r: { ...account, credential_type: 'RefreshToken', client_id: `app${evil}`, secret: 'refresh' },
      },
      AccessToken: {},
      IdToken: {},
      AppMetadata: {},
    };
    const record = {
      ...account,
      authority: account.environment,
      homeAccountId: 'x.y',
      tenantId: 'y',
      clientId: 'z',
    };
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(directory, { mode: 0o700 });
    writeFileSync(join(directory, 'msal.cache.nocae'), JSON.stringify(document), { mode: 0o600 });
    writeFileSync(
      join(directory, 'msal.cache.authentication-record.json'),
      JSON.stringify({ ...record, username: `bob${evil}` }),
      { mode: 0o600 },
    );
    for (const args of [['accounts'], ['doctor'], ['logout', '--all']]) {
      const { stdout, stderr } = await identity(args, env);
      const output = stdout + stderr;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      expect(output, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      if (args[0] !== 'doctor') expect(output).toContain('\\u001b]0;owned\\u0007');
    }
  });

  it('says what to pass when there is no default account to sign out', async () => {
    const { env } = setup();
    const { code, stderr } = await identity(['logout'], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/has no default account .*pass --username <name> or --all/);
  });

  it('gives up when the sign-in is not finished in time', async () => {
    const { env, signIn } = setup();
    // Nobody approves the code.
    const { code, stderr } = await identity(['login', ...signIn, '--unencrypted', '--timeout', '1500'], env);
    expect(code).toBe(1);
    expect(stderr).toContain('identity login: the sign-in did not finish within 1500 ms (--timeout).');
  });

  it('stops the sign-in on Ctrl-C (SIGINT): exit 130, nothing written', async () => {
    const { directory, env, signIn } = setup();
    const child = spawn(process.execPath, [cliPath, 'login', ...signIn, '--unencrypted'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // The code is shown: the user changes their mind.
      if (USER_CODE.test(chunk)) child.kill('SIGINT');
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('identity login: sign-in cancelled.');
    expect(existsSync(join(directory, 'msal.cache.authentication-record.json'))).toBe(false);
  });
});
