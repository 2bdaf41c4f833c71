// What a command reads and writes, injected so that tests run commands in-process and the binary passes the
// real process streams.

/**
 * A stream a command writes to: `isTTY` says whether a spinner may redraw its line and colour is on by default;
 * `columns` is the terminal's width (absent when piped: tables are then never cut to a width).
 *
 * @example
 * ```ts
 * let output = '';
 * const stdout: CliStream = { write: (text) => (output += text), isTTY: false };
 * await runCli(['doctor', '--json'], { stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * The world of one command run.
 *
 * @example
 * ```ts
 * const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };
 * ```
 */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** The environment the credentials read; `NO_COLOR` and `FORCE_COLOR` decide colour. */
  env: Readonly<Record<string, string | undefined>>;
  /** The project a command works on (`identity migrate`); default: the process's working directory. */
  cwd?: string;
}

/**
 * Exit code for a usage error (unknown flag or command, missing value), as most CLIs use.
 *
 * @example
 * ```ts
 * if ((await runCli(['token', '--bogus'], io)) === USAGE_ERROR) console.error('fix the flags');
 * ```
 */
export const USAGE_ERROR = 2;

/**
 * A mistake on the command line: reported with a pointer to `--help`, exit code 2.
 *
 * @example
 * ```ts
 * throw new CliUsageError("unknown option '--scop'", 'token');
 * ```
 */
export class CliUsageError extends Error {
  /** The command whose help to point at, if any. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'CliUsageError';
    this.command = command;
  }
}
