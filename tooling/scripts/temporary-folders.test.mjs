// The temporary folder check of the test command: a run that leaves nothing passes, anything left fails it and is
// named by its path relative to the folder, and the folder is removed either way.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../vitest/test-temporary-folder.ts';
import {
  formatLeftovers,
  leftovers,
  makeRunFolder,
  removeFolder,
  withRunFolder,
} from './temporary-folders.mjs';

describe('makeRunFolder', () => {
  it('makes an empty 0700 folder with a short name directly under the temporary folder, for socket paths', () => {
    const parent = temporaryFolder('run-folder-parent');
    const dir = makeRunFolder(parent);
    expect(dirname(dir)).toBe(parent);
    expect(basename(dir)).toMatch(/^it-\w{6}$/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('withRunFolder', () => {
  it('passes an empty folder, and removes it', async () => {
    let seen;
    const { result, leftovers: left } = await withRunFolder(
      (dir) => {
        seen = dir;
        return 0;
      },
      { parent: temporaryFolder('run-folder-parent') },
    );
    expect(result).toBe(0);
    expect(left).toEqual([]);
    expect(existsSync(seen)).toBe(false);
  });

  it('passes a run whose child process cleans up after itself', async () => {
    const { leftovers: left } = await withRunFolder(
      (dir) => {
        const script =
          "const fs = require('node:fs'), os = require('node:os'), path = require('node:path');" +
          "const d = fs.mkdtempSync(path.join(os.tmpdir(), 'child-')); fs.rmSync(d, { recursive: true });";
        return spawnSync(process.execPath, ['-e', script], { env: { TMPDIR: dir } }).status;
      },
      { parent: temporaryFolder('run-folder-parent') },
    );
    expect(left).toEqual([]);
  });

  it('names every path a child process left in its TMPDIR, relative to it, and still removes the folder', async () => {
    let seen;
    const { result, leftovers: left } = await withRunFolder(
      (dir) => {
        seen = dir;
        const script =
          "const fs = require('node:fs'), os = require('node:os'), path = require('node:path');" +
          "const d = path.join(os.tmpdir(), 'cache-persistence-abc123'); fs.mkdirSync(path.join(d, '.IdentityService'), { recursive: true });" +
          "fs.writeFileSync(path.join(d, '.IdentityService', 'msal.cache'), 'x'); fs.writeFileSync(path.join(os.tmpdir(), 'ca.pem'), 'x');";
        return spawnSync(process.execPath, ['-e', script], { env: { TMPDIR: dir } }).status;
      },
      { parent: temporaryFolder('run-folder-parent') },
    );
    expect(result).toBe(0);
    expect(left).toEqual(['ca.pem', 'cache-persistence-abc123/.IdentityService/msal.cache']);
    expect(existsSync(seen)).toBe(false);
  });

  it('removes the folder when the run throws', async () => {
    let seen;
    await expect(
      withRunFolder(
        (dir) => {
          seen = dir;
          writeFileSync(join(dir, 'key.pem'), 'x');
          throw new Error('the run broke');
        },
        { parent: temporaryFolder('run-folder-parent') },
      ),
    ).rejects.toThrow('the run broke');
    expect(existsSync(seen)).toBe(false);
  });
});

describe('leftovers', () => {
  it('lists empty folders, links and sockets too, not only files', async () => {
    const dir = temporaryFolder('leftovers');
    mkdirSync(join(dir, 'empty'));
    symlinkSync(tmpdir(), join(dir, 'link'));
    const server = createServer();
    await new Promise((resolve) => server.listen(join(dir, 's.sock'), resolve));
    try {
      expect(leftovers(dir)).toEqual(['empty/', 'link', 's.sock']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is empty for an empty folder', () => {
    expect(leftovers(temporaryFolder('leftovers'))).toEqual([]);
  });
});

describe('removeFolder', () => {
  it('removes a folder a test left without write permission', () => {
    const dir = join(temporaryFolder('remove-folder'), 'run');
    mkdirSync(join(dir, 'locked'), { recursive: true });
    writeFileSync(join(dir, 'locked', 'file'), 'x');
    chmodSync(join(dir, 'locked'), 0o500);
    removeFolder(dir);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('formatLeftovers', () => {
  it('prints one indented line a path, and how many more past the limit', () => {
    expect(formatLeftovers(['a', 'b', 'c'], 2)).toEqual(['  a', '  b', '  ... and 1 more']);
  });
});
