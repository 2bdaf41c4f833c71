// The errors of the cache's file store. They are store failures: the token cache logs them and goes on with memory
// (a credential never fails because a cache file is busy or broken); they surface in logs and in direct calls.

/**
 * A cache file could not be read or written: `code` says why (`LOCK_TIMEOUT`: another process held the file's lock
 * for too long; `OTHER_PROTECTION`: the file is encrypted and the cache was opened unencrypted, or the other way
 * round; `NOT_A_FILE`: a folder, FIFO or device is at the file's path; `TOO_LARGE`: the file is larger than a token
 * cache; `UNSAFE_FOLDER`: the folder belongs to another user or others may write in it; `NEWER_FORMAT`: a newer
 * version of this library wrote the file, in a format this version does not read).
 *
 * @example
 * ```ts
 * if (error instanceof CachePersistenceError && error.code === 'LOCK_TIMEOUT') console.warn(error.message);
 * ```
 */
export class CachePersistenceError extends Error {
  /** `'CachePersistenceError'`, as `@identity/core`'s errors name themselves. */
  override get name(): string {
    return 'CachePersistenceError';
  }

  /**
   * A failure of a cache file.
   *
   * @param message What happened and what to do, with a troubleshooting pointer.
   * @param code Why: `LOCK_TIMEOUT` when another process held the file's lock for too long, `OTHER_PROTECTION`
   *   when the file is kept the other way (encrypted or in clear) than the cache was opened with, `NOT_A_FILE` when
   *   the path is not a regular file, `TOO_LARGE` when the file is larger than a token cache, `UNSAFE_FOLDER` when
   *   the folder belongs to another user or others may write in it, `NEWER_FORMAT` when a newer version of this
   *   library wrote the file in a format this version does not read.
   */
  constructor(
    message: string,
    /**
     * Why the file could not be used: `LOCK_TIMEOUT`, another process held its lock for too long;
     * `OTHER_PROTECTION`, it is kept the other way (encrypted or in clear) than the cache was opened with;
     * `NOT_A_FILE`, it is not a regular file; `TOO_LARGE`, it is larger than a token cache; `UNSAFE_FOLDER`, its
     * folder belongs to another user or others may write in it; `NEWER_FORMAT`, a newer version of this library
     * wrote it, in a format this version does not read.
     */
    readonly code:
      | 'LOCK_TIMEOUT'
      | 'OTHER_PROTECTION'
      | 'NOT_A_FILE'
      | 'TOO_LARGE'
      | 'UNSAFE_FOLDER'
      | 'NEWER_FORMAT',
  ) {
    super(message);
  }
}
