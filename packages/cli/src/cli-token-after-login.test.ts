// The hand-off from `identity login` to what uses its account: `identity token` gets tokens silently as the account
// login signed in (encrypted, or in clear after `--unencrypted`), `identity doctor` says who is signed in without
// opening the cache, and an app that was not allowed to read a cache in clear is told so and how to opt in. The
// built binary, spawned as a user runs it, against the emulator; managed identity points at a closed loopback port.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator, RegisteredApp } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { closedPort } from '@identity/tooling/test-closed-port';
import { homeEnv, runWithSecretService } from '@identity/tooling/test-secret-service';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../test/cli-file-snapshot.js';
import { deviceCodeApprover, identity } from '../test/cli-identity-run.js';
import { runNode } from '../test/cli-run-node.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = join(packageDir, 'dist', 'cli.js');
const VAULT = 'https://vault.azure.net/.default';

// Microsoft's development app, which `identity login` signs in to and SharedTokenCacheCredential reads by default.
const DEVELOPER_APP = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

let emulator: Emulator;
let developerApp: RegisteredApp;
let imds: string;
beforeAll(async () => {
  if (!existsSync(cliPath)) throw new Error('build @identity/cli first: pnpm --filter @identity/cli build');
  emulator = await startEmulator({ deviceCodeIntervalSeconds: 1 });
  developerApp = emulator.registerApp({
    clientId: DEVELOPER_APP,
    publicClient: true,
    multiTenant: true,
    adminConsent: true,
  });
  imds = `http://127.0.0.1:${await closedPort()}`;
});
afterAll(() => emulator.stop());

// A user of the development app's tenant, a home of their own (no developer tool on PATH, managed identity on a
// closed port, no secret store), and the flags that sign in as a user does (the default app).
let users = 0;
function setup() {
  const { username } = emulator.registerUser({
    username: `ada.${++users}.${Date.now()}@contoso.example`,
    password: testSecret('password'),
    tenantId: developerApp.tenantId,
  });
  const home = temporaryFolder('identity-token-login');
  const env = {
    PATH: join(home, 'no-tools'),
    HOME: home,
    AZURE_AUTHORITY_HOST: emulator.url,
    AZURE_POD_IDENTITY_AUTHORITY_HOST: imds,
  };
  const signIn = ['--device-code', '--tenant', developerApp.tenantId];
  const token = ['token', '--scope', VAULT, '--json'];
  return { username, home, directory: join(home, '.IdentityService'), env, signIn, token };
}

const approveAs = deviceCodeApprover(() => emulator);

describe('identity token after identity login', () => {
  it('gets a token silently as the account identity login signed in to an encrypted cache (OS secret store)', async () => {
    const { username, home, signIn, token } = setup();
    const env = {
      ...homeEnv(home),
      AZURE_AUTHORITY_HOST: emulator.url,
      AZURE_POD_IDENTITY_AUTHORITY_HOST: imds,
    };
    const login = await runWithSecretService([cliPath, 'login', ...signIn], {
      home,
      env,
      timeoutInMs: 60_000,
      onStderr: approveAs(username),
    });
    expect(login.stdout).toMatch(/\(encrypted: AES-256-GCM, key in the Secret Service/);

    const { stdout, stderr } = await runWithSecretService([cliPath, ...token], {
      home,
      env: { ...env, AZURE_TOKEN_CREDENTIALS: 'SharedTokenCacheCredential' },
      timeoutInMs: 60_000,
    });
    expect(stderr).not.toMatch(/useIdentityPlugin/);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ credential: 'SharedTokenCacheCredential', scope: VAULT });
    expect(result.claims).toMatchObject({ aud: 'https://vault.azure.net', upn: username });
  }, 60_000);

  it('reads the cache identity login --unencrypted kept in clear (the user chose it then), and keeps it in clear', async () => {
    const { username, directory, env, signIn, token } = setup();
    expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(username))).code).toBe(0);

    // The whole default chain, as a user runs it: managed identity is unavailable, the login's account answers.
    const run = await identity(token, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.credential).toBe('SharedTokenCacheCredential');
    expect(result.claims).toMatchObject({ aud: 'https://vault.azure.net', upn: username });
    // Still MSAL's JSON in clear, nothing set aside.
    expect(JSON.parse(readFileSync(join(directory, 'msal.cache.nocae'), 'utf8')).RefreshToken).toBeTruthy();
    expect(readdirSync(directory).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('with nobody signed in, says to sign in with identity login, and makes no cache (in clear or not)', async () => {
    const { home, env } = setup();
    const run = await identity(
      ['token', '--scope', VAULT, '--credential', 'SharedTokenCacheCredential'],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no signed-in account in the shared token cache/);
    expect(run.stderr).toContain('identity login');
    expect(run.stderr).not.toMatch(/useIdentityPlugin/);
    expect(readdirSync(home)).toEqual([]);
  });
});

describe('identity doctor after identity login', () => {
  it("says in SharedTokenCacheCredential's row who is signed in and what reads the cache, not an app author's step, and changes nothing", async () => {
    const { username, home, env, signIn } = setup();
    expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(username))).code).toBe(0);
    const before = snapshot(home);

    const json = await identity(['doctor', '--json', '--credential', 'SharedTokenCacheCredential'], env);
    const row = JSON.parse(json.stdout).credentials.find(
      (candidate: { credential: string }) => candidate.credential === 'SharedTokenCacheCredential',
    );
    expect(row.why).toBe(`1 account signed in with 'identity login': ${username}.`);
    expect(row.next).toMatch(
      /'identity token' uses it; apps read it with useIdentityPlugin\(cachePersistencePlugin\)/,
    );
    expect(row.next).toMatch(/unsafeAllowUnencryptedStorage/);
    expect(`${row.why} ${row.next}`).not.toMatch(/add `useIdentityPlugin|none is registered/);
    const text = await identity(['doctor', '--credential', 'SharedTokenCacheCredential'], env);
    expect(text.stdout).toContain(`1 account signed in with 'identity login'`);

    expect(snapshot(home)).toEqual(before);
  });

  it('on a machine where only the login works, concludes the chain would use it (not tried) and exits 0, as identity token does', async () => {
    const { username, home, env, signIn } = setup();
    expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(username))).code).toBe(0);
    const before = snapshot(home);

    // The whole chain, as a user runs it: no AZURE_* variables, no developer tool, managed identity unreachable.
    const text = await identity(['doctor'], env);
    expect(text.stdout).not.toMatch(/No credential works here/);
    expect(text.stdout).toMatch(
      /^DefaultAzureCredential would use SharedTokenCacheCredential, as the account signed in with 'identity login' \(not tried: .*\)\.$/m,
    );
    expect(text.stdout).toMatch(/^SharedTokenCacheCredential +not tried +/m);
    expect(text.code).toBe(0);
    const report = JSON.parse((await identity(['doctor', '--json'], env)).stdout);
    expect(report.works).toBe(true);
    expect(report.credentials).toContainEqual(
      expect.objectContaining({ credential: 'SharedTokenCacheCredential', result: 'not tried' }),
    );
    // Not asked: the cache was neither refreshed nor written.
    expect(snapshot(home)).toEqual(before);
    // And it tells the truth: identity token gets a token the same way.
    expect((await identity(['token', '--scope', VAULT], env)).code).toBe(0);
  });

  it('with several accounts signed in and none chosen, says so and which setting chooses, and does not count it as working', async () => {
    const { username, home, directory, env, signIn } = setup();
    const { username: other } = emulator.registerUser({
      username: `grace.${users}.${Date.now()}@contoso.example`,
      password: testSecret('password'),
      tenantId: developerApp.tenantId,
    });
    for (const who of [username, other]) {
      expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(who))).code).toBe(0);
    }
    // No default account: the record identity login writes is gone (as in a cache another MSAL tool wrote).
    rmSync(join(directory, 'msal.cache.authentication-record.json'));
    const before = snapshot(home);

    const text = await identity(['doctor'], env);
    expect(text.stdout).toMatch(/^SharedTokenCacheCredential +unavailable +/m);
    expect(text.stdout).not.toMatch(/would use SharedTokenCacheCredential/);
    expect(text.code).toBe(1);
    const report = JSON.parse((await identity(['doctor', '--json'], env)).stdout);
    expect(report.works).toBe(false);
    const row = report.credentials.find(
      (candidate: { credential: string }) => candidate.credential === 'SharedTokenCacheCredential',
    );
    expect(row.result).toBe('unavailable');
    expect(row.why).toContain('several accounts');
    expect(row.why).toContain(username);
    expect(row.why).toContain(other);
    expect(row.next).toMatch(/AZURE_USERNAME/);
    expect(row.next).toMatch(/sharedCacheUsername/);
    // And it tells the truth: identity token's chain gets the same answer from the credential, and goes on.
    const token = await identity(['token', '--scope', VAULT], env);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain(
      'SharedTokenCacheCredential: the shared token cache holds several accounts',
    );

    // AZURE_USERNAME chooses one: the chain would use it (not tried), as identity token does.
    const chosen = JSON.parse(
      (await identity(['doctor', '--json'], { ...env, AZURE_USERNAME: other })).stdout,
    );
    expect(chosen.works).toBe(true);
    expect(chosen.credentials).toContainEqual(
      expect.objectContaining({ credential: 'SharedTokenCacheCredential', result: 'not tried' }),
    );
    expect(snapshot(home)).toEqual(before);
  });

  it("says in SharedTokenCacheCredential's row that nobody is signed in, and to run identity login", async () => {
    const { home, env } = setup();
    const json = await identity(['doctor', '--json', '--credential', 'SharedTokenCacheCredential'], env);
    const row = JSON.parse(json.stdout).credentials.find(
      (candidate: { credential: string }) => candidate.credential === 'SharedTokenCacheCredential',
    );
    expect(row).toMatchObject({ credential: 'SharedTokenCacheCredential', result: 'unavailable' });
    expect(row.why).toBe('No account is signed in to the shared token cache.');
    expect(row.next).toMatch(/^Sign in with 'identity login'/);
    expect(readdirSync(home)).toEqual([]);
  });
});

// A developer's script beside the CLI: the default chain with the persistence plugin, as the README says.
// Opted in, the way DefaultAzureCredential takes it: the cache in clear as its tokenCache.
const appScript = (optIn: boolean) => `
import { useIdentityPlugin } from '@identity/core';
import { cachePersistencePlugin, persistentTokenCache } from '@identity/cache-persistence';
import { DefaultAzureCredential } from '@identity/default';
useIdentityPlugin(cachePersistencePlugin);
const tokenCache = ${optIn ? 'persistentTokenCache({ unsafeAllowUnencryptedStorage: true })' : 'undefined'};
const credential = new DefaultAzureCredential({ tokenCache });
try {
  const token = await credential.getToken('${VAULT}');
  console.log(JSON.stringify({ credential: credential.selectedCredentialName }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, message: error.message }));
} finally {
  await credential.close();
  await tokenCache?.close();
}
`;
const runApp = (optIn: boolean, env: Record<string, string>) =>
  runNode(['--input-type=module', '-e', appScript(optIn)], { cwd: packageDir, env, timeoutInMs: 60_000 });

describe('an app after identity login --unencrypted', () => {
  it('is told the shared cache is kept in clear and how to opt in (not to sign in again); opted in, it reads it', async () => {
    const { username, directory, env, signIn } = setup();
    expect((await identity(['login', ...signIn, '--unencrypted'], env, approveAs(username))).code).toBe(0);
    const before = snapshot(directory);

    const refused = JSON.parse((await runApp(false, env)).stdout);
    expect(refused.name).toBe('AggregateAuthenticationError');
    expect(refused.message).toMatch(/msal\.cache\.nocae is kept in clear/);
    expect(refused.message).toMatch(/unsafeAllowUnencryptedStorage: true/);
    expect(refused.message).toMatch(/TROUBLESHOOTING\.md#cache-persistence-kept-in-clear/);
    expect(refused.message).not.toMatch(/no signed-in account/);
    // Refused without reading or writing it.
    expect(snapshot(directory)).toEqual(before);

    expect(JSON.parse((await runApp(true, env)).stdout)).toEqual({
      credential: 'SharedTokenCacheCredential',
    });
  });
});

describe('identity login, then no OS secret store', () => {
  it('is told the encrypted cache is there but its secret store cannot be reached (not to sign in again), by identity token and by an app', async () => {
    const { username, home, directory, env, signIn, token } = setup();
    const login = await runWithSecretService([cliPath, 'login', ...signIn], {
      home,
      env: { ...homeEnv(home), AZURE_AUTHORITY_HOST: emulator.url, AZURE_POD_IDENTITY_AUTHORITY_HOST: imds },
      timeoutInMs: 60_000,
      onStderr: approveAs(username),
    });
    expect(login.stdout).toMatch(/\(encrypted: AES-256-GCM, key in the Secret Service/);
    const before = snapshot(directory);
    // The same home, later, where no D-Bus session runs (setup's env has no DBUS_SESSION_BUS_ADDRESS).
    const unreachable = `${join(directory, 'msal.cache.nocae')} exists, encrypted, but the OS secret store that holds its key, the Secret Service (D-Bus), cannot be reached: there is no D-Bus session`;

    const run = await identity([...token, '--credential', 'SharedTokenCacheCredential'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(unreachable);
    expect(run.stderr).toMatch(/signing in again cannot help/);
    expect(run.stderr).toMatch(/TROUBLESHOOTING\.md#cache-persistence-no-secret-store/);
    expect(run.stderr).not.toMatch(/no signed-in account/);

    const app = JSON.parse((await runApp(false, env)).stdout);
    expect(app.name).toBe('AggregateAuthenticationError');
    expect(app.message).toContain(unreachable);
    expect(app.message).not.toMatch(/no signed-in account/);
    // Neither read, set aside nor rewrote the cache.
    expect(snapshot(directory)).toEqual(before);
  }, 90_000);
});

describe('identity login --unencrypted', () => {
  it('says which credentials read a cache in clear, and how, instead of promising DefaultAzureCredential', async () => {
    const { username, env, signIn } = setup();
    const help = (await identity(['login', '--help'], env)).stdout;
    expect(help).toMatch(/--unencrypted .*\n(.*\n)*.*DefaultAzureCredential does not read a cache in clear/);
    expect(help).toMatch(/identity token/);
    expect(help).toMatch(/unsafeAllowUnencryptedStorage: true/);

    const login = await identity(['login', ...signIn, '--unencrypted'], env, approveAs(username));
    expect(login.code).toBe(0);
    expect(login.stdout).toMatch(/DefaultAzureCredential does not read it/);
    expect(login.stdout).toMatch(/'identity token' does/);
    expect(login.stdout).toMatch(/unsafeAllowUnencryptedStorage: true/);
    expect(login.stdout).not.toMatch(/Credentials given this cache now sign in silently/);
  });
});
