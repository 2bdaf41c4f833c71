import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { type FakeToolbox, fakeToolbox } from '@identity/tooling/test-process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserLaunchers, openSystemBrowser } from './interactive-browser-open-browser.js';

// A URL with everything a shell or cmd.exe would act on: `&` and `;` (another command), `$( )` and backquotes
// (command substitution), quotes and a space (encoded by URL, but given here raw too).
const url =
  'https://login.example/common/oauth2/v2.0/authorize?client_id=x&scope=a%20b&state=$(touch%20pwned)&x=`id`;echo&q=\'"';

let tools: FakeToolbox;
beforeEach(() => {
  tools = fakeToolbox();
});
afterEach(() => tools.remove());

/** A fake opener's body that appends its name to `called`, and the names there, in order. */
const record = (name: string) => `echo ${name} >> '${tools.dir}/called'`;
const called = () => readFileSync(join(tools.dir, 'called'), 'utf8').split('\n').filter(Boolean);

/** Fake openers, alone on PATH (so that a real xdg-open in /usr/bin is never reached). */
function openers(scripts: Record<string, string>): Record<string, string> {
  for (const [name, body] of Object.entries(scripts)) tools.add(name, body);
  return { PATH: tools.dir };
}

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
    await openSystemBrowser(url, { platform: 'linux', env: openers({ 'xdg-open': 'exit 0' }), wsl: false });
    expect(tools.calls().map((call) => call.args)).toEqual([[new URL(url).href]]);
    expect(existsSync(join(tools.dir, 'pwned'))).toBe(false);
  });

  it('under WSL uses wslview, and falls back to xdg-open when wslview is not installed', async () => {
    const env = openers({ wslview: record('wslview'), 'xdg-open': record('xdg-open') });
    await openSystemBrowser(url, { platform: 'linux', env, wsl: true });
    expect(called()).toEqual(['wslview']);

    tools.remove();
    tools = fakeToolbox();
    await openSystemBrowser(url, {
      platform: 'linux',
      env: openers({ 'xdg-open': record('xdg-open') }),
      wsl: true,
    });
    expect(called()).toEqual(['xdg-open']);
    expect(tools.calls().map((call) => call.args)).toEqual([[new URL(url).href]]);
  });

  it('counts an opener still running after a moment (xdg-open running the browser itself) as started', async () => {
    const env = openers({ 'xdg-open': `echo $$ > '${tools.dir}/pid'; exec /bin/sleep 30` });
    try {
      await openSystemBrowser(url, { platform: 'linux', env, wsl: false });
      expect(tools.calls().map((call) => call.args)).toEqual([[new URL(url).href]]);
    } finally {
      process.kill(Number(readFileSync(join(tools.dir, 'pid'), 'utf8')));
    }
  });

  it('without an opener, says to pass openBrowser or use DeviceCodeCredential (CredentialUnavailableError)', async () => {
    const error = await openSystemBrowser(url, { platform: 'linux', env: openers({}), wsl: true }).catch(
      (e: unknown) => e as Error,
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error?.message).toContain('wslview is not installed, xdg-open is not installed');
    expect(error?.message).toContain('Pass the openBrowser option');
    expect(error?.message).toContain('DeviceCodeCredential');
    expect(messageProblems(String(error?.message), anchors)).toEqual([]);
  });

  it('reports an opener that fails (xdg-open with no browser configured exits 3)', async () => {
    const env = openers({ 'xdg-open': 'exit 3' });
    const error = await openSystemBrowser(url, { platform: 'linux', env, wsl: false }).catch(
      (e: unknown) => e as Error,
    );
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error?.message).toContain('xdg-open failed (exit 3)');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', '--help', 'not a url', 'ms-settings:'])(
    'opens only http and https URLs, not %s',
    async (bad) => {
      const env = openers({ 'xdg-open': 'exit 0' });
      await expect(openSystemBrowser(bad, { platform: 'linux', env, wsl: false })).rejects.toSatisfy((e) =>
        InvalidArgumentError.isInstance(e),
      );
      expect(tools.calls()).toEqual([]);
    },
  );
});
