// Colour on a terminal, never in a pipe or a log, and always as the user's environment says: NO_COLOR turns it
// off (https://no-color.org), FORCE_COLOR turns it on even when piped. picocolors writes the escape codes; the
// decision is made here, per stream and from the command's own environment, so it can be tested.
import picocolors from 'picocolors';
import type { CliStream } from './cli-io.js';

/** The styles the commands use; each is the identity function when colour is off. */
export type Palette = Pick<
  ReturnType<typeof picocolors.createColors>,
  'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan'
>;

/**
 * Whether to colour what goes to `stream`: a non-empty `NO_COLOR` says no (it wins over everything); a
 * `FORCE_COLOR` other than `0` or `false` says yes; otherwise only on a terminal that is not `TERM=dumb`.
 *
 * @example
 * ```ts
 * colorEnabled(process.stdout, process.env); // false when piped, unless FORCE_COLOR is set
 * ```
 */
export function colorEnabled(stream: CliStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * The styles for `stream`: real escape codes when {@link colorEnabled}, plain text otherwise.
 *
 * @example
 * ```ts
 * const paint = palette(io.stdout, io.env);
 * io.stdout.write(`${paint.green('ok')}\n`);
 * ```
 */
export function palette(stream: CliStream, env: Readonly<Record<string, string | undefined>>): Palette {
  return picocolors.createColors(colorEnabled(stream, env));
}
