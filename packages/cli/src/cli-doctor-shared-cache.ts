// Doctor's row for SharedTokenCacheCredential. Doctor never asks it for a token: without the persistence plugin it
// can only say to add the plugin (an app author's step, not a CLI user's), and with it a token would rotate the
// refresh token and write the cache, which doctor never changes. So the row says what doctor's read-only look at the
// cache found: who `identity login` signed in, and what reads them ('identity token'; apps with the plugin).
import type { Environment } from '@identity/core';
import {
  accountEnvironment,
  DEVELOPER_SIGN_ON_CLIENT_ID,
  readVariable,
  resolveAuthorityHost,
  troubleshooting,
} from '@identity/core/internal';
import type { AccountCriteria } from '@identity/shared-token-cache/internal';
import type { CacheReport } from './cli-doctor-cache.js';
import type { DoctorRow } from './cli-doctor-report.js';
import { printable } from './cli-printable.js';

/** The default chain's member this row stands for. */
export const SHARED_CACHE_MEMBER = 'SharedTokenCacheCredential';

/**
 * What the default chain's SharedTokenCacheCredential looks for in the cache, from the environment it reads: the
 * development app `identity login` signs in to, the cloud of `AZURE_AUTHORITY_HOST`, and the account
 * `AZURE_USERNAME` / `AZURE_TENANT_ID` choose.
 *
 * @example
 * ```ts
 * const report = await examineCache(location, sharedCacheCriteria(io.env));
 * ```
 */
export function sharedCacheCriteria(env: Environment): AccountCriteria {
  return {
    clientId: DEVELOPER_SIGN_ON_CLIENT_ID,
    environment: accountEnvironment(resolveAuthorityHost(undefined, env)),
    username: readVariable(env, 'AZURE_USERNAME'),
    tenantId: readVariable(env, 'AZURE_TENANT_ID'),
  };
}

const split = (pointer: string) => pointer.replace(/^Troubleshooting:\s*/, '');

/**
 * SharedTokenCacheCredential's row, from the cache report (or why the cache could not be examined): `not tried`
 * (not asked, counted as working) with the accounts signed in and what reads them, when the credential would find
 * one to use; else `unavailable` with why (nobody signed in, or several and none chosen) and what to do.
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
  const signedIn = `${accounts.length} account${accounts.length === 1 ? '' : 's'} signed in`;
  if (cache.unchosen !== undefined) {
    // What the credential itself would answer (its account choice, not a copy): the chain goes on to its next member.
    return row(
      'unavailable',
      `${signedIn}, but it would use none: ${printable(cache.unchosen)}.`,
      "The chain chooses with AZURE_USERNAME (or AZURE_TENANT_ID); an app with DefaultAzureCredential's sharedCacheUsername (or sharedCacheTenantId). 'identity login' signs an account in and makes it the default.",
      'shared-token-cache-credential',
    );
  }
  const inClear = cache.secretStore === 'not needed';
  return row(
    'not tried',
    `${signedIn} with 'identity login': ${accounts.map(printable).join(', ')}.`,
    `Not asked for a token (doctor changes nothing; a refresh writes the cache). 'identity token' uses it; apps read it with useIdentityPlugin(cachePersistencePlugin) from @identity/cache-persistence${
      inClear
        ? ', and, as it is kept in clear, SharedTokenCacheCredential given tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true }.'
        : '.'
    }`,
    inClear ? 'cache-persistence-kept-in-clear' : 'shared-token-cache-credential',
  );
}
