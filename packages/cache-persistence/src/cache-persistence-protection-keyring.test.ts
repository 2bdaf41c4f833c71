// keyringProtection against a real Secret Service: gnome-keyring's daemon on a private D-Bus session
// (@identity/tooling/test-secret-service), each run a process of its own, as apps use the cache: the key is created
// by the first, kept in the keyring file under a temporary home, and found by the next, even after the daemon restarts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@identity/tooling/test-child-process';
import { homeEnv, runWithSecretService } from '@identity/tooling/test-secret-service';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyringProtection } from './cache-persistence-protection-keyring.js';

const PROGRAM = fileURLToPath(new URL('../test/cache-persistence-keyring-program.mjs', import.meta.url));
const CONTENTS =
  '{"RefreshToken":{"uid.utid-login.microsoftonline.com-refreshtoken-cid--":{"secret":"0.AR-refresh"}}}';

interface Outcome {
  encrypted?: boolean;
  description?: string;
  sealed?: string;
  text?: string;
  storedKey?: string | null;
  error?: { name: string; code: string; message: string };
  afterMs?: number;
  warnings?: string[];
}

const outcome = ({ stdout }: { stdout: string }) =>
  JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Outcome;

let home: string;
beforeEach(() => {
  home = temporaryFolder('identity-keyring');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const inSession = async (
  action: string,
  input: object = {},
  options: { locked?: boolean; home?: string } = {},
) =>
  outcome(
    await runWithSecretService([PROGRAM, action, JSON.stringify(input)], {
      home: options.home ?? home,
      locked: options.locked,
      timeoutInMs: 20_000,
    }),
  );

const withoutSession = async (env: Record<string, string>, timeoutInMs = 10_000) =>
  outcome(
    await runProcess(process.execPath, [PROGRAM, 'seal', JSON.stringify({ text: CONTENTS })], {
      env: { ...homeEnv(home), ...env },
      timeoutInMs,
    }),
  );

const keyId = (sealed: string) => Buffer.from(sealed, 'base64').subarray(5, 13).toString('hex');

describe('keyringProtection with a real Secret Service (gnome-keyring)', () => {
  it('creates the key on first use and reuses it in the next process, even after the daemon restarts', async () => {
    const first = await inSession('seal', { text: CONTENTS });
    expect(first.error).toBeUndefined();
    expect(first).toMatchObject({
      encrypted: true,
      description: 'AES-256-GCM, key in the Secret Service (D-Bus)',
    });
    const { storedKey } = await inSession('stored-key');
    // Each run is a new D-Bus session and a new daemon: the key came back from the keyring file on disk.
    const second = await inSession('open', { sealed: first.sealed });
    expect(second.text).toBe(CONTENTS);
    const third = await inSession('seal', { text: CONTENTS });
    expect(keyId(third.sealed as string)).toBe(keyId(first.sealed as string));
    expect((await inSession('stored-key')).storedKey).toBe(storedKey);
  }, 60_000);

  it('keeps the key in the store (32 random bytes in base64) and only sealed bytes for the disk', async () => {
    const { sealed } = await inSession('seal', { text: CONTENTS });
    const { storedKey } = await inSession('stored-key');
    expect(storedKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(storedKey as string, 'base64')).toHaveLength(32);
    const bytes = Buffer.from(sealed as string, 'base64');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('IDCP');
    expect(bytes.toString('latin1')).not.toContain('refresh');
    expect(bytes.toString('latin1')).not.toContain('RefreshToken');
    // gnome-keyring's own file keeps the key encrypted with the keyring's password.
    const keyringFile = readFileSync(join(home, '.local/share/keyrings/login.keyring'), 'latin1');
    expect(keyringFile).not.toContain(storedKey);
  }, 60_000);

  it('keeps one key per cache name', async () => {
    const a = await inSession('seal', { text: CONTENTS, cacheName: 'a.cache' });
    const b = await inSession('seal', { text: CONTENTS, cacheName: 'b.cache' });
    expect(keyId(a.sealed as string)).not.toBe(keyId(b.sealed as string));
    const opened = await inSession('open', { sealed: a.sealed, cacheName: 'b.cache' });
    expect(opened.error?.message).toMatch(/sealed with a key the Secret Service \(D-Bus\) no longer holds/);
  }, 60_000);

  it('refuses bytes that were altered, with the error that says so, never garbage', async () => {
    const { sealed } = await inSession('seal', { text: CONTENTS });
    const bytes = Buffer.from(sealed as string, 'base64');
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0x40;
    const opened = await inSession('open', { sealed: bytes.toString('base64') });
    expect(opened.text).toBeUndefined();
    expect(opened.error).toMatchObject({
      name: 'CredentialUnavailableError',
      code: 'CREDENTIAL_UNAVAILABLE',
    });
    expect(opened.error?.message).toMatch(/truncated or altered.*#cache-persistence-encrypted-file$/);
  }, 60_000);

  it('refuses a file sealed under another home (another user or machine)', async () => {
    const other = temporaryFolder('identity-keyring');
    try {
      const { sealed } = await inSession('seal', { text: CONTENTS }, { home: other });
      // This home has a key of its own for the cache (with none, the store's answer is that it holds no key).
      await inSession('seal', { text: CONTENTS });
      const opened = await inSession('open', { sealed });
      expect(opened.error?.message).toMatch(/another user or machine/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  it("says, when a cache's key is not in the store, that it was not found there (and where to read about it) as the files are set aside", async () => {
    const other = temporaryFolder('identity-keyring');
    try {
      // Sealed under another home: this home's keyring has no key for the cache (deleted, or another keyring).
      const { sealed } = await inSession(
        'seal',
        { text: CONTENTS, cacheName: 'msal.cache' },
        { home: other },
      );
      const directory = join(home, '.IdentityService');
      mkdirSync(directory, { mode: 0o700 });
      writeFileSync(join(directory, 'msal.cache.nocae'), Buffer.from(sealed as string, 'base64'), {
        mode: 0o600,
      });
      const { warnings = [] } = await inSession('list-accounts', { cacheName: 'msal.cache', directory });
      const [warning] = warnings;
      expect(warnings).toHaveLength(1);
      expect(warning).toMatch(
        /msal\.cache\.nocae .*a key that was not found in the Secret Service \(D-Bus\).* moved to .*msal\.cache\.nocae\.corrupt-/,
      );
      expect(warning).toMatch(/#cache-persistence-missing-key$/);
      expect(warning).not.toContain('CredentialUnavailableError');
      expect(warning).not.toContain('refresh');
      expect(readdirSync(directory).some((name) => name.startsWith('msal.cache.nocae.corrupt-'))).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  it('fails clearly on a locked keyring, naming unsafeAllowUnencryptedStorage', async () => {
    await inSession('seal', { text: CONTENTS });
    // The same keyring file, its daemon started without the password: the login keyring stays locked, and the
    // unlock prompt cannot be shown (no display).
    const locked = await inSession('seal', { text: CONTENTS }, { locked: true });
    expect(locked.sealed).toBeUndefined();
    expect(locked.error?.name).toBe('CredentialUnavailableError');
    expect(locked.error?.message).toContain('is locked and could not be unlocked');
    expect(locked.error?.message).toContain('unsafeAllowUnencryptedStorage: true');
    expect(locked.error?.message).toMatch(/#cache-persistence-locked-keyring$/);
  }, 60_000);
});

describe('keyringProtection with no secret store', () => {
  const expectNoSecretStore = (result: Outcome, detail: string) => {
    expect(result.sealed).toBeUndefined();
    expect(result.error?.name).toBe('CredentialUnavailableError');
    expect(result.error?.message).toContain(detail);
    expect(result.error?.message).toContain('unsafeAllowUnencryptedStorage: true');
    expect(result.error?.message).toMatch(/#cache-persistence-no-secret-store$/);
  };

  it('fails clearly without a D-Bus session', async () => {
    expectNoSecretStore(
      await withoutSession({}),
      'there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)',
    );
  });

  it('fails clearly when the session bus is not where its address says', async () => {
    const result = await withoutSession({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}` });
    expectNoSecretStore(result, 'the D-Bus session bus cannot be reached (ENOENT)');
  });

  it('fails within its bound, and the process ends, when the session bus hangs', async () => {
    // A bus that accepts connections and never answers, as a stopped dbus-daemon does.
    const path = join(home, 'hung-bus');
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const result = await withoutSession({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${path}` });
      expectNoSecretStore(result, 'the D-Bus session bus did not answer within 2000 ms');
      expect(result.afterMs).toBeLessThan(8_000);
    } finally {
      server.close();
    }
  });
});

describe('keyringProtection arguments', () => {
  it('refuses a cache name that is empty, too long or has control characters', async () => {
    for (const name of ['', 'x'.repeat(256), 'a\nb']) {
      await expect(keyringProtection(name)).rejects.toMatchObject({ name: 'InvalidArgumentError' });
    }
  });

  it('refuses a timeout that is not a whole number of ms from 1 to 600,000', async () => {
    for (const timeoutInMs of [0, 1.5, 600_001, Number.NaN]) {
      await expect(keyringProtection('msal.cache', { timeoutInMs })).rejects.toThrow(/timeoutInMs must be/);
    }
  });
});
