// The `identity` command: picks the subcommand, prints help and the version, and turns usage mistakes into
// exit code 2 with a pointer to the right --help.
import { doctorCommand } from './cli-doctor-command.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError, USAGE_ERROR } from './cli-io.js';
import { printable } from './cli-printable.js';
import { tokenCommand } from './cli-token-command.js';

declare const __PACKAGE_VERSION__: string;

/**
 * The top-level help.
 *
 * @example
 * ```ts
 * process.stdout.write(CLI_USAGE);
 * ```
 */
export const CLI_USAGE = `Usage: identity <command> [options]

Commands:
  token    get a token from the default chain and show what it says
  doctor   show which credentials of the default chain work here, and why the others do not
  migrate  move code from @azure/identity to the @identity packages (imports and package.json)
  login    sign in (browser or device code) and keep the account in the persistent token cache
  logout   sign accounts out of the persistent token cache
  accounts list the accounts of the persistent token cache

Options:
  -h, --help     show this help ('identity <command> --help' for a command's)
  -v, --version  show the version
`;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  token: tokenCommand,
  doctor: doctorCommand,
  // Loaded when asked for: `identity doctor` and `identity token` never parse the migration's code.
  migrate: (args, io) =>
    import('./cli-migrate-command.js').then(({ migrateCommand }) => migrateCommand(args, io)),
  // The account commands load the sign-in flows and the cache when asked for.
  login: (args, io) => import('./cli-login-command.js').then(({ loginCommand }) => loginCommand(args, io)),
  logout: (args, io) =>
    import('./cli-logout-command.js').then(({ logoutCommand }) => logoutCommand(args, io)),
  accounts: (args, io) =>
    import('./cli-accounts-command.js').then(({ accountsCommand }) => accountsCommand(args, io)),
};

/**
 * Runs the CLI with `argv` (without `node` and the script); returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      io.stdout.write(CLI_USAGE);
      return first === undefined ? USAGE_ERROR : 0;
    }
    if (first === '-v' || first === '--version') {
      io.stdout.write(`${__PACKAGE_VERSION__}\n`);
      return 0;
    }
    const command = COMMANDS[first];
    if (!command) {
      throw new CliUsageError(
        first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`,
      );
    }
    return await command(rest, io);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    const help = error.command ? `identity ${error.command} --help` : 'identity --help';
    // The message may quote what was typed (or passed by a script): shown, never interpreted by the terminal.
    io.stderr.write(`identity: ${printable(error.message)}. See '${help}'.\n`);
    return USAGE_ERROR;
  }
}
