// Runs a Node script as a user would (its own process, an argument array, no shell) and keeps its exit code and
// output: the built `identity` binary, tsc. Killed when it overruns.
import { spawn } from 'node:child_process';

/** What a run printed and how it ended. */
export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <args>`; resolves however it exits (the exit code is part of the answer), rejects only when it cannot
 * start.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runNode([cliPath, 'doctor', '--json'], { env: { PATH: '/usr/bin' }, timeoutInMs: 30_000 });
 * ```
 */
export function runNode(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    timeoutInMs: number;
    /** Sees standard error as it comes (a test that answers a device code the CLI prints). */
    onStderr?: (chunk: string) => void;
  },
): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutInMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      options.onStderr?.(String(chunk));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
