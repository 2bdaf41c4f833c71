// A persistent cache as it is, for a tool that must change nothing (`identity doctor`): its files, how they are
// protected, what is wrong with each one that does not open and what the next app that uses the cache would do
// about it, its accounts and its default account. Nothing is created, locked, moved, narrowed or written, and no key
// is made in the OS secret store: each file is read as it was written (sealed or in clear), without the lock.
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { AuthenticationRecord, UserAccount } from '@identity/core';
import { createLogger, troubleshooting } from '@identity/core/internal';
import { accountsOf } from './cache-persistence-account-store.js';
import { readDefaultAccount } from './cache-persistence-default-account.js';
import type { CachePersistenceError } from './cache-persistence-errors.js';
import { CacheFile } from './cache-persistence-file.js';
import { unreadableReason } from './cache-persistence-file-problem.js';
import { type CacheFileState, cacheFileState } from './cache-persistence-file-state.js';
import {
  authenticationRecordFile,
  cacheDirectory,
  cacheFiles,
  DEFAULT_CACHE_NAME,
} from './cache-persistence-location.js';
import type { MsalCacheDocument } from './cache-persistence-msal-format.js';
import { type CacheProtection, unencryptedProtection } from './cache-persistence-protection.js';
import { existingKeyringProtection } from './cache-persistence-protection-keyring.js';
import { secretStoreName } from './cache-persistence-secret-store.js';

/**
 * Which cache {@link inspectTokenCache} looks at, and how long it lets the OS secret store take.
 *
 * @example
 * ```ts
 * const options: TokenCacheInspectionOptions = { name: 'msal.cache', keyringTimeoutInMs: 3_000 };
 * ```
 */
export interface TokenCacheInspectionOptions {
  /** The cache's name (default `msal.cache`). */
  name?: string;
  /** Its folder (default `~/.IdentityService`). */
  directory?: string;
  /** How long each call into the OS secret store may take, in ms (default 20,000). */
  keyringTimeoutInMs?: number;
}

/**
 * A cache file that does not open: what is wrong, and what the next app that uses the cache does about it.
 *
 * @example
 * ```ts
 * const problem: CacheFileProblem = { file, code: 'UNREADABLE', setAside: true, message: '...', guide: '...#cache-persistence-corrupt-file' };
 * ```
 */
export interface CacheFileProblem {
  /** The file's path. */
  file: string;
  /**
   * `UNREADABLE`: its contents do not open (cut short, not MSAL's JSON, sealed with another key, altered);
   * `MISSING_KEY`: it is sealed and the secret store holds no key for the cache; else the `CachePersistenceError`
   * code of a file every reader leaves as it is.
   */
  code: 'UNREADABLE' | 'MISSING_KEY' | CachePersistenceError['code'];
  /** Whether the next app that uses the cache moves the file aside (`<file>.corrupt-<time>`) and starts anew. */
  setAside: boolean;
  /** What is wrong and what the next app run does, for people (no secret: never the file's contents). */
  message: string;
  /** The troubleshooting guide's entry (`@identity/core/TROUBLESHOOTING.md#…`). */
  guide: string;
}

/**
 * How the cache's files are protected: `none` (no file), `unencrypted` (in clear), `encrypted` (with a key the
 * secret store holds), `missing-key` (sealed, and the store holds no key for the cache), or `unavailable` (sealed,
 * and the store cannot be used: `message` says why).
 *
 * @example
 * ```ts
 * if (inspection.protection.state === 'encrypted') console.log(inspection.protection.description);
 * ```
 */
export type InspectedProtection =
  | { state: 'none' | 'unencrypted' }
  | { state: 'encrypted'; description: string }
  | { state: 'missing-key'; store: string }
  | { state: 'unavailable'; message: string };

/**
 * What {@link inspectTokenCache} found.
 *
 * @example
 * ```ts
 * const { files, protection, problems, accounts } = await inspectTokenCache({ name: 'msal.cache' });
 * ```
 */
export interface TokenCacheInspection {
  /** The two cache files and the default account's record. */
  paths: { nocae: string; cae: string; authenticationRecord: string };
  /** Whether each file exists and is encrypted (its first bytes). */
  files: { nocae: CacheFileState; cae: CacheFileState };
  /** How the files are protected. */
  protection: InspectedProtection;
  /** Each file that does not open. */
  problems: CacheFileProblem[];
  /** The accounts of the files that opened; `undefined` when files exist and none of them opened. */
  accounts?: UserAccount[];
  /** The default account's record, when there is a readable one. */
  defaultAccount?: AuthenticationRecord;
}

const guide = (anchor: string) => troubleshooting(anchor).replace(/^Troubleshooting: /, '');

function setAsideProblem(
  path: string,
  code: 'UNREADABLE' | 'MISSING_KEY',
  why: string,
  anchor: string,
): CacheFileProblem {
  const name = basename(path);
  const next = code === 'MISSING_KEY' ? 'makes a new key and moves the file aside' : 'moves it aside';
  return {
    file: path,
    code,
    setAside: true,
    message: `${name} cannot be read: ${why}. The next app that uses the cache ${next} (${name}.corrupt-<time>) and starts the cache again empty: signed-in users sign in once more.`,
    guide: guide(anchor),
  };
}

async function leftAsItIs(path: string, error: unknown): Promise<CacheFileProblem> {
  if ((error as Error)?.name !== 'CachePersistenceError') throw error;
  const { code, message } = error as CachePersistenceError;
  const [text = message, anchor = 'cache-persistence'] = message.split(/ Troubleshooting: \S+#/);
  let next = 'Apps of this version leave it as it is and go on without it (in memory).';
  if (code === 'UNSAFE_FOLDER') {
    // A folder of this user's that others may write in is narrowed to 0700 by the next app that uses the cache.
    const { uid } = await stat(dirname(path));
    if (uid === process.getuid?.())
      next = 'The next app that uses the cache narrows the folder to 0700 (it is yours) and reads it.';
  }
  return {
    file: path,
    code,
    setAside: false,
    message: `${basename(path)} cannot be read: ${text} ${next}`,
    guide: guide(anchor),
  };
}

/**
 * Looks at the persistent cache `name` in `directory` and changes nothing: no folder or lock file is made, no file
 * is moved aside, narrowed or written, and no key is made in the OS secret store (a sealed file whose key the store
 * does not hold is reported as such). Each file is opened as it was written (sealed, or in clear).
 *
 * @throws the file system's error other than "no such file" (a folder that cannot be read)
 * @example
 * ```ts
 * const inspection = await inspectTokenCache({ name: 'msal.cache', keyringTimeoutInMs: 3_000 });
 * for (const problem of inspection.problems) console.log(problem.message, problem.guide);
 * ```
 */
export async function inspectTokenCache(
  options: TokenCacheInspectionOptions = {},
): Promise<TokenCacheInspection> {
  const name = options.name || DEFAULT_CACHE_NAME;
  const directory = options.directory ?? cacheDirectory();
  const paths = {
    ...cacheFiles(directory, name),
    authenticationRecord: authenticationRecordFile(directory, name),
  };
  const [nocae, cae] = await Promise.all([cacheFileState(paths.nocae), cacheFileState(paths.cae)]);
  const files = { nocae, cae };
  const existing = (['nocae', 'cae'] as const).filter((kind) => files[kind].exists);
  let protection: InspectedProtection = { state: existing.length ? 'unencrypted' : 'none' };
  let keyring: CacheProtection | undefined;
  if (existing.some((kind) => files[kind].encrypted)) {
    try {
      keyring = await existingKeyringProtection(name, { timeoutInMs: options.keyringTimeoutInMs });
      protection = keyring
        ? { state: 'encrypted', description: keyring.description }
        : { state: 'missing-key', store: secretStoreName(process.platform) };
    } catch (error) {
      protection = { state: 'unavailable', message: (error as Error).message };
    }
  }
  const logger = createLogger('PersistentTokenCache');
  const problems: CacheFileProblem[] = [];
  const documents: MsalCacheDocument[] = [];
  for (const kind of existing) {
    const path = paths[kind];
    const opener = files[kind].encrypted ? keyring : unencryptedProtection;
    if (!opener) {
      if (protection.state === 'missing-key') {
        problems.push(
          setAsideProblem(
            path,
            'MISSING_KEY',
            `it is encrypted with a key that is not in the ${protection.store} (it holds no key for this cache: the key was deleted, or this session reaches another keyring than the one that made it, such as a shell whose D-Bus session is not the desktop's)`,
            'cache-persistence-missing-key',
          ),
        );
      }
      continue;
    }
    try {
      const opened = await new CacheFile(path, async () => opener, { logger }).inspect();
      if ('document' in opened) documents.push(opened.document);
      else {
        const { why, anchor } = unreadableReason(opened.unreadable);
        problems.push(setAsideProblem(path, 'UNREADABLE', why, anchor));
      }
    } catch (error) {
      problems.push(await leftAsItIs(path, error));
    }
  }
  const accounts = existing.length && !documents.length ? undefined : accountsOf(documents);
  const defaultAccount = await readDefaultAccount(paths.authenticationRecord, logger);
  return { paths, files, protection, problems, accounts, defaultAccount };
}
