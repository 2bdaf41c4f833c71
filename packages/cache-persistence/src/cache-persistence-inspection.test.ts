// inspectTokenCache changes nothing: on real files in a temporary folder, a file that does not open is reported
// (with what the next app run would do), and no folder, lock file, set-aside copy or narrowed mode appears.
import { chmodSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { describe, expect, it } from 'vitest';
import { inspectTokenCache } from './cache-persistence-inspection.js';

const look = (directory: string) =>
  readdirSync(directory).map((name) => {
    const info = lstatSync(join(directory, name), { bigint: true });
    return `${name} ${(info.mode & 0o777n).toString(8)} ${info.size} ${info.mtimeNs}`;
  });

describe('inspectTokenCache', () => {
  it('reports a file that does not open and what the next run does, and changes nothing', async () => {
    const directory = join(temporaryFolder('cache-persistence'), '.IdentityService');
    mkdirSync(directory, { mode: 0o700 });
    writeFileSync(join(directory, 'msal.cache.nocae'), '{"RefreshToken":{"k":{"secret":"0.AR-cut', {
      mode: 0o644,
    });
    // Others may write in it: every reader refuses the folder; being this user's, the next app narrows it.
    chmodSync(directory, 0o777);
    const before = [look(directory), lstatSync(directory).mode];
    const inspection = await inspectTokenCache({ directory });
    expect(inspection.protection).toEqual({ state: 'unencrypted' });
    expect(inspection.accounts).toBeUndefined();
    expect(inspection.problems).toEqual([
      expect.objectContaining({
        file: join(directory, 'msal.cache.nocae'),
        code: 'UNSAFE_FOLDER',
        setAside: false,
        message: expect.stringContaining('narrows the folder to 0700'),
      }),
    ]);
    expect([look(directory), lstatSync(directory).mode]).toEqual(before);

    chmodSync(directory, 0o700);
    const { problems } = await inspectTokenCache({ directory });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'UNREADABLE',
        setAside: true,
        guide: expect.stringMatching(/#cache-persistence-corrupt-file$/),
        message: expect.stringMatching(/moves it aside \(msal\.cache\.nocae\.corrupt-<time>\)/),
      }),
    ]);
    // Never the file's contents (a parser's message would quote them).
    expect(JSON.stringify(problems)).not.toContain('0.AR-cut');
    expect(look(directory)).toEqual(before[0]);
  });

  it('makes no folder for a cache that does not exist', async () => {
    const home = temporaryFolder('cache-persistence');
    const inspection = await inspectTokenCache({ directory: join(home, '.IdentityService') });
    expect(inspection).toMatchObject({ protection: { state: 'none' }, problems: [], accounts: [] });
    expect(readdirSync(home)).toEqual([]);
  });
});
