// One parser for every command: node's util.parseArgs in strict mode, its errors turned into usage errors.
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@identity/core';
import { validateScopes } from '@identity/core/internal';
import { CliUsageError } from './cli-io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The flags a command was given, by name. */
export type ParsedFlags = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Parses a command's flags; any unknown flag, stray argument or missing value is a `CliUsageError`.
 *
 * @example
 * ```ts
 * const values = parseCommandArgs('token', ['--scope', 'https://vault.azure.net/.default'], { scope: { type: 'string' } });
 * ```
 */
export function parseCommandArgs(command: string, args: string[], options: Options): ParsedFlags {
  return parseCommandLine(command, args, options, false).flags;
}

/**
 * Parses a command's flags and, when `positionals` allows them, its other arguments (paths, for instance).
 *
 * @example
 * ```ts
 * const { flags, positionals } = parseCommandLine('migrate', ['src', '--dry-run'], { 'dry-run': { type: 'boolean' } });
 * ```
 */
export function parseCommandLine(
  command: string,
  args: string[],
  options: Options,
  positionals = true,
): { flags: ParsedFlags; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals });
    return { flags: parsed.values as ParsedFlags, positionals: parsed.positionals };
  } catch (error) {
    // parseArgs explains the problem well ("Unknown option '--scop'"); keep its first sentence, on one line. A
    // value that starts with a dash gets three lines: the last says how to pass it.
    const [first = '', ...more] = (error as Error).message.split('\n');
    const sentence = first.split(/\.(?:\s|$)/)[0] ?? first;
    const hint = more.length ? more[more.length - 1]?.replace(/\.$/, '') : undefined;
    throw new CliUsageError(
      hint ? `${sentence}: ${hint.charAt(0).toLowerCase()}${hint.slice(1)}` : sentence,
      command,
    );
  }
}

// The longest delay Node's timers (and so AbortSignal.timeout) keep: 2^31 - 1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Reads a positive whole number of milliseconds, at most 2^31 - 1 (what Node's timers hold), from a flag.
 *
 * @example
 * ```ts
 * positiveMs('doctor', 'timeout', '5000'); // 5000
 * ```
 */
export function positiveMs(
  command: string,
  flag: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  // Node's timers hold a signed 32-bit delay: past it they fire after 1 ms, so a huge value would give up at once.
  if (!Number.isInteger(parsed) || parsed <= 0 || parsed > MAX_TIMER_MS) {
    throw new CliUsageError(
      `--${flag} must be a positive number of milliseconds, at most ${MAX_TIMER_MS} (about 24 days), not ${JSON.stringify(value)}`,
      command,
    );
  }
  return parsed;
}

/**
 * Checks a `--scope` value as every credential will (printable, no spaces): one that cannot be a scope is a usage
 * error (exit 2) before anything runs, not a failed sign-in.
 *
 * @example
 * ```ts
 * const scope = checkedScope('token', flags.scope as string); // throws CliUsageError for 'a scope with spaces'
 * ```
 */
export function checkedScope(command: string, scope: string): string {
  try {
    validateScopes('--scope', scope);
    return scope;
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) throw new CliUsageError((error as Error).message, command);
    throw error;
  }
}
