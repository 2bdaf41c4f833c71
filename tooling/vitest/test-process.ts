// Fake developer tools (az, azd, pwsh) for tests: small POSIX shell scripts in a temporary folder that goes
// first on PATH, each recording how it was called. Node-only, so it lives apart from test-world.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from './test-temporary-folder.js';

// Record and field separators: arguments may hold spaces and line breaks (a PowerShell script does).
const RECORD = '\x1e';
const FIELD = '\x1f';

export interface FakeToolbox {
  /** The temporary folder holding the fakes. */
  readonly dir: string;
  /**
   * Writes an executable `name` (mode 0700) running the POSIX shell `body`, after a line that records the call:
   * its arguments, and the variables named in `recordEnv`, read back with `calls()`.
   */
  add(name: string, body: string, recordEnv?: string[]): string;
  /** An environment for a credential: `PATH` with the fakes first, then `/usr/bin:/bin`, plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Every recorded call, in order: its arguments, and the recorded variables. */
  calls(): { args: string[]; env: Record<string, string> }[];
  /** Deletes the folder. */
  remove(): void;
}

/**
 * A folder of fake tools, removed when the test finishes (see `temporaryFolder`; `remove()` removes it earlier).
 */
export function fakeToolbox(): FakeToolbox {
  const dir = temporaryFolder('identity-tools');
  const log = join(dir, 'calls.log');
  return {
    dir,
    add(name, body, recordEnv = []) {
      const file = join(dir, name);
      const envFields = recordEnv.map((variable) => `"${variable}=$${variable}"`).join(' ');
      const record = `printf '%s${FIELD}' ${envFields} '--' "$@" >> '${log}'; printf '${RECORD}' >> '${log}'`;
      writeFileSync(file, `#!/bin/sh\n${record}\n${body}\n`, { mode: 0o700 });
      chmodSync(file, 0o700);
      return file;
    },
    env(extra = {}) {
      return { PATH: `${dir}:/usr/bin:/bin`, HOME: dir, ...extra };
    },
    calls() {
      if (!existsSync(log)) return [];
      return readFileSync(log, 'utf8')
        .split(RECORD)
        .filter(Boolean)
        .map((call) => {
          const fields = call.split(FIELD).slice(0, -1);
          const separator = fields.indexOf('--');
          const env = Object.fromEntries(
            fields
              .slice(0, separator)
              .map((field) => [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)]),
          );
          return { args: fields.slice(separator + 1), env };
        });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The body of a fake tool that never finishes: it writes its process id to `<dir>/<name>.pid` and becomes `sleep`
 * (same process), so a test can see whether a run was stopped. Read the id with {@link runningToolPid}.
 *
 * @example
 * ```ts
 * tools.add('az', hangingTool(tools.dir, 'az'));
 * ```
 */
export function hangingTool(dir: string, name: string): string {
  return `echo $$ > '${join(dir, `${name}.pid`)}'\nexec sleep 60`;
}

/** The process id a {@link hangingTool} wrote, once it has (throws until then: use it inside `vi.waitFor`). */
export function runningToolPid(dir: string, name: string): number {
  const pid = Number(readFileSync(join(dir, `${name}.pid`), 'utf8'));
  if (!pid) throw new Error(`${name} has not started yet`);
  return pid;
}

/** Whether a process runs (Linux: it has a /proc entry that is not a zombie waiting to be reaped). */
export function isRunning(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  try {
    // The state follows the command name in parentheses: `1234 (sleep) S ...`.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
