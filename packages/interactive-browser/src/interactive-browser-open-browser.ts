// Opens the sign-in page in the user's default browser, the way each system is asked to: `open` on macOS,
// `rundll32 url.dll,FileProtocolHandler` on Windows, `wslview` (then `xdg-open`) on WSL, `xdg-open` elsewhere. Always
// an argument array and never a shell: the authorize URL is full of `&`, which `cmd /c start` would read as "run
// another command" (the `open` package uses an encoded PowerShell command for the same reason).
import { CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { INTERACTIVE_BROWSER_ANCHOR, INTERACTIVE_BROWSER_CREDENTIAL } from './interactive-browser-errors.js';

/**
 * One way to open a URL: a program and its arguments (the URL last, as one argument).
 *
 * @example
 * ```ts
 * const launch: BrowserLauncher = { command: 'xdg-open', args: ['https://login.microsoftonline.com/...'] };
 * ```
 */
export interface BrowserLauncher {
  /** The program to run (found on `PATH`). */
  command: string;
  /** Its arguments, the URL among them (passed as an array, never through a shell). */
  args: string[];
}

/**
 * The system the browser is opened on. Every field defaults to this process's own.
 *
 * @example
 * ```ts
 * const system: BrowserSystem = { platform: 'linux', wsl: true };
 * ```
 */
export interface BrowserSystem {
  /** The operating system, as Node's `process.platform` names it. */
  platform?: NodeJS.Platform;
  /** The opener's environment: `PATH` finds it; `SystemRoot` locates Windows' own programs. */
  env?: Record<string, string | undefined>;
  /** Linux under WSL, where the browser is Windows': `wslview` (from wslu) opens it. */
  wsl?: boolean;
}

/**
 * The launchers to try for a URL, in order; each is tried when the one before is not installed.
 *
 * @example
 * ```ts
 * browserLaunchers(url, { platform: 'win32', env: { SystemRoot: 'C:\\Windows' } });
 * // [{ command: 'C:\\Windows\\System32\\rundll32.exe', args: ['url.dll,FileProtocolHandler', url] }]
 * ```
 */
export function browserLaunchers(url: string, system: Required<BrowserSystem>): BrowserLauncher[] {
  switch (system.platform) {
    case 'darwin':
      return [{ command: '/usr/bin/open', args: [url] }];
    case 'win32': {
      // By full path, so that no rundll32.exe in the working directory or on PATH stands in for it.
      const root = system.env.SystemRoot || system.env.windir || 'C:\\Windows';
      return [{ command: `${root}\\System32\\rundll32.exe`, args: ['url.dll,FileProtocolHandler', url] }];
    }
    default:
      return [
        ...(system.wsl ? [{ command: 'wslview', args: [url] }] : []),
        { command: 'xdg-open', args: [url] },
      ];
  }
}

async function detectWsl(env: Record<string, string | undefined>): Promise<boolean> {
  if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) return true;
  try {
    const { readFileSync } = await import('node:fs');
    return /microsoft/i.test(readFileSync('/proc/version', 'utf8'));
  } catch {
    return false;
  }
}

/** How long a launcher may run before it counts as started: `xdg-open` can stay in the foreground with the browser. */
const LAUNCH_GRACE_MS = 2_000;

type Launch = { started: true } | { started: false; reason: string; missing: boolean };

// node:child_process loads only when a browser is opened: an app that signs in silently (a saved record, a cached
// refresh token) never pays for it at start.
async function launch(
  { command, args }: BrowserLauncher,
  env: Record<string, string | undefined>,
): Promise<Launch> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true, env });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (outcome: Launch) => {
      clearTimeout(timer);
      child.removeAllListeners();
      child.unref();
      resolve(outcome);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      settle({ started: false, missing: error.code === 'ENOENT', reason: error.code ?? error.message }),
    );
    child.once('exit', (code, signal) =>
      settle(
        code === 0 ? { started: true } : { started: false, missing: false, reason: `exit ${code ?? signal}` },
      ),
    );
    child.once('spawn', () => {
      timer = setTimeout(() => settle({ started: true }), LAUNCH_GRACE_MS);
    });
  });
}

/**
 * Opens `url` in the system's default browser: see {@link browserLaunchers} for the program of each system. It
 * resolves once the launcher has handed the URL on (or is still running after 2 seconds, as `xdg-open` does when
 * it starts the browser itself). Only `http` and `https` URLs are opened (an `InvalidArgumentError` otherwise).
 * When no launcher is installed, or it fails, it throws a `CredentialUnavailableError` that says to pass
 * `openBrowser` (to open or print the URL yourself) or to use `DeviceCodeCredential`.
 *
 * @example
 * ```ts
 * await openSystemBrowser(authorizeUrl);
 * ```
 */
export async function openSystemBrowser(
  url: string,
  system: BrowserSystem = {},
  credentialName = INTERACTIVE_BROWSER_CREDENTIAL,
): Promise<void> {
  const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new InvalidArgumentError(
      `${credentialName}: only an http or https URL is opened in the browser. ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
    );
  }
  const env = system.env ?? process.env;
  const launchers = browserLaunchers(parsed.href, {
    platform: system.platform ?? process.platform,
    env,
    wsl: system.wsl ?? ((system.platform ?? process.platform) === 'linux' && (await detectWsl(env))),
  });
  const problems: string[] = [];
  for (const launcher of launchers) {
    const outcome = await launch(launcher, env);
    if (outcome.started) return;
    problems.push(
      outcome.missing
        ? `${launcher.command} is not installed`
        : `${launcher.command} failed (${outcome.reason})`,
    );
    if (!outcome.missing) break;
  }
  throw new CredentialUnavailableError(
    `${credentialName}: could not open a browser: ${problems.join(', ')}. Pass the openBrowser option to open the sign-in page yourself (or print its URL), or use DeviceCodeCredential where there is no browser. ${troubleshooting(INTERACTIVE_BROWSER_ANCHOR)}`,
  );
}
