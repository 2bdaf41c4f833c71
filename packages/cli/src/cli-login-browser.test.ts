// `identity login` with the browser: the built binary opens the system's browser (`xdg-open`, here a stand-in on
// PATH that hands the URL to the test), and Chromium, driven by playwright-core, plays the user on the emulator's
// sign-in page; the CLI's loopback server receives the answer and keeps the account in the cache.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserializeAuthenticationRecord } from '@identity/core';
import type { Emulator } from '@identity/emulator';
import { SIGN_IN_ELEMENT_IDS, startEmulator } from '@identity/emulator';
import { signInOnEmulatorPage, useChromium } from '@identity/tooling/test-browser';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../test/cli-run-node.js';

const cliPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const chromium = useChromium();

let emulator: Emulator;
beforeAll(async () => {
  if (!existsSync(cliPath)) throw new Error('build @identity/cli first: pnpm --filter @identity/cli build');
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

// A folder with an `xdg-open` that writes the URL it is given to `opened` (a Node script: no shell).
function browserStandIn(folder: string): { bin: string; opened: string } {
  const bin = join(folder, 'bin');
  const opened = join(folder, 'opened-url');
  const script = join(bin, 'xdg-open');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    script,
    `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(opened)}, process.argv[2]);\n`,
  );
  chmodSync(script, 0o755);
  return { bin, opened };
}

describe('identity login with the browser', () => {
  it('opens the sign-in page, receives the answer on its loopback port, and keeps the account', async () => {
    const app = emulator.registerApp({ publicClient: true, adminConsent: true });
    const user = { username: `ada.${app.clientId}@contoso.example`, password: testSecret('password') };
    emulator.registerUser({ ...user, tenantId: app.tenantId });
    const home = temporaryFolder('identity-login-browser');
    const { bin, opened } = browserStandIn(home);
    const directory = join(home, 'cache');
    const env = {
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: home,
      AZURE_AUTHORITY_HOST: emulator.url,
      IDENTITY_CACHE_DIRECTORY: directory,
    };
    const login = runNode(
      [cliPath, 'login', '--client-id', app.clientId, '--tenant', app.tenantId, '--unencrypted'],
      { env, timeoutInMs: 60_000 },
    );
    await expect.poll(() => existsSync(opened), { timeout: 20_000 }).toBe(true);
    const url = new URL(readFileSync(opened, 'utf8'));
    expect(url.origin).toBe(new URL(emulator.url).origin);
    expect(url.searchParams.get('client_id')).toBe(app.clientId);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+/);
    const page = await chromium.newPage();
    await page.goto(url.href);
    await signInOnEmulatorPage(page, SIGN_IN_ELEMENT_IDS, user, { consent: 'none' });

    const { code, stdout, stderr } = await login;
    expect(stderr).toContain('Opening your browser to sign in');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Signed in as ${user.username.replace(/\./g, '\\.')} `));
    const record = deserializeAuthenticationRecord(
      readFileSync(join(directory, 'msal.cache.authentication-record.json'), 'utf8'),
    );
    expect(record).toMatchObject({ username: user.username, clientId: app.clientId });
    const listed = await runNode([cliPath, 'accounts', '--json'], { env, timeoutInMs: 30_000 });
    expect(JSON.parse(listed.stdout).accounts).toMatchObject([{ username: user.username, isDefault: true }]);
  });
});
