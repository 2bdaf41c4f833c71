// `identity accounts`: the accounts of the persistent token cache (who, at which tenant, for which client, and
// which is the default account `identity login` named), as a table that fits the terminal, or JSON. Never a token.
import type { TokenCacheInspection } from '@identity/cache-persistence/internal';
import { parseCommandArgs } from './cli-arguments.js';
import { CACHE_FLAGS, cacheLocation, lookAtCache, namedBy } from './cli-cache.js';
import { palette } from './cli-color.js';
import type { CliIo } from './cli-io.js';
import { printable } from './cli-printable.js';
import { formatTable } from './cli-table.js';

/**
 * Help for `identity accounts`.
 *
 * @example
 * ```ts
 * process.stdout.write(ACCOUNTS_USAGE);
 * ```
 */
export const ACCOUNTS_USAGE = `Usage: identity accounts [options]

Lists the accounts signed in to the persistent token cache ('identity login', or any MSAL-based tool that shares
it): user name, tenant, home account id, client, and which is the default account.

Options:
  --cache-name <name>       the cache (default msal.cache)
  --cache-directory <dir>   the cache's folder (default IDENTITY_CACHE_DIRECTORY, else ~/.IdentityService)
  --json                    print JSON instead of a table
  -h, --help                show this help
`;

/**
 * One account as `identity accounts` shows it: what names it, never its tokens.
 *
 * @example
 * ```ts
 * const row: AccountListing = { username: 'ada@contoso.com', tenantId, homeAccountId, clientId, authority: 'login.windows.net', isDefault: true };
 * ```
 */
export interface AccountListing {
  /** The account's sign-in name (empty when the cache does not have it). */
  username: string;
  /** The tenant it signed in at (its home tenant). */
  tenantId: string;
  /** `<object id>.<home tenant id>`. */
  homeAccountId: string;
  /** The client (app) its refresh token belongs to. */
  clientId: string;
  /** The cloud's cache host, such as `login.windows.net`. */
  authority: string;
  /** Whether it is the account `identity login` last signed in (the cache's default account). */
  isDefault: boolean;
}

/**
 * The accounts of a cache's inspection, as shown (only the naming fields: a listing never holds a token).
 *
 * @example
 * ```ts
 * const accounts = listAccounts(await inspectTokenCache(location));
 * ```
 */
export function listAccounts(
  inspection: Pick<TokenCacheInspection, 'accounts' | 'defaultAccount'>,
): AccountListing[] {
  return (inspection.accounts ?? []).map((account) => ({
    username: account.username,
    tenantId: account.tenantId,
    homeAccountId: account.homeAccountId,
    clientId: account.clientId,
    authority: account.authority,
    isDefault: namedBy(account, inspection.defaultAccount),
  }));
}

/**
 * Runs `identity accounts`; returns the exit code (0 listed, even none; 1 the cache, or one of its files, could not
 * be read; 2 usage). It changes nothing: a file that does not open is reported, never moved aside.
 *
 * @example
 * ```ts
 * const code = await accountsCommand(['--json'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function accountsCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommandArgs('accounts', args, {
    ...CACHE_FLAGS,
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(ACCOUNTS_USAGE);
    return 0;
  }
  const location = cacheLocation('accounts', flags, io.env, io.cwd);
  const fail = (message: string) => {
    io.stderr.write(`identity accounts: ${message}\n`);
    return 1;
  };
  // Only looked at: a file that does not open is reported and left where it is (never moved aside), and no folder,
  // lock file or key in the secret store is made.
  const looked = await lookAtCache(location);
  if ('problem' in looked) return fail(looked.problem);
  const { inspection, problems } = looked;
  const { paths, defaultAccount } = inspection;
  const accounts = listAccounts(inspection);
  // The accounts of the files that opened; then each file that did not, and exit 1: the list may be incomplete.
  const done = () => {
    for (const problem of problems) io.stderr.write(`identity accounts: ${printable(problem)}\n`);
    return problems.length ? 1 : 0;
  };
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ cache: paths.nocae, accounts }, null, 2)}\n`);
    return done();
  }
  if (accounts.length === 0) {
    if (!problems.length)
      io.stdout.write(`No accounts in the token cache ${paths.nocae}. Sign in with 'identity login'.\n`);
    return done();
  }
  const paint = palette(io.stdout, io.env);
  const table = formatTable(
    [
      ['user', 'tenant', 'home account id', 'client', 'default'],
      // What the cache file says is shown, never interpreted by the terminal.
      ...accounts.map((account) => [
        printable(account.username),
        printable(account.tenantId),
        printable(account.homeAccountId),
        printable(account.clientId),
        account.isDefault ? 'yes' : '',
      ]),
    ],
    { width: io.stdout.columns, style: (text, row) => (row === 0 ? paint.bold(text) : text) },
  );
  const orphan =
    defaultAccount && !accounts.some((account) => account.isDefault)
      ? [
          '',
          `The default account (${printable(defaultAccount.username)}) is no longer in the cache: sign in again with 'identity login'.`,
        ]
      : [];
  io.stdout.write(
    `Accounts in ${paths.nocae}:\n\n${table}\n${orphan.join('\n')}${orphan.length ? '\n' : ''}`,
  );
  return done();
}
