import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { afterEach, describe, expect, it } from 'vitest';
import { browserLaunchers, openSystemBrowser } from './interactive-browser-open-browser.js';

// A URL with everything a shell or cmd.exe would act on: `&` and `;` (another command), `$( )` and backquotes
// (command substitution), quotes and a space (encoded by URL, but given here raw too).
const url =
  'https://login.example/common/oauth2/v2.0/authorize?client_id=x&scope=a%20b&state=$(touch%20pwned)&x=`id`;echo&q=\'"';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder for PATH holding fake openers: each writes its arguments, one per line, to `<name>.args`. */
function fakeOpeners(scripts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'openers-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(scripts)) {
    const file = join(dir, name);
    writeFileSync(
      file,
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${file}.args"\necho $$ > "${file}.pid"\n${body}\n`,
    );
    chmodSync(file, 0o755);
  }
  return dir;
}

const argsOf = (dir: string, name: string) =>
  readFileSync(join(dir, `${name}.args`), 'utf8')
    .split('\n')
    .slice(0, -1);

describe('browserLaunchers', () => {
  const href = new URL(url).href;
  const env = { SystemRoot: 'D:\\Windows' };

  it('opens with `open` on macOS, by its full path', () => {
    expect(browserLaunchers(href, { platform: 'darwin', env, wsl: false })).toEqual([
      { command: '/usr/bin/open', args: [href] },
    ]);
  });

  it('opens with rundll32’s URL handler on Windows, by its full path under SystemRoot, with no shell to read `&`', () => {
    expect(browserLaunchers(href, { platform: 'win32', env, wsl: false })).toEqual([
      { command: 'D:\\Windows\\System32\\rundll32.exe', args: ['url.dll,FileProtocolHandler', href] },
    ]);
    expect(browserLaunchers(href, { platform: 'win32', env: {}, wsl: false })[0]?.command).toBe(
      'C:\\Windows\\System32\\rundll32.exe',
    );
  });

  it('opens with xdg-open on Linux, and with wslview first under WSL (the browser is Windows’)', () => {
    expect(browserLaunchers(href, { platform: 'linux', env, wsl: false })).toEqual([
      { command: 'xdg-open', args: [href] },
    ]);
    expect(browserLaunchers(href, { platform: 'linux', env, wsl: true }).map((l) => l.command)).toEqual([
      'wslview',
      'xdg-open',
    ]);
    expect(browserLaunchers(href, { platform: 'freebsd', env, wsl: false })[0]?.command).toBe('xdg-open');
  });
});

describe('openSystemBrowser', () => {
  const anchors = guideAnchors();

  it('hands the URL to xdg-open as one argument, untouched by any shell', async () => {
    const dir = fakeOpeners({ 'xdg-open': 'exit 0' });
    await openSystemBrowser(url, { platform: 'linux', env: { PATH: dir }, wsl: false });
    expect(argsOf(dir, 'xdg-open')).toEqual([new URL(url).href]);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('under WSL uses wslview, and falls back to xdg-open when wslview is not installed', async () => {
    const both = fakeOpeners({ wslview: 'exit 0', 'xdg-open': 'exit 0' });
    await openSystemBrowser(url, { platform: 'linux', env: { PATH: both }, wsl: true });
    expect(existsSync(join(both, 'wslview.args'))).toBe(true);
    expect(existsSync(join(both, 'xdg-open.args'))).toBe(false);

    const xdgOnly = fakeOpeners({ 'xdg-open': 'exit 0' });
    await openSystemBrowser(url, { platform: 'linux', env: { PATH: xdgOnly }, wsl: true });
    expect(argsOf(xdgOnly, 'xdg-open')).toEqual([new URL(url).href]);
  });

  it('counts an opener still running after a moment (xdg-open running the browser itself) as started', async () => {
    const dir = fakeOpeners({ 'xdg-open': 'exec /bin/sleep 30' });
    try {
      await openSystemBrowser(url, { platform: 'linux', env: { PATH: dir }, wsl: false });
      expect(argsOf(dir, 'xdg-open')).toEqual([new URL(url).href]);
    } finally {
      process.kill(Number(readFileSync(join(dir, 'xdg-open.pid'), 'utf8')));
    }
  });

  it('without an opener, says to pass openBrowser or use DeviceCodeCredential (CredentialUnavailableError)', async () => {
    const empty = fakeOpeners({});
    const error = await openSystemBrowser(url, { platform: 'linux', env: { PATH: empty }, wsl: true }).catch(
      (e: unknown) => e as Error,
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error?.message).toContain('wslview is not installed, xdg-open is not installed');
    expect(error?.message).toContain('Pass the openBrowser option');
    expect(error?.message).toContain('DeviceCodeCredential');
    expect(messageProblems(String(error?.message), anchors)).toEqual([]);
  });

  it('reports an opener that fails (xdg-open with no browser configured exits 3)', async () => {
    const dir = fakeOpeners({ 'xdg-open': 'exit 3' });
    const error = await openSystemBrowser(url, { platform: 'linux', env: { PATH: dir }, wsl: false }).catch(
      (e: unknown) => e as Error,
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error?.message).toContain('xdg-open failed (exit 3)');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', '--help', 'not a url', 'ms-settings:'])(
    'opens only http and https URLs, not %s',
    async (bad) => {
      const dir = fakeOpeners({ 'xdg-open': 'exit 0' });
      await expect(
        openSystemBrowser(bad, { platform: 'linux', env: { PATH: dir }, wsl: false }),
      ).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e));
      expect(existsSync(join(dir, 'xdg-open.args'))).toBe(false);
    },
  );
});
