// `identity doctor` writes nothing: with a cache file that does not open (cut short, sealed with a key the secret
// store does not hold, written in a newer format), it reports what is wrong, where to read about it and what the
// next app run would do, and leaves every file, folder and mode as it was and the keyring without a new entry. The
// built binary, spawned as a user runs it, on real files in temporary folders; the keyring cases against a real
// Secret Service (gnome-keyring in a D-Bus session of its own).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { homeEnv, runWithSecretService } from '@identity/tooling/test-secret-service';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../test/cli-file-snapshot.js';
import { runNode } from '../test/cli-run-node.js';

const here = dirname(fileURLToPath(import.meta.url));
const cliPath = join(here, '..', 'dist', 'cli.js');
// cache-persistence's own program for its Secret Service tests: `stored-key` reads a key's entry straight from the store.
const KEYRING_PROGRAM = join(
  here,
  '..',
  '..',
  'cache-persistence',
  'test',
  'cache-persistence-keyring-program.mjs',
);

let emulator: Emulator;
beforeAll(async () => {
  if (!existsSync(cliPath)) throw new Error('build @identity/cli first: pnpm --filter @identity/cli build');
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

// A service principal of the emulator, so that the chain works (doctor exits 0) whatever the cache is.
function chainEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const sp = emulator.registerApp();
  return {
    ...homeEnv(home),
    AZURE_AUTHORITY_HOST: emulator.url,
    AZURE_TENANT_ID: sp.tenantId,
    AZURE_CLIENT_ID: sp.clientId,
    AZURE_CLIENT_SECRET: sp.clientSecret as string,
    AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential',
    ...extra,
  };
}

// A cache folder under a new home, as `identity login` leaves it (0700), with `files` in it.
function cacheWith(files: Record<string, Buffer | string>, mode = 0o600) {
  const home = temporaryFolder('identity-doctor');
  const directory = join(home, '.IdentityService');
  mkdirSync(directory, { mode: 0o700 });
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(directory, name), content, { mode });
  return { home, directory };
}

// A file that starts like a sealed cache (format version `version`), sealed with a key nobody has.
const sealedLike = (version: number) =>
  Buffer.concat([
    Buffer.from('IDCP'),
    Buffer.from([version]),
    Buffer.alloc(8, 7),
    Buffer.alloc(12, 1),
    Buffer.alloc(48, 9),
  ]);

const RECORD = JSON.stringify({
  authority: 'login.microsoftonline.com',
  homeAccountId: 'uid.utid',
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  tenantId: 'utid',
  username: 'ada@contoso.example',
  version: '1.0',
});

describe('identity doctor writes nothing', () => {
  it('reports a cache file that does not open (cut short) and what the next run would do, and leaves it as it is', async () => {
    const { home, directory } = cacheWith({
      'msal.cache.nocae': '{"Account":{"uid.utid-login.windows.net-utid":{"home_acc',
      'msal.cache.authentication-record.json': RECORD,
    });
    // A folder wider than 0700, as an older tool may have left it: the next run narrows it, doctor does not.
    chmodSync(directory, 0o755);
    const before = snapshot(home);
    const env = chainEnv(home);

    const text = await runNode([cliPath, 'doctor'], { env, timeoutInMs: 60_000 });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}msal\.cache\.nocae +not encrypted, \d+ bytes, cannot be read$/m);
    expect(text.stdout).toMatch(
      /^ {2}problem +msal\.cache\.nocae cannot be read: it is not a token cache this version reads \(cut short, or not MSAL's JSON\)\. The next app that uses the cache moves it aside \(msal\.cache\.nocae\.corrupt-<time>\) and starts the cache again empty: signed-in users sign in once more\. Troubleshooting: .*#cache-persistence-corrupt-file$/m,
    );
    const json = JSON.parse(
      (await runNode([cliPath, 'doctor', '--json'], { env, timeoutInMs: 60_000 })).stdout,
    );
    expect(json.cache.problems).toEqual([
      expect.objectContaining({
        file: join(directory, 'msal.cache.nocae'),
        code: 'UNREADABLE',
        setAside: true,
        guide: expect.stringMatching(/#cache-persistence-corrupt-file$/),
      }),
    ]);

    expect(snapshot(home)).toEqual(before);
  });

  it('makes no folder for a cache that does not exist', async () => {
    const home = temporaryFolder('identity-doctor');
    const { code, stdout } = await runNode([cliPath, 'doctor'], { env: chainEnv(home), timeoutInMs: 60_000 });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}protection +none yet \(no cache files\)$/m);
    expect(readdirSync(home)).toEqual([]);
  });
});

describe('identity doctor writes nothing, with a real Secret Service (gnome-keyring)', () => {
  it('reports a key that is not in the keyring, creates none, and sets no file aside', async () => {
    const { home, directory } = cacheWith({
      'msal.cache.nocae': sealedLike(1),
      'msal.cache.authentication-record.json': RECORD,
    });
    const env = chainEnv(home);
    // The keyring exists (the daemon made it in an earlier session), without this cache's key.
    await runWithSecretService([KEYRING_PROGRAM, 'stored-key', '{"cacheName":"msal.cache"}'], { home, env });
    // The cache's folder (the keyring daemon keeps its own files and sockets in the home).
    const before = snapshot(directory);

    const { stdout } = await runWithSecretService([cliPath, 'doctor'], { home, env, timeoutInMs: 60_000 });
    expect(stdout).toMatch(/^ {2}msal\.cache\.nocae +encrypted, \d+ bytes, cannot be read$/m);
    expect(stdout).toMatch(/^ {2}protection +encrypted, but its key is not in the Secret Service \(D-Bus\)/m);
    expect(stdout).toMatch(
      /^ {2}problem +msal\.cache\.nocae cannot be read: it is encrypted with a key that is not in the Secret Service \(D-Bus\) .*The next app that uses the cache makes a new key and moves the file aside \(msal\.cache\.nocae\.corrupt-<time>\).*Troubleshooting: .*#cache-persistence-missing-key$/m,
    );
    expect(stdout).toMatch(/^ {2}accounts +unknown \(the files cannot be read\)$/m);
    expect(stdout).toMatch(/^ {2}default account +ada@contoso\.example /m);

    expect(snapshot(directory)).toEqual(before);
    const stored = await runWithSecretService([KEYRING_PROGRAM, 'stored-key', '{"cacheName":"msal.cache"}'], {
      home,
      env,
    });
    expect(JSON.parse(stored.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ storedKey: null });
  }, 60_000);

  it('reports a file of a newer format as left alone, and leaves it', async () => {
    const home = temporaryFolder('identity-doctor');
    const env = chainEnv(home);
    // This cache's key in the keyring (made by sealing something with it), then a file in a newer format.
    await runWithSecretService([KEYRING_PROGRAM, 'seal', '{"cacheName":"msal.cache","text":"{}"}'], {
      home,
      env,
    });
    const directory = join(home, '.IdentityService');
    mkdirSync(directory, { mode: 0o700 });
    writeFileSync(join(directory, 'msal.cache.nocae'), sealedLike(2), { mode: 0o600 });
    const before = snapshot(directory);

    const { stdout } = await runWithSecretService([cliPath, 'doctor'], { home, env, timeoutInMs: 60_000 });
    expect(stdout).toMatch(/^ {2}protection +encrypted: AES-256-GCM, key in the Secret Service/m);
    expect(stdout).toMatch(
      /^ {2}problem +msal\.cache\.nocae cannot be read: .*newer version of @identity\/cache-persistence.*Apps of this version leave it as it is.*#cache-persistence-newer-format$/m,
    );
    expect(snapshot(directory)).toEqual(before);
    expect(readFileSync(join(directory, 'msal.cache.nocae')).equals(sealedLike(2))).toBe(true);
  }, 60_000);
});
