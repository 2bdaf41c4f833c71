// A cache opened encrypted (without unsafeAllowUnencryptedStorage) over files it cannot read: listing its accounts
// says why and what to do, instead of finding nobody (which made SharedTokenCacheCredential ask the user to sign in
// again, to no avail), and leaves the files as they were.
//
// Files kept in clear (`identity login --unencrypted` wrote them): the listing says how to opt in to reading them.
//
// Files encrypted, read where the OS secret store that holds their key cannot be reached (no D-Bus session, or a
// session address with no bus behind it): the listing says that, with its guide entry (a sign-in needs the same
// store, so it cannot help). The cache is written first as an app writes it, with a real Secret Service
// (gnome-keyring in a D-Bus session of its own), then read in this process with no store. Read where that store runs
// but its login keyring is locked (its daemon started without the password, no display for the unlock prompt),
// listing says the keyring is locked and how to unlock it, with the locked keyring's guide entry.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CredentialUnavailableError } from '@identity/core';
import { accountKey } from '@identity/core/internal';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { runWithSecretService } from '@identity/tooling/test-secret-service';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PersistentTokenCache } from './cache-persistence-token-cache.js';

const PROGRAM = fileURLToPath(new URL('../test/cache-persistence-keyring-program.mjs', import.meta.url));

// Signed in to the cache in each case below.
const ada = {
  authority: 'login.windows.net',
  homeAccountId: 'ada.home-tenant',
  clientId: 'app-1',
  tenantId: 'home-tenant',
  username: 'ada@contoso.example',
  refreshToken: testSecret('refresh-ada'),
};

const state = (directory: string) =>
  readdirSync(directory).map((name) => {
    const info = lstatSync(join(directory, name), { bigint: true });
    return `${name} ${info.size} ${info.mtimeNs} ${readFileSync(join(directory, name), 'latin1')}`;
  });

// A cache folder where `identity login --unencrypted` signed Ada in.
async function signedInInClear(): Promise<string> {
  const directory = join(temporaryFolder('cache-persistence-unreadable-cache'), '.IdentityService');
  const clear = new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
  await clear.accounts.set(accountKey(ada.homeAccountId, ada.clientId, ada.authority), ada);
  await clear.close();
  return directory;
}

describe('accounts.list() of a cache opened encrypted, over files kept in clear', () => {
  it('rejects with CredentialUnavailableError: the cache is kept in clear, and how to opt in, with its guide entry', async () => {
    const directory = await signedInInClear();
    const before = state(directory);
    const error = await new PersistentTokenCache({ directory }).accounts.list().catch((e: unknown) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    const { message } = error as Error;
    expect(message).toContain(`${join(directory, 'msal.cache.nocae')} is kept in clear`);
    expect(message).toContain(
      'tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true }',
    );
    expect(message).toContain('persistentTokenCache({ unsafeAllowUnencryptedStorage: true })');
    expect(message).toMatch(/TROUBLESHOOTING\.md#cache-persistence-kept-in-clear$/);
    expect(guideAnchors()).toContain('cache-persistence-kept-in-clear');
    expect(messageProblems(message)).toEqual([]);
    // No token of the file in the message, and the file as it was: not read, locked, set aside or rewritten.
    expect(message).not.toContain(ada.refreshToken);
    expect(state(directory)).toEqual(before);
  });

  it('lists them once the app opts in to reading clear', async () => {
    const directory = await signedInInClear();
    const opted = new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
    expect((await opted.accounts.list()).map((account) => account.username)).toEqual([ada.username]);
  });

  it('lists as before where there is no file yet (nothing to refuse, no keyring asked)', async () => {
    const directory = join(temporaryFolder('cache-persistence-unreadable-cache'), '.IdentityService');
    expect(await new PersistentTokenCache({ directory }).accounts.list()).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')(
  'accounts.list() of an encrypted cache where its secret store cannot be reached or is locked',
  () => {
    // Ada signed in to an encrypted cache, its key in the keyring of a Secret Service that is gone afterwards.
    let directory: string;
    beforeAll(async () => {
      const home = temporaryFolder('cache-persistence-unreadable-cache');
      directory = join(home, '.IdentityService');
      await runWithSecretService(
        [PROGRAM, 'sign-in', JSON.stringify({ cacheName: 'msal.cache', directory, account: ada })],
        { home, timeoutInMs: 30_000 },
      );
      expect(readFileSync(join(directory, 'msal.cache.nocae')).subarray(0, 4).toString()).toBe('IDCP');
    }, 40_000);
    afterEach(() => vi.unstubAllEnvs());

    const expectUnreachable = async (detail: string) => {
      const before = state(directory);
      const cache = new PersistentTokenCache({ directory, keyringTimeoutInMs: 5_000 });
      const error = await cache.accounts.list().catch((e: unknown) => e);
      await cache.close();
      expect(CredentialUnavailableError.isInstance(error)).toBe(true);
      const { message } = error as Error;
      expect(message).toContain(
        `${join(directory, 'msal.cache.nocae')} exists, encrypted, but the OS secret store that holds its key, the Secret Service (D-Bus), cannot be reached: ${detail}`,
      );
      expect(message).toMatch(/signing in again cannot help/);
      expect(message).not.toMatch(/no signed-in account|unsafeAllowUnencryptedStorage/);
      expect(message).toMatch(/TROUBLESHOOTING\.md#cache-persistence-no-secret-store$/);
      expect(guideAnchors()).toContain('cache-persistence-no-secret-store');
      expect(messageProblems(message)).toEqual([]);
      expect(message).not.toContain(ada.refreshToken);
      // Nothing read, set aside or rewritten.
      expect(state(directory)).toEqual(before);
    };

    it('rejects saying so, with no D-Bus session', async () => {
      vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', undefined);
      await expectUnreachable('there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)');
    });

    it('rejects saying so, with a session address that has no bus behind it', async () => {
      vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', `unix:path=${join(directory, '..', 'no-bus')}`);
      await expectUnreachable('the D-Bus session bus cannot be reached (ENOENT)');
    });

    it('rejects saying the keyring is locked and how to unlock it, when the Secret Service runs locked', async () => {
      const before = state(directory);
      const { stdout } = await runWithSecretService(
        [PROGRAM, 'list-accounts', JSON.stringify({ cacheName: 'msal.cache', directory })],
        { home: join(directory, '..'), locked: true, timeoutInMs: 30_000 },
      );
      const { accounts, error } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
      expect(accounts).toBeUndefined();
      expect(error?.name).toBe('CredentialUnavailableError');
      const message = String(error?.message);
      expect(message).toContain(
        `${join(directory, 'msal.cache.nocae')} exists, encrypted, but the OS secret store that holds its key, the Secret Service (D-Bus), is locked and could not be unlocked`,
      );
      expect(message).toMatch(/signing in again cannot help/);
      expect(message).toContain('gnome-keyring-daemon --replace --unlock --components=secrets');
      expect(message).not.toMatch(/no signed-in account|cannot be reached|unsafeAllowUnencryptedStorage/);
      expect(message).toMatch(/TROUBLESHOOTING\.md#cache-persistence-locked-keyring$/);
      expect(guideAnchors()).toContain('cache-persistence-locked-keyring');
      expect(messageProblems(message)).toEqual([]);
      expect(message).not.toContain(ada.refreshToken);
      expect(state(directory)).toEqual(before);
    }, 40_000);
  },
);
