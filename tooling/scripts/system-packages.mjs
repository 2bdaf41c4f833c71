// Programs the test suite needs from the operating system, and the Debian package that provides each.
// On a fresh CI machine (root on Debian) missing ones are installed; elsewhere they are reported.
// Run on its own to install them: `node tooling/scripts/system-packages.mjs`.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { commandExists, run } from './run-command.mjs';

/** `{ command, apt }` pairs; an issue that needs a program adds it here (e.g. `{ command: 'az', apt: 'azure-cli' }`). */
export const SYSTEM_PACKAGES = [
  { command: 'az', apt: 'azure-cli' },
  // client-certificate's tests make PFX files and certificates with it.
  { command: 'openssl', apt: 'openssl' },
  // The default-chain bench blackholes IMDS in a network namespace of its own.
  { command: 'ip', apt: 'iproute2' },
  // The interactive sign-in tests drive it through playwright-core (which never downloads a browser of its own);
  // run as root, so it is started with --no-sandbox (see tooling/vitest/test-browser.ts).
  { command: 'chromium', apt: 'chromium' },
  // The fleet token cache (@identity/cache-redis) is tested, and benched, against a real Redis.
  { command: 'redis-server', apt: 'redis-server' },
];

const canInstall = () => process.getuid?.() === 0 && existsSync('/etc/debian_version');

/** Installs the packages whose command is missing; returns false if one is still missing. */
export function ensureSystemPackages(required = SYSTEM_PACKAGES) {
  const missing = required.filter(({ command }) => !commandExists(command));
  if (missing.length === 0) return true;
  const names = [...new Set(missing.map(({ apt }) => apt))];
  if (!canInstall()) {
    console.warn(`missing ${missing.map(({ command }) => command).join(', ')}: install ${names.join(' ')}`);
    return false;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // One `apt-get update` for the whole list: it is the slow part.
  if (run('apt-get', ['update'], { env }) !== 0) return false;
  if (run('apt-get', ['install', '-y', '--no-install-recommends', ...names], { env }) !== 0) return false;
  return missing.every(({ command }) => commandExists(command));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(ensureSystemPackages() ? 0 : 1);
}
