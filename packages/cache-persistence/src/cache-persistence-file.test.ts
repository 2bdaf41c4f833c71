import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setLogSink } from '@identity/core';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CachePersistenceError } from './cache-persistence-errors.js';
import { CacheFile } from './cache-persistence-file.js';
import { withFileLock } from './cache-persistence-file-lock.js';
import type { MsalCacheDocument } from './cache-persistence-msal-format.js';
import { parseCacheDocument } from './cache-persistence-msal-format.js';
import type { CacheProtection } from './cache-persistence-protection.js';
import { unencryptedProtection } from './cache-persistence-protection.js';

const logger = { verbose() {}, info() {}, warning() {}, error() {} };
const folder = () => join(temporaryFolder('cache-persistence'), '.IdentityService');
const plain = async () => unencryptedProtection;
const mode = (path: string) => statSync(path).mode & 0o777;
// The cache's folder, made as the cache makes it (reading never makes it).
const made = (directory: string) => mkdirSync(directory, { recursive: true, mode: 0o700 });
// Stands in for the keyring's protection: sealed bytes start with the sealing's magic "IDCP", as the real ones do.
const MAGIC = new TextEncoder().encode('IDCP');
const sealing: CacheProtection = {
  encrypted: true,
  description: 'test sealing',
  seal: async (contents) => new Uint8Array([...MAGIC, ...contents]),
  open: async (bytes) => bytes.subarray(MAGIC.length),
};
const sealed = async () => sealing;

afterEach(() => setLogSink(undefined));

describe('a cache file', () => {
  it('is written 0600 in a folder made 0700, by renaming a temporary file over it', async () => {
    const directory = folder();
    const file = new CacheFile(join(directory, 'msal.cache.nocae'), plain, { logger });
    await file.update((document) => {
      document.AppMetadata.key = { client_id: 'app', environment: 'login.windows.net' };
    });
    expect(mode(directory)).toBe(0o700);
    expect(mode(file.path)).toBe(0o600);
    // Nothing is left beside it: no temporary file, no lock.
    expect(readdirSync(directory)).toEqual(['msal.cache.nocae']);
    expect(JSON.parse(readFileSync(file.path, 'utf8')).AppMetadata.key).toEqual({
      client_id: 'app',
      environment: 'login.windows.net',
    });
  });

  it('narrows a folder that others can read to 0700', async () => {
    const directory = folder();
    made(directory);
    const { chmodSync } = await import('node:fs');
    chmodSync(directory, 0o755);
    await new CacheFile(join(directory, 'msal.cache.nocae'), plain, { logger }).update(() => {});
    expect(mode(directory)).toBe(0o700);
  });

  it('reads a missing file as an empty cache, without making its folder', async () => {
    const directory = folder();
    const file = new CacheFile(join(directory, 'msal.cache.nocae'), plain, { logger });
    expect(await file.read()).toEqual(parseCacheDocument(''));
    await file.settle();
    expect(() => statSync(directory)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it.each([
    ['in clear', plain],
    ['encrypted', sealed],
  ])(
    'reads a file kept %s while another process holds its lock, and creates, locks and writes nothing',
    async (_, protection) => {
      const directory = folder();
      const path = join(directory, 'msal.cache.nocae');
      await new CacheFile(path, protection, { logger }).update((document) => {
        document.AppMetadata.key = { client_id: 'app', environment: 'e' };
      });
      // A live holder of this host (this process): a reader that waited for the lock would time out.
      const { hostname } = await import('node:os');
      writeFileSync(
        `${path}.lockfile`,
        JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() }),
      );
      const before = {
        names: readdirSync(directory).sort(),
        file: statSync(path),
        folder: statSync(directory),
      };
      const reader = new CacheFile(path, protection, { logger, lock: { timeoutMs: 200, staleMs: 60_000 } });
      expect(Object.keys((await reader.read()).AppMetadata)).toEqual(['key']);
      // Read again: the same document (from memory: the file did not change).
      expect(Object.keys((await reader.read()).AppMetadata)).toEqual(['key']);
      await reader.settle();
      expect(readdirSync(directory).sort()).toEqual(before.names);
      expect(statSync(path)).toMatchObject({ mtimeMs: before.file.mtimeMs, ino: before.file.ino });
      expect(statSync(directory).mtimeMs).toBe(before.folder.mtimeMs);
      expect(readFileSync(`${path}.lockfile`, 'utf8')).toContain(`"pid":${process.pid}`);
    },
  );

  it('reads the same way, through fs/promises, on a Node without process.getBuiltinModule (before 20.16)', async () => {
    const directory = folder();
    const path = join(directory, 'msal.cache.nocae');
    await new CacheFile(path, plain, { logger }).update((document) => {
      document.AppMetadata.key = { client_id: 'app', environment: 'e' };
    });
    const { hostname } = await import('node:os');
    writeFileSync(
      `${path}.lockfile`,
      JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() }),
    );
    const builtin = Object.getOwnPropertyDescriptor(process, 'getBuiltinModule');
    Object.defineProperty(process, 'getBuiltinModule', {
      value: undefined,
      configurable: true,
      writable: true,
    });
    try {
      vi.resetModules();
      const { CacheFile: OlderNodeCacheFile } = await import('./cache-persistence-file.js');
      const lock = { timeoutMs: 200, staleMs: 60_000 };
      const reader = new OlderNodeCacheFile(path, plain, { logger, lock });
      expect(Object.keys((await reader.read()).AppMetadata)).toEqual(['key']);
      const missing = new OlderNodeCacheFile(join(folder(), 'msal.cache.nocae'), plain, { logger, lock });
      expect(await missing.read()).toEqual(parseCacheDocument(''));
    } finally {
      if (builtin) Object.defineProperty(process, 'getBuiltinModule', builtin);
      vi.resetModules();
    }
  });

  it('reads a file that another writer is rewriting in place again under the lock, once that writer is done', async () => {
    const directory = folder();
    const path = join(directory, 'msal.cache.nocae');
    made(directory);
    const whole = JSON.stringify({ AppMetadata: { key: { client_id: 'app', environment: 'e' } } });
    const warnings = logged();
    const reader = new CacheFile(path, plain, { logger: warningsTo(warnings) });
    // MSAL's writer: under the lock, the file truncated and written in place (here: cut short for a while).
    let read: Promise<MsalCacheDocument> | undefined;
    await withFileLock(path, async () => {
      writeFileSync(path, whole.slice(0, 20), { mode: 0o600 });
      read = reader.read();
      await new Promise((resolve) => setTimeout(resolve, 50));
      writeFileSync(path, whole, { mode: 0o600 });
    });
    expect(Object.keys((await (read as Promise<MsalCacheDocument>)).AppMetadata)).toEqual(['key']);
    // Not taken for a broken file: nothing set aside, no warning.
    expect(readdirSync(directory)).toEqual(['msal.cache.nocae']);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['truncated', '{"Account":{"uid.utid-login.windows.net-utid":{"home_acc'],
    ['not MSAL JSON', '[1, 2, 3]'],
  ])('sets a %s file aside with a warning, and starts again empty without failing', async (_, content) => {
    const directory = folder();
    const file = new CacheFile(join(directory, 'msal.cache.nocae'), plain, { logger: warningsTo(logged()) });
    made(directory);
    writeFileSync(file.path, content, { mode: 0o600 });
    const warnings = logged();
    const reader = new CacheFile(file.path, plain, { logger: warningsTo(warnings) });
    expect(await reader.read()).toEqual(parseCacheDocument(''));
    const aside = readdirSync(directory).filter((name) => name.startsWith('msal.cache.nocae.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(directory, aside[0] as string), 'utf8')).toBe(content);
    expect(warnings.join('\n')).toMatch(/could not be read: .* moved to .*corrupt-/);
    // The next write builds a new file.
    await reader.update((document) => {
      document.AppMetadata.key = { client_id: 'app', environment: 'e' };
    });
    expect(Object.keys(parseCacheDocument(readFileSync(file.path, 'utf8')).AppMetadata)).toEqual(['key']);
  });

  it('sets a file aside as 0600 even when it was more open: it may hold tokens', async () => {
    const directory = folder();
    made(directory);
    const path = join(directory, 'msal.cache.nocae');
    writeFileSync(path, '{"RefreshToken":{"k":{"secret":"cut short', { mode: 0o644 });
    await new CacheFile(path, plain, { logger }).read();
    const [aside] = readdirSync(directory).filter((name) => name.startsWith('msal.cache.nocae.corrupt-'));
    expect(mode(join(directory, aside as string))).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')(
    'never follows a symlink at the path while setting it aside: the file it points at keeps its mode',
    async () => {
      const { lstatSync, symlinkSync } = await import('node:fs');
      const directory = folder();
      made(directory);
      const elsewhere = join(dirname(directory), 'elsewhere.json');
      writeFileSync(elsewhere, 'not a cache', { mode: 0o644 });
      const path = join(directory, 'msal.cache.nocae');
      symlinkSync(elsewhere, path);
      await new CacheFile(path, plain, { logger }).read();
      const [aside] = readdirSync(directory).filter((name) => name.startsWith('msal.cache.nocae.corrupt-'));
      expect(lstatSync(join(directory, aside as string)).isSymbolicLink()).toBe(true);
      expect(mode(elsewhere)).toBe(0o644);
      expect(readFileSync(elsewhere, 'utf8')).toBe('not a cache');
    },
  );

  it.each([
    ['in clear, opened encrypted', plain, sealed],
    ['encrypted, opened in clear', sealed, plain],
  ])(
    'leaves a file kept %s as it is (not set aside, not rewritten), with an error that says so',
    async (_, written, opened) => {
      const directory = folder();
      const writer = new CacheFile(join(directory, 'msal.cache.nocae'), written, { logger });
      await writer.update((document) => {
        document.AppMetadata.key = { client_id: 'app', environment: 'e' };
      });
      const before = readFileSync(writer.path);
      const reader = new CacheFile(writer.path, opened, { logger });
      const failure = await reader.read().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CachePersistenceError);
      expect((failure as CachePersistenceError).code).toBe('OTHER_PROTECTION');
      expect((failure as Error).message).toMatch(/#cache-persistence-other-protection$/);
      await expect(reader.update(() => {})).rejects.toThrow(CachePersistenceError);
      expect(readdirSync(directory)).toEqual(['msal.cache.nocae']);
      expect(readFileSync(writer.path)).toEqual(before);
      // Opened as it was written, it is whole.
      expect(Object.keys((await new CacheFile(writer.path, written, { logger }).read()).AppMetadata)).toEqual(
        ['key'],
      );
    },
  );

  it('sees a change another writer made since it last read (it re-reads a file that changed)', async () => {
    const path = join(folder(), 'msal.cache.nocae');
    const first = new CacheFile(path, plain, { logger });
    const second = new CacheFile(path, plain, { logger });
    await first.update((document) => {
      document.AppMetadata.a = { client_id: 'a' };
    });
    expect(Object.keys((await second.read()).AppMetadata)).toEqual(['a']);
    await second.update((document) => {
      document.AppMetadata.b = { client_id: 'b' };
    });
    await first.update((document) => {
      document.AppMetadata.c = { client_id: 'c' };
    });
    expect(Object.keys((await first.read()).AppMetadata).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('the cross-process lock', () => {
  it("asks the secret store before it takes the file's lock: a keyring that waits for its unlock prompt never holds the lock long enough to be taken over", async () => {
    const path = join(folder(), 'msal.cache.nocae');
    // The keyring of the first writer waits for its user to unlock it; the second writer's is open.
    let unlock = () => {};
    let asked = () => {};
    const prompting = new Promise<void>((resolve) => (asked = resolve));
    const unlocked = new Promise<void>((resolve) => (unlock = resolve));
    const prompt = () => {
      asked();
      return unlocked.then(() => unencryptedProtection);
    };
    // A lock older than 1 ms is taken over as abandoned: the first writer must not be holding one while it waits.
    const lock = { staleMs: 1, timeoutMs: 10_000 };
    const first = new CacheFile(path, prompt, { logger, lock });
    const second = new CacheFile(path, plain, { logger, lock });
    const firstWrite = first.update((document) => {
      document.AppMetadata.first = { client_id: 'first' };
    });
    await prompting;
    await second.update((document) => {
      document.AppMetadata.second = { client_id: 'second' };
    });
    unlock();
    await firstWrite;
    // Both writes are in the file: neither was made on a copy the other then overwrote.
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).AppMetadata).sort()).toEqual([
      'first',
      'second',
    ]);
  });

  it("takes over a lock left by a process that died (MSAL's lock file, holding only a pid)", async () => {
    const path = join(folder(), 'msal.cache.nocae');
    const file = new CacheFile(path, plain, { logger, lock: { staleMs: 1000, timeoutMs: 5000 } });
    made(dirname(path));
    writeFileSync(`${path}.lockfile`, '12345');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lockfile`, old, old);
    await file.update((document) => {
      document.AppMetadata.a = { client_id: 'a' };
    });
    expect(Object.keys((await file.read()).AppMetadata)).toEqual(['a']);
  });

  it('takes over at once the lock of a process of this host that is gone', async () => {
    const path = join(folder(), 'msal.cache.nocae');
    made(dirname(path));
    const { hostname } = await import('node:os');
    const gone = await exitedPid();
    writeFileSync(`${path}.lockfile`, JSON.stringify({ pid: gone, host: hostname(), time: Date.now() }));
    const started = Date.now();
    await withFileLock(path, async () => {}, { staleMs: 60_000, timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('waits a bounded time for a live holder, then fails saying which file is locked and what to do', async () => {
    const path = join(folder(), 'msal.cache.nocae');
    made(dirname(path));
    let release = () => {};
    const held = withFileLock(path, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await withFileLock(path, async () => {}, { timeoutMs: 300, staleMs: 60_000 }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: 'CachePersistenceError', code: 'LOCK_TIMEOUT' });
    expect(error.message).toContain(`${path}.lockfile`);
    expect(error.message).toMatch(
      /stayed locked for 300 ms.*delete the lock file.*#cache-persistence-lock-timeout/,
    );
    release();
    await held;
    // Released: the next one gets it at once.
    await withFileLock(path, async () => {}, { timeoutMs: 300 });
  });

  it('keeps every write of 20 processes writing 50 accounts each at once: a valid file with all 1000', async () => {
    const directory = folder();
    const writer = join(import.meta.dirname, '..', 'test', 'cache-persistence-writer.mjs');
    const processes = Array.from({ length: 20 }, (_, n) =>
      run(process.execPath, [writer, directory, String(n), '50']),
    );
    await Promise.all(processes);
    for (const name of ['msal.cache.nocae', 'msal.cache.cae']) {
      const document = parseCacheDocument(readFileSync(join(directory, name), 'utf8'));
      expect(Object.keys(document.Account)).toHaveLength(1000);
      expect(Object.keys(document.RefreshToken)).toHaveLength(1000);
      expect(document.RefreshToken['uid-19-49.tenant-login.windows.net-refreshtoken-app----']?.secret).toBe(
        'refresh-19-49',
      );
    }
    expect(readdirSync(directory).sort()).toEqual(['msal.cache.cae', 'msal.cache.nocae']);
  }, 60_000);
});

function logged(): string[] {
  return [];
}

function warningsTo(lines: string[]) {
  return { ...logger, warning: (message: string) => void lines.push(message) };
}

// The pid of a process that has exited.
function exitedPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid as number));
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`)),
    );
  });
}

describe('a hostile path or folder', () => {
  const unix = process.platform !== 'win32';
  const asRoot = unix && process.getuid?.() === 0;

  it.skipIf(!unix)(
    'never hangs on a FIFO at the file, its record or its state: NOT_A_FILE, and the FIFO is left',
    async () => {
      const { execFileSync } = await import('node:child_process');
      const directory = folder();
      made(directory);
      const path = join(directory, 'msal.cache.nocae');
      execFileSync('mkfifo', [path]);
      const file = new CacheFile(path, plain, { logger });
      await expect(file.read()).rejects.toMatchObject({
        name: 'CachePersistenceError',
        code: 'NOT_A_FILE',
        message: expect.stringMatching(/not a regular file.*#cache-persistence-not-a-file/),
      });
      await expect(file.update(() => {})).rejects.toMatchObject({ code: 'NOT_A_FILE' });
      expect(statSync(path).isFIFO()).toBe(true);
      const { cacheFileState } = await import('./cache-persistence-file-state.js');
      expect(await cacheFileState(path)).toEqual({ exists: true, encrypted: false, bytes: 0 });
      const record = join(directory, 'msal.cache.authentication-record.json');
      execFileSync('mkfifo', [record]);
      const warnings: string[] = [];
      const { readDefaultAccount } = await import('./cache-persistence-default-account.js');
      expect(
        await readDefaultAccount(record, { ...logger, warning: (message) => warnings.push(message) }),
      ).toBeUndefined();
      expect(warnings.join()).toContain('#cache-persistence-default-account');
    },
  );

  it('leaves a file written in a newer format of this library as it is (NEWER_FORMAT): neither set aside nor written over', async () => {
    const directory = folder();
    made(directory);
    const path = join(directory, 'msal.cache.nocae');
    const newer = Buffer.from('IDCP\u0002 sealed by a later version');
    writeFileSync(path, newer, { mode: 0o600 });
    // What the keyring's protection answers for such a file (see the sealing's tests).
    const { sealedCacheError } = await import('./cache-persistence-protection-keyring-sealing.js');
    const protection = async (): Promise<CacheProtection> => ({
      ...sealing,
      open: async () => {
        throw sealedCacheError('newer-format', 'test store');
      },
    });
    const warnings: string[] = [];
    const file = new CacheFile(path, protection, {
      logger: { ...logger, warning: (message) => warnings.push(message) },
    });
    await expect(file.read()).rejects.toMatchObject({ name: 'CachePersistenceError', code: 'NEWER_FORMAT' });
    await expect(file.update(() => {})).rejects.toMatchObject({ code: 'NEWER_FORMAT' });
    expect(readFileSync(path).equals(newer)).toBe(true);
    expect(readdirSync(directory)).toEqual(['msal.cache.nocae']);
    expect(warnings).toEqual([]);
  });

  it('does not read a file larger than a token cache (TOO_LARGE), and leaves it', async () => {
    const { truncateSync } = await import('node:fs');
    const { MAX_CACHE_FILE_BYTES } = await import('./cache-persistence-file-read.js');
    const directory = folder();
    made(directory);
    const path = join(directory, 'msal.cache.nocae');
    writeFileSync(path, '');
    truncateSync(path, MAX_CACHE_FILE_BYTES + 1);
    const file = new CacheFile(path, plain, { logger });
    await expect(file.read()).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringMatching(/#cache-persistence-file-too-large/),
    });
    await expect(file.update(() => {})).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(statSync(path).size).toBe(MAX_CACHE_FILE_BYTES + 1);
  });

  it('sets aside a file whose JSON parses but is too deep to keep, and starts again empty', async () => {
    const directory = folder();
    made(directory);
    const path = join(directory, 'msal.cache.nocae');
    writeFileSync(path, `{"Other":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, { mode: 0o600 });
    const file = new CacheFile(path, plain, { logger });
    expect(await file.read()).toEqual(parseCacheDocument(''));
    expect(readdirSync(directory).some((name) => name.startsWith('msal.cache.nocae.corrupt-'))).toBe(true);
  });

  it('counts as private only a folder of this user (or root) that others cannot write in', async () => {
    const { checkPrivateDirectory } = await import('./cache-persistence-private-file.js');
    const me = process.getuid?.() ?? 0;
    expect(() =>
      checkPrivateDirectory('/home/ada/.IdentityService', { mode: 0o40700, uid: me }),
    ).not.toThrow();
    expect(() => checkPrivateDirectory('/root-owned', { mode: 0o40755, uid: 0 })).not.toThrow();
    if (!unix) return;
    expect(() => checkPrivateDirectory('/shared', { mode: 0o40777, uid: me })).toThrow(
      expect.objectContaining({
        code: 'UNSAFE_FOLDER',
        message: expect.stringMatching(/written by other users/),
      }),
    );
    expect(() => checkPrivateDirectory('/theirs', { mode: 0o40700, uid: me + 1 })).toThrow(
      expect.objectContaining({
        code: 'UNSAFE_FOLDER',
        message: expect.stringMatching(/belongs to another user.*#cache-persistence-unsafe-folder/),
      }),
    );
  });

  it.skipIf(!asRoot)(
    "neither reads nor writes in a folder of another user that anyone may write in (another user's planted tokens)",
    async () => {
      const { chmodSync, chownSync } = await import('node:fs');
      const directory = folder();
      made(directory);
      const path = join(directory, 'msal.cache.nocae');
      const planted = parseCacheDocument('');
      planted.AppMetadata.planted = { client_id: 'app', environment: 'login.windows.net' };
      writeFileSync(path, JSON.stringify(planted), { mode: 0o644 });
      chmodSync(directory, 0o777);
      chownSync(directory, 65534, 65534);
      const file = new CacheFile(path, plain, { logger });
      await expect(file.read()).rejects.toMatchObject({ code: 'UNSAFE_FOLDER' });
      await expect(file.update(() => {})).rejects.toMatchObject({ code: 'UNSAFE_FOLDER' });
      // Left as it was: not narrowed (it is not this user's), nothing written in it.
      expect(mode(directory)).toBe(0o777);
      expect(readdirSync(directory)).toEqual(['msal.cache.nocae']);
    },
  );
});
