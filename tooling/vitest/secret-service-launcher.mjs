// The launcher of test-secret-service.ts, run by it inside `dbus-run-session`: starts gnome-keyring's Secret Service
// on that session bus, waits until it is on the bus, runs the test program, then stops both. Plain Node (no
// TypeScript): it runs outside vitest. Every wait is bounded: at its deadline it kills the program and the daemon,
// before the test's own timeout would kill dbus-run-session (which could then not stop its bus).
import { execFileSync, spawn } from 'node:child_process';

const READY_TIMEOUT_MS = 10_000;
// The keyring file's password: a test fixture, protecting throwaway keyrings in a temporary folder.
const KEYRING_PASSWORD = 'identity-test-keyring';

const secretServiceReady = () => {
  try {
    const reply = execFileSync(
      'dbus-send',
      [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.freedesktop.secrets',
      ],
      { encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return reply.includes('boolean true');
  } catch {
    return false;
  }
};

// The launcher, inside the session bus.
async function launch({ args, locked, deadlineInMs }) {
  const daemon = spawn(
    'gnome-keyring-daemon',
    ['--foreground', ...(locked ? [] : ['--unlock']), '--components=secrets'],
    { stdio: [locked ? 'ignore' : 'pipe', 'ignore', 'inherit'] },
  );
  daemon.stdin?.end(KEYRING_PASSWORD);
  let program;
  const stop = (code, why) => {
    if (why) process.stderr.write(`secret-service launcher: ${why}\n`);
    program?.kill('SIGKILL');
    daemon.kill('SIGKILL');
    process.exit(code);
  };
  setTimeout(() => stop(124, `the program overran ${deadlineInMs} ms`), deadlineInMs).unref();
  daemon.on('exit', (code) => program || stop(1, `gnome-keyring-daemon exited ${code} before it was ready`));
  const readyBy = Date.now() + READY_TIMEOUT_MS;
  while (!secretServiceReady()) {
    if (Date.now() > readyBy)
      stop(1, `gnome-keyring-daemon was not on the bus within ${READY_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  program = spawn(process.execPath, args, { stdio: 'inherit' });
  program.on('exit', (code, signal) => stop(code ?? 1, signal ? `the program was killed (${signal})` : ''));
}

await launch(JSON.parse(process.argv[2] ?? '{}'));
