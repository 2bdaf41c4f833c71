// How a developer tool is found and started, as pure functions of the platform and the environment, so the
// Windows rules are tested on every platform. Nothing here ever goes through a shell's parser with a value
// that was not checked first.
import type { Environment } from './environment.js';

/**
 * The operating systems the runner distinguishes: Windows, and everything POSIX.
 *
 * @example
 * ```ts
 * const platform: ProcessPlatform = process.platform;
 * const cwd = safeWorkingDirectory(platform, process.env);
 * ```
 */
export type ProcessPlatform = NodeJS.Platform;

/**
 * What to spawn: the executable, its arguments, and whether Node must pass them to Windows untouched.
 *
 * @example
 * ```ts
 * const command: ProcessCommand = processCommand(process.platform, '/usr/bin/az', ['version'], process.env);
 * spawn(command.file, command.args, { windowsVerbatimArguments: command.windowsVerbatimArguments, shell: false });
 * ```
 */
export interface ProcessCommand {
  file: string;
  args: string[];
  /** Set only for `cmd.exe`, whose command line is built (and quoted) here. */
  windowsVerbatimArguments: boolean;
}

// The extensions a tool may have on Windows, in the order they are tried; anything else (.ps1, .vbs) is not run.
const WINDOWS_EXTENSIONS = ['.exe', '.cmd', '.bat', '.com'];
// Inside double quotes cmd.exe still expands %VAR% (and !VAR! with delayed expansion), and a quote would end
// the quoting: an argument holding one of these is refused. Validated tool arguments never do.
const CMD_UNSAFE = /["%!^\r\n\0]/;

/**
 * Reads a variable the way the platform does: case-insensitively on Windows (`Path`, `PATH`), exactly elsewhere.
 *
 * @example
 * ```ts
 * platformVariable({ Path: 'C:\\Windows' }, 'PATH', 'win32'); // 'C:\\Windows'
 * ```
 */
export function platformVariable(
  env: Environment,
  name: string,
  platform: ProcessPlatform,
): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env).find((candidate) => candidate.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/**
 * The folder tools run in: `/bin` on POSIX, the Windows folder on Windows. A fixed, system-owned folder, so a
 * tool never picks up configuration or executables from wherever the application happened to start.
 *
 * @example
 * ```ts
 * safeWorkingDirectory('linux', process.env); // '/bin'
 * ```
 */
export function safeWorkingDirectory(platform: ProcessPlatform, env: Environment): string {
  if (platform !== 'win32') return '/bin';
  return platformVariable(env, 'SYSTEMROOT', platform) || 'C:\\Windows';
}

/**
 * The paths where `name` could be, in `PATH` order: on Windows each folder with each runnable extension.
 * Relative `PATH` entries (`.`, empty) are skipped, so a file in the working folder is never run.
 *
 * @example
 * ```ts
 * executableCandidates('az', { PATH: '/usr/local/bin:/usr/bin' }, 'linux'); // ['/usr/local/bin/az', '/usr/bin/az']
 * ```
 */
export function executableCandidates(name: string, env: Environment, platform: ProcessPlatform): string[] {
  const windows = platform === 'win32';
  const separator = windows ? ';' : ':';
  const slash = windows ? '\\' : '/';
  const absolute = windows ? /^([a-z]:[\\/]|\\\\)/i : /^\//;
  const folders = (platformVariable(env, 'PATH', platform) ?? '')
    .split(separator)
    .map((folder) => folder.trim().replace(/^"(.*)"$/, '$1'))
    .filter((folder) => absolute.test(folder));
  const names = windows ? WINDOWS_EXTENSIONS.map((extension) => name + extension) : [name];
  return folders.flatMap((folder) => names.map((file) => folder.replace(/[\\/]+$/, '') + slash + file));
}

/**
 * Turns a resolved executable and its arguments into what to spawn. Everywhere but for Windows batch files this
 * is the file itself. A `.cmd`/`.bat` (the Azure CLI is `az.cmd`) can only run under `cmd.exe`, which parses
 * its command line like a shell: it is started as `%ComSpec% /d /s /c ""<file>" "<arg>" ..."`, every
 * argument in double quotes (where `& | < > ( )` and spaces are literal), and any argument that could escape
 * the quotes (`"`, `%`, `!`, `^`, a line break) refused. `/d` skips AutoRun commands; `/s` makes cmd strip just
 * the outer pair of quotes. Node is told not to re-quote (`windowsVerbatimArguments`), because cmd.exe does not
 * read the quoting rules Node writes.
 *
 * @throws `Error` when a batch-file argument holds a character cmd.exe would interpret
 * @example
 * ```ts
 * processCommand('win32', 'C:\\az\\az.cmd', ['account', 'get-access-token'], { ComSpec: 'C:\\Windows\\system32\\cmd.exe' });
 * // { file: 'C:\\Windows\\system32\\cmd.exe', args: ['/d', '/s', '/c', '""C:\\az\\az.cmd" "account" "get-access-token""'], windowsVerbatimArguments: true }
 * ```
 */
export function processCommand(
  platform: ProcessPlatform,
  file: string,
  args: readonly string[],
  env: Environment,
): ProcessCommand {
  if (platform !== 'win32' || !/\.(cmd|bat)$/i.test(file)) {
    return { file, args: [...args], windowsVerbatimArguments: false };
  }
  const parts = [file, ...args];
  const unsafe = parts.find((part) => CMD_UNSAFE.test(part));
  if (unsafe !== undefined) {
    throw new Error(`refusing to pass an argument with a character cmd.exe interprets to ${file}`);
  }
  const commandLine = parts.map((part) => `"${part}"`).join(' ');
  const comSpec =
    platformVariable(env, 'COMSPEC', platform) || `${safeWorkingDirectory(platform, env)}\\System32\\cmd.exe`;
  return { file: comSpec, args: ['/d', '/s', '/c', `"${commandLine}"`], windowsVerbatimArguments: true };
}

/**
 * How to stop a process and everything it started. POSIX: the runner starts each tool as the leader of its own
 * process group, so a signal to `-pid` reaches its children too (the Azure CLI is a shell script running
 * Python). Windows: `taskkill /T /F`, by absolute path so `PATH` cannot substitute another program.
 *
 * @example
 * ```ts
 * treeKillCommand('win32', 4242, { SystemRoot: 'C:\\Windows' });
 * // { file: 'C:\\Windows\\System32\\taskkill.exe', args: ['/pid', '4242', '/T', '/F'] }
 * ```
 */
export function treeKillCommand(
  platform: ProcessPlatform,
  pid: number,
  env: Environment,
): { file: string; args: string[] } | { processGroup: number } {
  if (platform !== 'win32') return { processGroup: -pid };
  return {
    file: `${safeWorkingDirectory(platform, env)}\\System32\\taskkill.exe`,
    args: ['/pid', String(pid), '/T', '/F'],
  };
}
