// A real Secret Service for tests: GNOME Keyring's daemon (Debian's gnome-keyring, installed with dbus by
// tooling/scripts/system-packages.mjs) on a D-Bus session bus of its own, with its keyrings in a folder the test
// chooses. What works as root in a container with no display:
//
//   dbus-run-session -- node secret-service-launcher.mjs '<plan>'   a private session bus; the environment is set
//                                                                  before, so whatever the bus starts uses it too
//     gnome-keyring-daemon --foreground --unlock --components=secrets
//         password on stdin: creates the "login" keyring (the default collection) on first use and unlocks it
//         after (an empty password creates none); without --unlock the keyring stays locked, and its unlock prompt
//         fails for want of a display
//     (wait until the bus name org.freedesktop.secrets has an owner, polled with dbus-send)
//     node <the test program>                                      then the daemon is stopped, and the bus with it
//
// Argument arrays throughout, never a shell.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runProcess } from './test-child-process.js';

const LAUNCHER = fileURLToPath(new URL('./secret-service-launcher.mjs', import.meta.url));

/**
 * The environment of a user whose home (and keyrings, under `.local/share/keyrings`) is `home`: PATH, HOME and the
 * XDG folders, nothing else.
 *
 * @example
 * ```ts
 * await runProcess(process.execPath, ['app.mjs'], { env: homeEnv(home), timeoutInMs: 10_000 });
 * ```
 */
export function homeEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: `${home}/.local/share`,
    XDG_CONFIG_HOME: `${home}/.config`,
    XDG_CACHE_HOME: `${home}/.cache`,
    // gnome-keyring's control socket goes here; the launcher makes it private to the user.
    XDG_RUNTIME_DIR: `${home}/run`,
  };
}

/**
 * Runs `node ...args` in a new D-Bus session with a Secret Service (gnome-keyring) whose keyrings live under
 * `home`, unlocked unless `locked`; resolves with what the program printed, rejects when it exits non-zero or
 * overruns `timeoutInMs`. A later call with the same `home` finds what the earlier one stored.
 *
 * @example
 * ```ts
 * const { stdout } = await runWithSecretService(['child.mjs', 'seal'], { home, timeoutInMs: 20_000 });
 * ```
 */
export function runWithSecretService(
  args: string[],
  options: {
    home: string;
    locked?: boolean;
    env?: Record<string, string>;
    timeoutInMs?: number;
    /** Sees the program's standard error as it comes. */
    onStderr?: (chunk: string) => void;
  },
): Promise<{ stdout: string; stderr: string }> {
  const timeoutInMs = options.timeoutInMs ?? 30_000;
  // The bus and gnome-keyring put their sockets here: it must exist, private to the user, before they start.
  mkdirSync(`${options.home}/run`, { recursive: true, mode: 0o700 });
  const plan = JSON.stringify({ args, locked: options.locked ?? false, deadlineInMs: timeoutInMs });
  return runProcess('dbus-run-session', ['--', process.execPath, LAUNCHER, plan], {
    env: { ...homeEnv(options.home), ...options.env },
    // Later than the launcher's own deadline, which stops the daemon and lets dbus-run-session stop its bus.
    timeoutInMs: timeoutInMs + 5_000,
    onStderr: options.onStderr,
  });
}
