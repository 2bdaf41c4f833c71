// Doctor's row for SharedTokenCacheCredential. Doctor never asks it for a token: without the persistence plugin it
// can only say to add the plugin (an app author's step, not a CLI user's), and with it a token would rotate the
// refresh token and write the cache, which doctor never changes. So the row says what doctor's read-only look at the
// cache found: who `identity login` signed in, and what reads them ('identity token'; apps with the plugin).
import { troubleshooting } from '@identity/core/internal';
import type { CacheReport } from './cli-doctor-cache.js';
import type { DoctorRow } from './cli-doctor-report.js';
import { printable } from './cli-printable.js';

/** The default chain's member this row stands for. */
export const SHARED_CACHE_MEMBER = 'SharedTokenCacheCredential';

const split = (pointer: string) => pointer.replace(/^Troubleshooting:\s*/, '');

/**
 * SharedTokenCacheCredential's row, from the cache report (or why the cache could not be examined): `not tried`
 * (not asked, counted as working) with the accounts signed in and what reads them, else `unavailable` with how to
 * sign in.
 *
 * @example
 * ```ts
 * rows.push(sharedCacheRow(await examineCache(location)));
 * ```
 */
export function sharedCacheRow(cache: CacheReport | { problem: string }): DoctorRow {
  const row = (result: DoctorRow['result'], why: string, next: string, anchor: string): DoctorRow => ({
    credential: SHARED_CACHE_MEMBER,
    result,
    why,
    next,
    guide: split(troubleshooting(anchor)),
  });
  if ('problem' in cache || cache.accounts === undefined) {
    return row(
      'unavailable',
      'The shared token cache cannot be read.',
      "See the persistent token cache below; sign in again with 'identity login' if it says to.",
      'shared-token-cache-credential',
    );
  }
  const { accounts } = cache;
  if (accounts.length === 0) {
    return row(
      'unavailable',
      'No account is signed in to the shared token cache.',
      "Sign in with 'identity login'.",
      'shared-token-cache-credential',
    );
  }
  const inClear = cache.secretStore === 'not needed';
  return row(
    'not tried',
    `${accounts.length} account${accounts.length === 1 ? '' : 's'} signed in with 'identity login': ${accounts.map(printable).join(', ')}.`,
    `Not asked for a token (doctor changes nothing; a refresh writes the cache). 'identity token' uses it; apps read it with useIdentityPlugin(cachePersistencePlugin) from @identity/cache-persistence${
      inClear
        ? ', and, as it is kept in clear, SharedTokenCacheCredential given tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true }.'
        : '.'
    }`,
    inClear ? 'cache-persistence-kept-in-clear' : 'shared-token-cache-credential',
  );
}
