// Runs one developer tool to completion, and no longer: an argument array and never a shell, a fixed working
// folder, stdin closed, bounded output, and the whole process tree stopped on timeout or abort.
import type { spawn as Spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import type { Environment } from './environment.js';
import type { ProcessPlatform } from './node-process-command.js';
import {
  executableCandidates,
  processCommand,
  safeWorkingDirectory,
  treeKillCommand,
} from './node-process-command.js';
import { stopOnExit } from './node-process-trees.js';
import type { AbortSignalLike } from './token-credential.js';

/**
 * The default bound on standard output and on standard error, each: far above what any tool prints for a token.
 *
 * @example
 * ```ts
 * MAX_PROCESS_OUTPUT_BYTES; // 1048576 (1 MiB)
 * ```
 */
export const MAX_PROCESS_OUTPUT_BYTES = 1024 * 1024;

// Once the tool has exited, what it printed is already in its pipes: the run ends when they close, or after this
// long without output, so a process the tool left behind holding them open (a background helper) holds neither
// the answer nor the app. That leftover is stopped with the tool's process group.
const EXIT_DRAIN_MS = 200;

/**
 * What {@link runProcess} runs.
 *
 * @example
 * ```ts
 * const request: ProcessRequest = {
 *   commands: ['pwsh', 'powershell'],
 *   args: ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'],
 *   env: process.env,
 *   timeoutInMs: 30_000,
 * };
 * const outcome = await runProcess(request);
 * ```
 */
export interface ProcessRequest {
  /** Executable names to look for on `PATH`, in order (`['pwsh', 'powershell']`); no extension, no folder. */
  commands: readonly string[];
  args: readonly string[];
  /** The child's whole environment. */
  env: Environment;
  /** Stops the process tree after this long. */
  timeoutInMs: number;
  /** Stops the process tree when it fires. */
  signal?: AbortSignalLike;
  /** The bound on each output stream; more output stops the process. Default {@link MAX_PROCESS_OUTPUT_BYTES}. */
  maxOutputBytes?: number;
  /** For tests of the Windows rules. Default `process.platform`. */
  platform?: ProcessPlatform;
}

/**
 * How a run ended. Only `exited` has the tool's output; the other kinds mean it was never found, or was stopped.
 *
 * @example
 * ```ts
 * if (outcome.kind === 'exited' && outcome.exitCode === 0) JSON.parse(outcome.stdout);
 * ```
 */
export type ProcessOutcome =
  | { kind: 'exited'; exitCode: number | null; stdout: string; stderr: string }
  | { kind: 'not-found'; command: string }
  | { kind: 'timed-out'; stderr: string }
  /** `signal`: the signal the app got, which stopped the tool; absent when the caller aborted. */
  | { kind: 'aborted'; signal?: NodeJS.Signals }
  | { kind: 'output-too-large' };

/**
 * Finds the first of `commands` on `PATH` that is an executable file; `undefined` when none is.
 *
 * @example
 * ```ts
 * findExecutable(['az'], process.env); // '/usr/bin/az'
 * ```
 */
export function findExecutable(
  commands: readonly string[],
  env: Environment,
  platform: ProcessPlatform = process.platform,
): string | undefined {
  for (const command of commands) {
    for (const candidate of executableCandidates(command, env, platform)) {
      try {
        if (!statSync(candidate).isFile()) continue;
        if (platform !== 'win32') accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Missing or not executable: try the next folder.
      }
    }
  }
  return undefined;
}

/**
 * Runs a tool and collects its output. Never rejects for the tool's own failures: the outcome says what happened,
 * and the caller decides what it means. Once the tool exits, the run ends when its pipes close, or after 200 ms
 * without output: a background process it left holding them open is then stopped with the tool's process group.
 *
 * @example
 * ```ts
 * const outcome = await runProcess({ commands: ['az'], args: ['version'], env: process.env, timeoutInMs: 30_000 });
 * ```
 */
export async function runProcess(request: ProcessRequest): Promise<ProcessOutcome> {
  const platform = request.platform ?? process.platform;
  const [first = ''] = request.commands;
  if (request.signal?.aborted) return { kind: 'aborted' };
  const file = findExecutable(request.commands, request.env, platform);
  if (!file) return { kind: 'not-found', command: first };
  let command: ReturnType<typeof processCommand>;
  try {
    command = processCommand(platform, file, request.args, request.env);
  } catch (error) {
    // A Windows batch file that cmd.exe could not be trusted to run as asked: reported like a failed start.
    return { kind: 'exited', exitCode: null, stdout: '', stderr: (error as Error).message };
  }
  // Loaded only when there is a tool to run: a default chain on a host with no az, pwsh or azd never loads it.
  const { spawn } = await import('node:child_process');
  if (request.signal?.aborted) return { kind: 'aborted' };
  const limit = request.maxOutputBytes ?? MAX_PROCESS_OUTPUT_BYTES;

  return new Promise<ProcessOutcome>((resolve) => {
    const child = spawn(command.file, command.args, {
      cwd: safeWorkingDirectory(platform, request.env),
      env: { ...request.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      // Its own process group on POSIX, so the whole tree can be stopped at once.
      detached: platform !== 'win32',
      windowsHide: true,
      windowsVerbatimArguments: command.windowsVerbatimArguments,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const size = { stdout: 0, stderr: 0 };
    let settled = false;
    let exitCode: number | null | undefined;
    let drain: ReturnType<typeof setTimeout> | undefined;

    const finish = (outcome: ProcessOutcome, kill: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      request.signal?.removeEventListener('abort', onAbort);
      if (kill) killTree(spawn, child.pid, platform, request.env);
      stopOnExit(onSignal, false);
      // Open pipes would keep the app alive for as long as whatever holds them.
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(outcome);
    };
    const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
    // Only once the tool has exited: `exitCode` is set.
    const exited = (kill: boolean) =>
      finish(
        { kind: 'exited', exitCode: exitCode as number | null, stdout: text(stdout), stderr: text(stderr) },
        kill,
      );
    // Through setImmediate, so output already waiting in the pipes is read before the run ends.
    const awaitDrain = () => {
      clearTimeout(drain);
      drain = setTimeout(() => setImmediate(exited, true), EXIT_DRAIN_MS);
    };
    const collect = (stream: 'stdout' | 'stderr', chunks: Buffer[]) => (chunk: Buffer) => {
      size[stream] += chunk.length;
      if (size[stream] > limit) return finish({ kind: 'output-too-large' }, true);
      chunks.push(chunk);
      if (exitCode !== undefined) awaitDrain();
    };
    // A signal that ends the app names itself (stopOnExit); the caller's abort passes an event, not kept.
    const onSignal = (signal?: NodeJS.Signals) => finish({ kind: 'aborted', signal }, true);
    const onAbort = () => onSignal();
    // Resolved at once on expiry: the kill is sent, and nothing waits for the tree to go away.
    const timer = setTimeout(
      () => finish({ kind: 'timed-out', stderr: text(stderr) }, true),
      request.timeoutInMs,
    );

    child.stdout?.on('data', collect('stdout', stdout));
    child.stderr?.on('data', collect('stderr', stderr));
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish(
        error.code === 'ENOENT'
          ? { kind: 'not-found', command: first }
          : { kind: 'exited', exitCode: null, stdout: '', stderr: error.message },
        true,
      ),
    );
    child.on('exit', (code) => {
      exitCode = code;
      awaitDrain();
    });
    // After 'exit', which set the code.
    child.on('close', () => exited(false));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    // Its process group is out of reach of the signals that end the app: stopped when one does.
    if (platform !== 'win32') stopOnExit(onSignal, true);
  });
}

function killTree(
  spawn: typeof Spawn,
  pid: number | undefined,
  platform: ProcessPlatform,
  env: Environment,
): void {
  if (pid === undefined) return;
  const kill = treeKillCommand(platform, pid, env);
  try {
    if ('processGroup' in kill) process.kill(kill.processGroup, 'SIGKILL');
    else
      spawn(kill.file, kill.args, { stdio: 'ignore', windowsHide: true, shell: false }).on('error', () => {});
  } catch {
    // Already gone.
  }
}
