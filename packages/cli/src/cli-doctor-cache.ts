// The persistent token cache's part of `identity doctor`: where the files are, whether they exist and are
// encrypted (and with what), what is wrong with a file that does not open (and what the next app run would do about
// it), the accounts and the default account. It looks through cache-persistence's inspection, which changes nothing
// (no folder, lock, set-aside file, narrowed mode or new key in the secret store), never waits long on the secret
// store (a short timeout; a locked or missing store is a line of the report, not a failure), and never shows a token.
import type { CacheFileState } from '@identity/cache-persistence';
import { inspectTokenCache } from '@identity/cache-persistence/internal';
import type { AuthenticationRecord } from '@identity/core';
import type { AccountCriteria } from '@identity/shared-token-cache/internal';
import { chooseAccount } from '@identity/shared-token-cache/internal';
import type { CliCacheLocation } from './cli-cache.js';
import { namedBy, storageOf } from './cli-cache.js';
import { printable } from './cli-printable.js';

/** How long doctor lets each call into the OS secret store take: a locked keyring must not hold the report up. */
const KEYRING_TIMEOUT_MS = 3_000;

/**
 * What doctor found about the persistent token cache.
 *
 * @example
 * ```ts
 * const report: CacheReport = await examineCache({ name: 'msal.cache', directory: '/home/ada/.IdentityService' });
 * ```
 */
export interface CacheReport {
  /** The cache's name and folder. */
  name: string;
  directory: string;
  /** Each file: its path, whether it exists and is encrypted. */
  files: { path: string; state: CacheFileState }[];
  /** How the files are protected (`none` when there are none yet), or why that cannot be known. */
  protection: string;
  /** Whether the secret store could be used, when the files need it (`key missing`: it holds no key for them). */
  secretStore: 'not needed' | 'available' | 'unavailable' | 'key missing';
  /**
   * Each file that does not open: what is wrong, whether the next app that uses the cache sets it aside, and the
   * troubleshooting entry.
   */
  problems: { file: string; code: string; setAside: boolean; message: string; guide: string }[];
  /** The accounts' user names, when they could be read. */
  accounts?: string[];
  /** Why the accounts are not known, when they are not. */
  accountsUnknown?: string;
  /**
   * Why SharedTokenCacheCredential would use none of the accounts, in its own words (several and none chosen, none
   * for its client and cloud), when they were read and it would not.
   */
  unchosen?: string;
  /** The account `identity login` named, when there is a record. */
  defaultAccount?: Pick<AuthenticationRecord, 'username' | 'tenantId' | 'clientId'> & { inCache: boolean };
  /** The record's file. */
  defaultAccountFile: string;
}

/**
 * Examines the cache at `location`, changing nothing on disk or in the secret store; with `criteria` (what
 * SharedTokenCacheCredential looks for), also whether it would find an account to use.
 *
 * @example
 * ```ts
 * const report = await examineCache(cacheLocation('doctor', flags, io.env), sharedCacheCriteria(io.env));
 * ```
 */
export async function examineCache(
  location: CliCacheLocation,
  criteria?: AccountCriteria,
): Promise<CacheReport> {
  const inspection = await inspectTokenCache({ ...location, keyringTimeoutInMs: KEYRING_TIMEOUT_MS });
  const { paths, files, protection } = inspection;
  const report: CacheReport = {
    name: location.name,
    directory: location.directory,
    files: [
      { path: paths.nocae, state: files.nocae },
      { path: paths.cae, state: files.cae },
    ],
    protection: 'none yet (no cache files)',
    secretStore: 'not needed',
    problems: inspection.problems,
    defaultAccountFile: paths.authenticationRecord,
  };
  if (storageOf(files) === 'mixed') {
    report.protection =
      'the files are of two kinds (one encrypted, one in clear): identity leaves them alone';
    report.problems = [];
    return report;
  }
  if (protection.state === 'encrypted') {
    report.protection = `encrypted: ${protection.description}`;
    report.secretStore = 'available';
  } else if (protection.state === 'missing-key') {
    report.protection = `encrypted, but its key is not in the ${protection.store}: the files cannot be opened`;
    report.secretStore = 'key missing';
  } else if (protection.state === 'unavailable') {
    const message = protection.message.replace(/^Token cache persistence:\s*/, '');
    report.protection = `encrypted, but the secret store that keeps the key is unavailable: ${message}`;
    report.secretStore = 'unavailable';
  } else if (protection.state === 'unencrypted') {
    report.protection = 'not encrypted (written with --unencrypted / unsafeAllowUnencryptedStorage)';
  }
  const record = inspection.defaultAccount;
  const accounts = inspection.accounts;
  if (accounts) report.accounts = accounts.map((account) => account.username || account.homeAccountId);
  else
    report.accountsUnknown =
      report.secretStore === 'unavailable' ? 'the secret store is unavailable' : 'the files cannot be read';
  if (accounts?.length && criteria) report.unchosen = chooseAccount(accounts, criteria, record).unavailable;
  if (record) {
    const { username, tenantId, clientId } = record;
    const inCache = !!accounts?.some((account) => namedBy(account, record));
    report.defaultAccount = { username, tenantId, clientId, inCache };
  }
  return report;
}

/**
 * The report's lines, for the text output of `identity doctor`.
 *
 * @example
 * ```ts
 * io.stdout.write(`${cacheReportLines(report).join('\n')}\n`);
 * ```
 */
export function cacheReportLines(report: CacheReport): string[] {
  const label = (name: string) => `  ${name.padEnd(38)} `;
  const fileLine = ({ path, state }: CacheReport['files'][number]) =>
    `${label(path.slice(report.directory.length + 1))}${
      state.exists
        ? `${state.encrypted ? 'encrypted' : 'not encrypted'}, ${state.bytes} bytes${
            report.problems.some((problem) => problem.file === path) ? ', cannot be read' : ''
          }`
        : 'not there'
    }`;
  const accounts =
    report.accounts === undefined
      ? `unknown (${report.accountsUnknown ?? 'the files cannot be read'})`
      : report.accounts.length === 0
        ? "none ('identity login' signs you in)"
        : report.accounts.map(printable).join(', ');
  const record = report.defaultAccount;
  const defaultAccount = !record
    ? 'none'
    : `${printable(record.username)} (tenant ${printable(record.tenantId)})${
        record.inCache || report.accounts === undefined ? '' : ', no longer in the cache'
      }`;
  return [
    `Persistent token cache (${report.name}):`,
    `${label('folder')}${report.directory}`,
    ...report.files.map(fileLine),
    `${label('protection')}${report.protection}`,
    ...report.problems.map(
      (problem) => `${label('problem')}${printable(problem.message)} Troubleshooting: ${problem.guide}`,
    ),
    `${label('accounts')}${accounts}`,
    `${label('default account')}${defaultAccount}`,
  ];
}
