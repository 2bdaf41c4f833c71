// The persistent token cache's part of `identity doctor`: where the files are, whether they exist and are
// encrypted (and with what), the accounts and the default account. It never waits long on the secret store (a short
// timeout; a locked or missing store is a line of the report, not a failure), never writes a file, and never shows
// a token.
import type { CacheFileState } from '@identity/cache-persistence';
import type { AuthenticationRecord } from '@identity/core';
import { listAccounts } from './cli-accounts-command.js';
import type { CliCacheLocation } from './cli-cache.js';
import { openExistingCache } from './cli-cache.js';
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
  /** Whether the secret store could be used, when the files need it. */
  secretStore: 'not needed' | 'available' | 'unavailable';
  /** The accounts' user names, when they could be read. */
  accounts?: string[];
  /** The account `identity login` named, when there is a record. */
  defaultAccount?: Pick<AuthenticationRecord, 'username' | 'tenantId' | 'clientId'> & { inCache: boolean };
  /** The record's file. */
  defaultAccountFile: string;
}

/**
 * Examines the cache at `location`.
 *
 * @example
 * ```ts
 * const report = await examineCache(cacheLocation('doctor', flags, io.env));
 * ```
 */
export async function examineCache(location: CliCacheLocation): Promise<CacheReport> {
  const { cache, storage } = await openExistingCache(location, { keyringTimeoutInMs: KEYRING_TIMEOUT_MS });
  const { nocae, cae } = await cache.files();
  const report: CacheReport = {
    name: location.name,
    directory: location.directory,
    files: [
      { path: cache.paths.nocae, state: nocae },
      { path: cache.paths.cae, state: cae },
    ],
    protection: 'none yet (no cache files)',
    secretStore: storage === 'encrypted' ? 'unavailable' : 'not needed',
    defaultAccountFile: cache.paths.authenticationRecord,
  };
  if (storage === 'mixed') {
    report.protection =
      'the files are of two kinds (one encrypted, one in clear): identity leaves them alone';
    return report;
  }
  if (storage === 'encrypted') {
    try {
      report.protection = `encrypted: ${(await cache.protection()).description}`;
      report.secretStore = 'available';
    } catch (error) {
      const message = (error as Error).message.replace(/^Token cache persistence:\s*/, '');
      report.protection = `encrypted, but the secret store that keeps the key is unavailable: ${message}`;
    }
  } else if (storage === 'unencrypted') {
    report.protection = 'not encrypted (written with --unencrypted / unsafeAllowUnencryptedStorage)';
  }
  const record = await cache.accounts.defaultAccount();
  if (storage === 'none' || report.secretStore !== 'unavailable') {
    const { accounts } = storage === 'none' ? { accounts: [] } : await listAccounts(cache);
    report.accounts = accounts.map((account) => account.username || account.homeAccountId);
    if (record) {
      const { username, tenantId, clientId } = record;
      report.defaultAccount = { username, tenantId, clientId, inCache: accounts.some((a) => a.isDefault) };
    }
  } else if (record) {
    const { username, tenantId, clientId } = record;
    report.defaultAccount = { username, tenantId, clientId, inCache: false };
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
      state.exists ? `${state.encrypted ? 'encrypted' : 'not encrypted'}, ${state.bytes} bytes` : 'not there'
    }`;
  const accounts =
    report.accounts === undefined
      ? 'unknown (the secret store is unavailable)'
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
    `${label('accounts')}${accounts}`,
    `${label('default account')}${defaultAccount}`,
  ];
}
