// `identity logout`: forgets accounts of the persistent token cache (their refresh, ID and access tokens), by
// default the default account `identity login` named, or one user's, or all; removes the default account's record
// when its account went. What it removed is checked in the cache afterwards, and said.
import type { UserAccount } from '@identity/core';
import { accountKey } from '@identity/core/internal';
import { parseCommandArgs } from './cli-arguments.js';
import { CACHE_FLAGS, cacheLocation, lookAtCache, namedBy, openCacheToRead } from './cli-cache.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-io.js';
import { printable } from './cli-printable.js';

/**
 * Help for `identity logout`.
 *
 * @example
 * ```ts
 * process.stdout.write(LOGOUT_USAGE);
 * ```
 */
export const LOGOUT_USAGE = `Usage: identity logout [--username <name> | --all] [options]

Signs accounts out of the persistent token cache: removes their refresh, ID and access tokens (other accounts and
what other tools keep in the cache stay). Without --username or --all, the default account ('identity login').

Options:
  --username <name>         the account to sign out (every client it signed in to)
  --all                     sign every account out
  --cache-name <name>       the cache (default msal.cache)
  --cache-directory <dir>   the cache's folder (default IDENTITY_CACHE_DIRECTORY, else ~/.IdentityService)
  -h, --help                show this help
`;

const keyOf = (account: UserAccount) =>
  accountKey(account.homeAccountId, account.clientId, account.authority);

/**
 * Runs `identity logout`; returns the exit code (0 signed out, 1 nothing matched, a cache file does not open (then
 * nothing is changed) or the cache could not be changed, 2 a usage error).
 *
 * @example
 * ```ts
 * const code = await logoutCommand(['--all'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function logoutCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommandArgs('logout', args, {
    username: { type: 'string' },
    all: { type: 'boolean' },
    ...CACHE_FLAGS,
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(LOGOUT_USAGE);
    return 0;
  }
  const username = flags.username as string | undefined;
  if (username !== undefined && flags.all) {
    throw new CliUsageError('--username and --all cannot be used together', 'logout');
  }
  if (username !== undefined && username.trim() === '') {
    throw new CliUsageError('--username must name an account', 'logout');
  }
  const location = cacheLocation('logout', flags, io.env, io.cwd);
  const fail = (message: string) => {
    io.stderr.write(`identity logout: ${message}\n`);
    return 1;
  };
  // A file that does not open would be moved aside by the change below, its refresh tokens kept on disk while
  // nothing was signed out: such a cache is reported and left as it is.
  const looked = await lookAtCache(location);
  if ('problem' in looked) return fail(looked.problem);
  if (looked.problems.length > 0) {
    const files = looked.inspection.problems.map((problem) => problem.file).join(', ');
    for (const problem of looked.problems) io.stderr.write(`identity logout: ${printable(problem)}\n`);
    return fail(
      `no one was signed out: the cache is left as it is. Delete ${files} to sign out every account it holds, then run 'identity logout' again for the others.`,
    );
  }
  const opened = await openCacheToRead(location);
  if ('problem' in opened) return fail(opened.problem);
  const { cache, storage } = opened;
  const defaultAccount = await cache.accounts.defaultAccount();
  const accounts = storage === 'none' ? [] : await cache.accounts.list();

  let chosen: UserAccount[];
  if (flags.all) chosen = accounts;
  else if (username !== undefined) {
    chosen = accounts.filter((account) => account.username.toLowerCase() === username.toLowerCase());
    if (chosen.length === 0)
      return fail(`no account ${printable(username)} in the token cache ${cache.paths.nocae}.`);
  } else {
    if (!defaultAccount) {
      return fail(
        `the token cache ${cache.paths.nocae} has no default account ('identity login' names one): pass --username <name> or --all ('identity accounts' lists them).`,
      );
    }
    chosen = accounts.filter((account) => namedBy(account, defaultAccount));
  }

  for (const account of chosen) await cache.accounts.delete(keyOf(account));
  await cache.close();
  // What is still there: the store never throws, so the outcome is read back.
  const left = new Set((await cache.accounts.list()).map((account) => keyOf(account).toLowerCase()));
  const removed = chosen.filter((account) => !left.has(keyOf(account).toLowerCase()));
  const failed = chosen.filter((account) => left.has(keyOf(account).toLowerCase()));
  const recordGoes =
    !!defaultAccount &&
    (flags.all === true ||
      (username === undefined && failed.length === 0) ||
      removed.some((account) => namedBy(account, defaultAccount)));
  if (recordGoes) {
    try {
      await cache.setDefaultAccount(undefined);
    } catch (error) {
      return fail(
        `the default account's record ${cache.paths.authenticationRecord} could not be removed: ${(error as Error).message}`,
      );
    }
  }

  const lines = removed.map((account) =>
    printable(
      `Signed out ${account.username || account.homeAccountId} (tenant ${account.tenantId}, client ${account.clientId}).`,
    ),
  );
  if (recordGoes) lines.push(`Removed the default account's record ${cache.paths.authenticationRecord}.`);
  if (lines.length === 0)
    lines.push(`No accounts in the token cache ${cache.paths.nocae}: nothing to sign out.`);
  io.stdout.write(`${lines.join('\n')}\n`);
  if (failed.length > 0) {
    return fail(
      `could not remove ${failed.map((account) => printable(account.username)).join(', ')} from ${cache.paths.nocae} (is another process holding its lock? AZURE_LOG_LEVEL=warning says why).`,
    );
  }
  return 0;
}
