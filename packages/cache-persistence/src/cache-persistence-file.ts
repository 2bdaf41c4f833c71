// One cache file on disk: read and changed under its cross-process lock, so two processes that write at once both
// keep their changes (each change is applied to the file as it is when the lock is taken); written to a temporary
// file beside it and renamed over it, so no reader ever sees half a file; mode 0600 in a 0700 folder. A file that
// cannot be read (truncated, not JSON, sealed with a key that is gone) is moved aside with a warning and the cache
// starts again empty: a broken file never breaks the app (a file in a newer format of this library is left as it
// is). Reading takes no lock and writes nothing: the file is read as it is (see `read`), and only a file that does
// not open is read again under the lock.
import { readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { CachePersistenceError } from './cache-persistence-errors.js';
import type { FileLockTiming } from './cache-persistence-file-lock.js';
import { withFileLock } from './cache-persistence-file-lock.js';
import { unreadableReason } from './cache-persistence-file-problem.js';
import { MAX_CACHE_FILE_BYTES, openRegularFile } from './cache-persistence-file-read.js';
import type { MsalCacheDocument } from './cache-persistence-msal-format.js';
import { parseCacheDocument, serializeCacheDocument } from './cache-persistence-msal-format.js';
import {
  checkPrivateDirectory,
  ensurePrivateDirectory,
  narrowToPrivate,
  writeFileAtomically,
} from './cache-persistence-private-file.js';
import type { CacheProtection } from './cache-persistence-protection.js';
import { isSealedCache } from './cache-persistence-protection-keyring-sealing.js';

// node:fs's sync calls, without importing node:fs: from an ES module that import makes Node build the namespace of
// every fs export, which loads fs's streams (some 20 more modules) in a process that only reads its cache. Node
// 20.16+ has process.getBuiltinModule; an older Node reads through fs/promises.
type SyncFs = Pick<typeof import('node:fs'), 'readFileSync' | 'statSync'>;
const syncFs = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:fs') as
  | SyncFs
  | undefined;

// The file's identity, size and time, or undefined when there is no file.
async function statIfAny(
  path: string,
): Promise<
  { size: number; mtimeMs: number; ino: number; mode: number; uid: number; isFile(): boolean } | undefined
> {
  if (syncFs) return syncFs.statSync(path, { throwIfNoEntry: false });
  return stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * A cache file: its MSAL document, read and changed under the file's lock.
 *
 * @example
 * ```ts
 * const file = new CacheFile('/home/ada/.IdentityService/msal.cache.nocae', () => protection, { logger });
 * await file.update((document) => { document.AppMetadata[key] = entity; });
 * ```
 */
export class CacheFile {
  readonly path: string;
  readonly #protection: () => Promise<CacheProtection>;
  readonly #lock: FileLockTiming;
  readonly #logger: Logger | undefined;
  // The last document read, and the file's size and time when it was read: re-read only when the file changed.
  #known: { document: MsalCacheDocument; version: string } | undefined;
  readonly #pending = new Set<Promise<unknown>>();
  #directory: Promise<void> | undefined;
  // Whether the folder was found private (once: only its owner can change that).
  #folderChecked = false;

  constructor(
    path: string,
    protection: () => Promise<CacheProtection>,
    options: { lock?: FileLockTiming; logger?: Logger } = {},
  ) {
    this.path = path;
    this.#protection = protection;
    this.#lock = options.lock ?? {};
    this.#logger = options.logger;
  }

  /**
   * The document as the file holds it now (an empty one when there is no file). Read without the lock, without
   * making the folder, and at once on Node 20.16+ (a cache file is a few KiB: one `stat` and one read, no round trips through the
   * thread pool): this library only ever replaces the file whole, renaming a new one over it, so what is read is a
   * whole file. A file that does not open whole (empty, cut short, not JSON, sealed another way), as while a writer
   * that rewrites it in place (MSAL's, under the lock) is at work, is read again under the lock, where a broken one
   * is set aside. So a process that only reads the cache creates, locks and writes nothing.
   */
  async read(): Promise<MsalCacheDocument> {
    return (await this.#readAsItIs()) ?? this.#locked(() => this.#load());
  }

  /**
   * The document as {@link read} finds it, for a tool that must change nothing (`identity doctor`): never under
   * the lock, never set aside, so it creates, locks, moves and writes nothing. A file that does not open answers
   * `unreadable` (what opening it threw, which the next {@link read} or {@link update} would set aside it for).
   *
   * @throws `CachePersistenceError` for a file every reader leaves as it is (`NOT_A_FILE`, `TOO_LARGE`,
   *   `UNSAFE_FOLDER`, `OTHER_PROTECTION`, `NEWER_FORMAT`), or what the protection throws (no secret store)
   */
  async inspect(): Promise<{ document: MsalCacheDocument } | { unreadable: unknown }> {
    const document = await this.#readAsItIs();
    if (document) return { document };
    const folder = dirname(this.path);
    const info = await statIfAny(folder);
    if (info) checkPrivateDirectory(folder, info);
    return this.#open();
  }

  /**
   * Applies `change` to the document as the file holds it now and writes the result, all under the file's lock. A
   * change that returns `false` changed nothing: the file is left as it is.
   */
  update(change: (document: MsalCacheDocument) => unknown): Promise<void> {
    return this.#locked(async () => {
      const document = await this.#load();
      if (change(document) === false) return;
      await this.#write(document);
    });
  }

  /** Resolves once every read and write started so far has ended. */
  async settle(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  // Runs `work` under the file's lock (the folder made first: the lock file lives in it), tracked for settle().
  #locked<T>(work: () => Promise<T>): Promise<T> {
    this.#directory ??= ensurePrivateDirectory(dirname(this.path));
    const directory = this.#directory;
    // A folder that could not be made is tried again next time.
    directory.catch(() => {
      if (this.#directory === directory) this.#directory = undefined;
    });
    // The secret store is asked before the lock is taken, never under it: its call may wait for an unlock prompt,
    // and a lock held that long would be taken over as abandoned (and the other writer's change then lost).
    const locked = Promise.all([directory, this.#protection()]).then(() =>
      withFileLock(this.path, work, this.#lock),
    );
    this.#pending.add(locked);
    const done = () => this.#pending.delete(locked);
    locked.then(done, done);
    return locked;
  }

  // Without the lock: the file's document, or undefined when it does not open whole (then it is read under the lock).
  async #readAsItIs(): Promise<MsalCacheDocument | undefined> {
    try {
      const info = await statIfAny(this.path);
      if (!info) {
        this.#known = undefined;
        return parseCacheDocument('');
      }
      if (!this.#folderChecked) {
        // A folder another user can write in may hold their file: looked at (and refused) under the lock.
        const folder = dirname(this.path);
        checkPrivateDirectory(folder, (await statIfAny(folder)) as { mode: number; uid: number });
        this.#folderChecked = true;
      }
      const version = `${info.ino}:${info.size}:${info.mtimeMs}`;
      if (this.#known?.version === version) return structuredClone(this.#known.document);
      // Not a regular file (a FIFO would block the read), empty, or too large: looked at under the lock.
      if (!info.isFile() || info.size === 0 || info.size > MAX_CACHE_FILE_BYTES) return undefined;
      const bytes = syncFs ? syncFs.readFileSync(this.path) : await readFile(this.path);
      const protection = await this.#protection();
      if (isSealedCache(bytes) !== protection.encrypted) return undefined;
      const text = decoder.decode(await protection.open(bytes));
      if (!text.trim()) return undefined;
      const document = parseCacheDocument(text);
      this.#known = { document: structuredClone(document), version };
      return document;
    } catch {
      return undefined;
    }
  }

  // Under the lock: the file's document. A file that cannot be read is set aside; a path that is not a regular file,
  // or a file too large to be a cache, fails (CachePersistenceError) and is left for the user to remove.
  async #load(): Promise<MsalCacheDocument> {
    const opened = await this.#open();
    if ('document' in opened) return opened.document;
    await this.#setAside(opened.unreadable);
    return parseCacheDocument('');
  }

  // The file's document, or what opening it threw when it cannot be read (it changes nothing on disk). A file every
  // reader leaves as it is throws its CachePersistenceError.
  async #open(): Promise<{ document: MsalCacheDocument } | { unreadable: unknown }> {
    const file = await openRegularFile(this.path);
    if (!file) {
      this.#known = undefined;
      return { document: parseCacheDocument('') };
    }
    let bytes: Uint8Array;
    let version: string;
    try {
      const { info } = file;
      version = `${info.ino}:${info.size}:${info.mtimeMs}`;
      // A copy: a change that fails half-way leaves the known document as the file has it.
      if (this.#known?.version === version) return { document: structuredClone(this.#known.document) };
      bytes = await file.read();
    } finally {
      await file.close();
    }
    const protection = await this.#protection();
    // A file kept the other way (written with or without unsafeAllowUnencryptedStorage) is not broken: it is left
    // as it is, for the app or tool that opens it as it was written (empty files are neither: they are rebuilt).
    if (bytes.length > 0 && isSealedCache(bytes) !== protection.encrypted) {
      const [kept, opened] = protection.encrypted
        ? ['in clear', 'encrypted']
        : ['encrypted', 'with unsafeAllowUnencryptedStorage'];
      throw new CachePersistenceError(
        `the token cache file ${this.path} is kept ${kept} and this cache was opened ${opened}: it is left as it is. Open it as it was written (${protection.encrypted ? 'unsafeAllowUnencryptedStorage: true' : 'without unsafeAllowUnencryptedStorage'}), or delete it to start a new cache. ${troubleshooting('cache-persistence-other-protection')}`,
        'OTHER_PROTECTION',
      );
    }
    try {
      const document = parseCacheDocument(decoder.decode(await protection.open(bytes)));
      // Copied here too: a document too deep to copy is as unreadable as one that does not parse.
      this.#known = { document: structuredClone(document), version };
      return { document };
    } catch (error) {
      // A file this version must not touch (written in a newer format) is left as it is. By name: the protection
      // may come from another copy of this package.
      if ((error as Error)?.name === 'CachePersistenceError') throw error;
      return { unreadable: error };
    }
  }

  // Moves an unreadable file aside (mode 0600: it may hold tokens) and says why, never quoting the file.
  async #setAside(reason: unknown): Promise<void> {
    const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, aside);
    this.#known = undefined;
    // Best effort: the copy stays in the cache's private folder either way.
    await narrowToPrivate(aside).catch(() => {});
    const { why, anchor } = unreadableReason(reason);
    this.#logger?.warning(
      `the token cache file ${this.path} could not be read: ${why}. It was moved to ${aside}; the cache starts again empty (signed-in users sign in once more). ${troubleshooting(anchor)}`,
    );
  }

  // Under the lock: the new document, written beside the file and renamed over it.
  async #write(document: MsalCacheDocument): Promise<void> {
    const protection = await this.#protection();
    const bytes = await protection.seal(encoder.encode(serializeCacheDocument(document)));
    await writeFileAtomically(this.path, bytes);
    const info = await stat(this.path);
    this.#known = {
      document: structuredClone(document),
      version: `${info.ino}:${info.size}:${info.mtimeMs}`,
    };
  }
}
