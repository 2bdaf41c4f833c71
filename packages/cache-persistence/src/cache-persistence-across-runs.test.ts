// A user signs in once; the next run (another process) gets tokens silently from the cache file: ours after ours,
// ours after @azure/identity, and @azure/identity after ours. Each run is a process of its own, with HOME in a
// temporary folder, against the emulator over https (the peer accepts no other authority).
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@identity/emulator';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const GRAPH = 'https://graph.microsoft.com/User.Read';
const VAULT = 'https://vault.azure.net/user_impersonation';
const test = join(import.meta.dirname, '..', 'test');

let emulator: Emulator;
let caFile: string;
// How far the emulator's clock is ahead: refresh tokens age without the test waiting.
let clockAhead = 0;
beforeAll(async () => {
  // The peer polls at the interval Entra asks for: one second keeps its sign-ins short.
  emulator = await startEmulator({
    https: true,
    deviceCodeIntervalSeconds: 1,
    now: () => Date.now() + clockAhead,
  });
  caFile = join(temporaryFolder('cache-persistence-ca'), 'ca.pem');
  writeFileSync(caFile, emulator.caCertificate as string);
});
afterAll(() => emulator.stop());

interface RunResult {
  tokens: string[];
  record: Record<string, string>;
  fsStreamsAtFirstToken?: boolean;
}

function setup(registration: { refreshTokenLifetimeSeconds?: number } = {}) {
  clockAhead = 0;
  const app = emulator.registerApp({ publicClient: true, adminConsent: true, ...registration });
  const { username } = emulator.registerUser({
    username: `ada.${app.clientId}@contoso.example`,
    password: testSecret('password'),
    tenantId: app.tenantId,
  });
  const home = temporaryFolder('cache-persistence-home');
  // One run of an app: ours or the peer's, signing in (approved here) or silent with a record.
  const run = (side: 'ours' | 'peer', scopes: string[], record?: Record<string, string>) =>
    runApp(join(test, `cache-persistence-${side}.mjs`), side, home, username, {
      authorityHost: emulator.url,
      tenantId: app.tenantId,
      clientId: app.clientId,
      scopes,
      record,
    });
  return { app, username, home, run };
}

const grants = (type: string) => emulator.requests.filter((r) => r.grantType === type).length;

describe('the persistent cache across runs', () => {
  it('signs a user in once; the next run, another process, gets the cached token and refreshes for another scope silently', async () => {
    const { home, username, run } = setup();
    const first = await run('ours', [GRAPH]);
    const file = join(home, '.IdentityService', 'msal.cache.nocae');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const cached = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.values(cached.Account)).toMatchObject([{ username, authority_type: 'MSSTS' }]);
    expect(Object.values(cached.RefreshToken)).toHaveLength(1);

    const refreshes = grants('refresh_token');
    const tokenRequests = emulator.requestCount('token');
    const next = await run('ours', [GRAPH, VAULT], first.record);
    // The cached access token, from the file: no request for it, and read without importing node:fs (whose ES
    // namespace loads fs's streams, ~20 modules, at every start of a tool).
    expect(next.tokens[0]).toBe(first.tokens[0]);
    expect(next.fsStreamsAtFirstToken).toBe(false);
    // Another scope: the refresh token from the file, one request, no sign-in.
    expect(await emulator.verifyAccessToken(next.tokens[1] as string)).toMatchObject({
      aud: 'https://vault.azure.net',
      upn: username,
    });
    expect(grants('refresh_token') - refreshes).toBe(1);
    expect(emulator.requestCount('token') - tokenRequests).toBe(1);
  }, 60_000);

  it('sends a refresh token Entra calls dead (revoked) once: no later call or run sends it, and the file no longer holds it (@azure/identity still reads the file)', async () => {
    const { home, username, run } = setup();
    const first = await run('ours', [GRAPH]);
    const file = join(home, '.IdentityService', 'msal.cache.nocae');
    const [held] = Object.values(JSON.parse(readFileSync(file, 'utf8')).RefreshToken) as { secret: string }[];
    clockAhead = 1000;
    emulator.revokeRefreshTokens(username);

    const refreshes = grants('refresh_token');
    const refused = await run('ours', [VAULT, VAULT], first.record);
    const later = await run('ours', [VAULT], first.record);
    // Silent runs (disableAutomaticAuthentication): each call needs a sign-in, and only the first asked Entra.
    expect([...refused.tokens, ...later.tokens]).toEqual(Array(3).fill('ERROR AuthenticationRequiredError'));
    expect(grants('refresh_token') - refreshes).toBe(1);
    const cached = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.stringify(cached)).not.toContain(held?.secret);
    // The account stays: the next sign-in's record and the cache agree on who it is.
    expect(Object.values(cached.Account)).toMatchObject([{ username }]);
    // @azure/identity reads the file without its refresh token: the access token it holds still serves.
    const peer = await run('peer', [GRAPH], first.record);
    expect(peer.tokens).toEqual([first.tokens[0]]);
  }, 90_000);

  it('reads what @azure/identity with @azure/identity-cache-persistence wrote, and the other way round', async () => {
    const { username, run } = setup();
    // The peer signs in and writes the cache; our next run is silent, from the peer's access and refresh tokens.
    const peer = await run('peer', [GRAPH]);
    expect(peer.record).toMatchObject({ username });
    const ours = await run('ours', [GRAPH, VAULT], peer.record);
    expect(ours.tokens[0]).toBe(peer.tokens[0]);
    expect(await emulator.verifyAccessToken(ours.tokens[1] as string)).toMatchObject({
      aud: 'https://vault.azure.net',
    });

    // The peer's next run is silent from what ours wrote (the vault token was never in the peer's cache).
    const tokenRequests = emulator.requestCount('token');
    const peerAgain = await run('peer', [VAULT, GRAPH], peer.record);
    expect(peerAgain.tokens).toEqual([ours.tokens[1], ours.tokens[0]]);
    expect(emulator.requestCount('token')).toBe(tokenRequests);
  }, 90_000);

  it('keeps ours on the newest refresh token after @azure/identity signed the user in, past the first one’s lifetime', async () => {
    // Refresh tokens that live an hour from their issue (Entra's live 90 days): each use gives a new one.
    const { run } = setup({ refreshTokenLifetimeSeconds: 3600 });
    const peer = await run('peer', [GRAPH]);
    await run('ours', [VAULT], peer.record);
    clockAhead = 50 * 60_000;
    await run('ours', ['https://storage.azure.com/user_impersonation'], peer.record);
    // The peer's token has expired; the one ours rotated in ten minutes ago has not, and serves.
    clockAhead = 70 * 60_000;
    const later = await run('ours', ['https://management.azure.com/user_impersonation'], peer.record);
    expect(await emulator.verifyAccessToken(later.tokens[0] as string)).toMatchObject({
      aud: 'https://management.azure.com',
    });
  }, 90_000);

  it('lets @azure/identity sign in silently from a cache only ours ever wrote', async () => {
    const { run } = setup();
    const ours = await run('ours', [GRAPH]);
    const refreshes = grants('refresh_token');
    const peer = await run('peer', [GRAPH, VAULT], ours.record);
    expect(peer.tokens[0]).toBe(ours.tokens[0]);
    expect(await emulator.verifyAccessToken(peer.tokens[1] as string)).toMatchObject({
      aud: 'https://vault.azure.net',
    });
    expect(grants('refresh_token') - refreshes).toBe(1);
  }, 60_000);
});

// Runs an app script in a process of its own: approves each device code it shows as `user`, and resolves with its
// RESULT line.
function runApp(
  script: string,
  side: 'ours' | 'peer',
  home: string,
  user: string,
  input: Record<string, unknown>,
): Promise<RunResult> {
  const args =
    side === 'peer' ? ['--import', join(test, 'cache-persistence-keytar-hook.mjs'), script] : [script];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: test,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        NODE_EXTRA_CA_CERTS: caFile,
        CACHE_TEST_INPUT: JSON.stringify(input),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 45_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    let result: RunResult | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('CODE ')) emulator.approveDeviceCode(line.slice(5).trim(), user);
        if (line.startsWith('RESULT ')) result = JSON.parse(line.slice(7));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0 && result) resolve(result);
      else
        reject(new Error(`${side} run ended (${signal ?? code}) without a result:\n${stderr.slice(-2000)}`));
    });
  });
}
