// How the CLI's end-to-end specs run the built `identity` binary against the emulator: as a user runs it, and with
// the user on the other side of a device-code sign-in.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@identity/emulator';
import type { NodeRun } from './cli-run-node.js';
import { runNode } from './cli-run-node.js';

/** The built binary (`pnpm --filter @identity/cli build` makes it). */
export const CLI_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

/** The line `identity login --device-code` prints on standard error, with the code the user types. */
export const USER_CODE = /enter the code (\w+)/;

/**
 * Runs `identity <args>` in a process of its own (asynchronously: the emulator answering it lives in this process's
 * event loop); `onStderr` sees standard error as it comes.
 *
 * @example
 * ```ts
 * const { code, stdout } = await identity(['accounts', '--json'], env);
 * ```
 */
export function identity(
  args: string[],
  env: Record<string, string>,
  onStderr?: (chunk: string) => void,
): Promise<NodeRun> {
  return runNode([CLI_PATH, ...args], { env, timeoutInMs: 60_000, onStderr });
}

/**
 * A standard-error watcher for {@link identity} that approves the device code the CLI prints as `username`, as the
 * user would on the sign-in page. `emulator` is read when the code comes (specs start it in `beforeAll`).
 *
 * @example
 * ```ts
 * const approveAs = deviceCodeApprover(() => emulator);
 * await identity(['login', '--device-code'], env, approveAs('ada@contoso.example'));
 * ```
 */
export function deviceCodeApprover(emulator: () => Emulator) {
  return (username: string) => (chunk: string) => {
    const code = USER_CODE.exec(chunk)?.[1];
    if (code) emulator().approveDeviceCode(code, username);
  };
}
