// `identity accounts` only looks: with a cache file that does not open (cut short, not MSAL's JSON) or a folder
// others may write in, it lists what it can, says what is wrong and exits 1, and leaves every file, folder and mode
// as it was. `identity logout` does not sign anyone out of such a cache either: moving the file aside would keep its
// refresh tokens on disk while saying "nothing to sign out". The built binary, spawned as a user runs it, on real
// files in temporary folders.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../test/cli-file-snapshot.js';
import { runNode } from '../test/cli-run-node.js';

const cliPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

// An unencrypted cache file (MSAL's JSON) holding one signed-in account of `username`.
function cacheDocument(username: string): string {
  const owner = { home_account_id: 'uid.utid', environment: 'login.microsoftonline.com' };
  return JSON.stringify({
    Account: { a: { ...owner, realm: 'utid', username } },
    RefreshToken: {
      r: { ...owner, credential_type: 'RefreshToken', client_id: 'app', secret: 'refresh-secret' },
    },
    AccessToken: {},
    IdToken: {},
    AppMetadata: {},
  });
}

// A cache folder (0700 unless told) with `files` in it, and the environment that points the CLI at it.
function cacheWith(files: Record<string, string>, folderMode = 0o700) {
  const home = temporaryFolder('identity-accounts');
  const directory = join(home, 'cache');
  mkdirSync(directory, { mode: folderMode });
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(directory, name), content, { mode: 0o600 });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, IDENTITY_CACHE_DIRECTORY: directory };
  return { directory, env };
}

const identity = (args: string[], env: Record<string, string>) =>
  runNode([cliPath, ...args], { env, timeoutInMs: 30_000 });

describe('identity accounts changes nothing', () => {
  it('reports a cache file that does not open, exits 1, and leaves it where it is', async () => {
    const { directory, env } = cacheWith({ 'msal.cache.nocae': '{"Account": {' });
    const before = snapshot(directory);
    for (const args of [['accounts'], ['accounts', '--json']]) {
      const { code, stderr } = await identity(args, env);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr).toMatch(/^identity accounts: msal\.cache\.nocae cannot be read: /m);
      expect(stderr).toContain('TROUBLESHOOTING.md#cache-persistence-');
      expect(snapshot(directory), args.join(' ')).toEqual(before);
    }
  });

  it('lists the accounts of the file that opens, and says which file does not', async () => {
    const { directory, env } = cacheWith({
      'msal.cache.nocae': cacheDocument('ada@contoso.example'),
      'msal.cache.cae': 'not json',
    });
    const before = snapshot(directory);
    const table = await identity(['accounts'], env);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^ada@contoso\.example +utid +uid\.utid +app/m);
    expect(table.stderr).toMatch(/^identity accounts: msal\.cache\.cae cannot be read: /m);
    const json = await identity(['accounts', '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).accounts).toMatchObject([{ username: 'ada@contoso.example' }]);
    expect(json.stdout + json.stderr).not.toContain('refresh-secret');
    expect(snapshot(directory)).toEqual(before);
  });

  it('leaves a folder others may write in as it is (it does not narrow it)', async () => {
    const { directory, env } = cacheWith({ 'msal.cache.nocae': cacheDocument('ada@contoso.example') }, 0o777);
    // The umask may have narrowed mkdir's mode: the folder is made open on purpose.
    const { chmodSync } = await import('node:fs');
    chmodSync(directory, 0o777);
    const before = snapshot(directory);
    const { code, stderr } = await identity(['accounts'], env);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^identity accounts: msal\.cache\.nocae cannot be read: /m);
    expect(snapshot(directory)).toEqual(before);
  });
});

describe('identity logout with a cache file that does not open', () => {
  it('signs no one out, says which file and why, exits 1, and changes nothing', async () => {
    const { directory, env } = cacheWith({
      'msal.cache.nocae': cacheDocument('ada@contoso.example'),
      'msal.cache.cae': '{"RefreshToken": {"r": {"secret": "refresh-sec',
    });
    const before = snapshot(directory);
    for (const args of [
      ['logout', '--all'],
      ['logout', '--username', 'ada@contoso.example'],
    ]) {
      const { code, stdout, stderr } = await identity(args, env);
      expect(code, args.join(' ')).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^identity logout: msal\.cache\.cae cannot be read: /m);
      expect(stderr).toContain(join(directory, 'msal.cache.cae'));
      expect(stderr).not.toContain('refresh-sec');
      expect(snapshot(directory), args.join(' ')).toEqual(before);
    }
  });
});
