// What a user reads for a mistake on the command line: parseArgs' explanation, as one line that ends where
// `identity` adds "See '... --help'." (no line breaks shown as \u000a, no doubled full stop).
import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from './cli-arguments.js';
import { CliUsageError } from './cli-io.js';

const options = { tenant: { type: 'string' }, json: { type: 'boolean' } } as const;

function usageError(args: string[]): CliUsageError {
  try {
    parseCommandArgs('login', args, options);
  } catch (error) {
    if (error instanceof CliUsageError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(args)} parsed`);
}

describe('usage errors from the parser', () => {
  it('keeps the first sentence of a one-line explanation', () => {
    expect(usageError(['--bogus']).message).toBe("Unknown option '--bogus'");
    expect(usageError(['--tenant']).message).toBe("Option '--tenant <value>' argument missing");
  });

  it('turns a value that starts with a dash into one line that says how to pass it', () => {
    const { message, command } = usageError(['--tenant', '-x']);
    expect(command).toBe('login');
    expect(message).not.toMatch(/\n/);
    expect(message).not.toMatch(/\.$/);
    expect(message).toBe(
      "Option '--tenant' argument is ambiguous: to specify an option argument starting with a dash use '--tenant=-XYZ'",
    );
  });
});
