// What the tests that run code in another process share: running it (an argument array, never a shell, killed
// when it overruns) and passing on what the libraries logged and threw there, for the suite's leak check.
import { spawn } from 'node:child_process';

type DiagnosticsHook = (kind: string, text: string) => void;

/**
 * `{ TMPDIR }` when this process has one set, else nothing: what a child given an environment of its own keeps.
 *
 * @example
 * ```ts
 * spawn(command, args, { env: { ...inheritedTemporaryFolder(), PATH } });
 * ```
 */
export function inheritedTemporaryFolder(): { TMPDIR?: string } {
  return process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {};
}

/**
 * Runs `command` with `args` and resolves with what it printed; rejects when it cannot start, exits non-zero
 * or overruns `timeoutInMs` (then it is killed).
 *
 * @example
 * ```ts
 * const { stdout } = await runProcess(process.execPath, ['app.mjs'], { cwd: dir, env: { PATH }, timeoutInMs: 5000 });
 * ```
 */
export function runProcess(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    stdin?: string;
    timeoutInMs: number;
    /** Sees standard error as it comes (a test that answers what the program prints, such as a device code). */
    onStderr?: (chunk: string) => void;
  },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      // The suite's TMPDIR reaches every child, so the test command's check sees whatever a child leaves behind.
      env: { ...inheritedTemporaryFolder(), ...(options.env ?? { PATH: '/usr/bin:/bin' }) },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutInMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        const how = signal ? `was killed (${signal}, timeout ${options.timeoutInMs} ms)` : `exited ${code}`;
        reject(new Error(`${command} ${how}:\n${stderr}${stdout}`));
      }
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/**
 * Hands what another process's libraries logged and threw to this process's diagnostics hook, as if they had
 * run here, so that the suite's leak check sees them.
 *
 * @example
 * ```ts
 * forwardDiagnostics(outcome.diagnostics);
 * ```
 */
export function forwardDiagnostics(diagnostics: { kind: string; text: string }[]): void {
  const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('@identity/core.diagnostics')] as
    | DiagnosticsHook
    | undefined;
  for (const { kind, text } of diagnostics) hook?.(kind, text);
}
