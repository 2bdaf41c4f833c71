// A cache opened encrypted (the default) over files kept in clear (`identity login --unencrypted` wrote them): it
// never reads them, and listing its accounts says why and how to opt in, instead of finding nobody (which made
// SharedTokenCacheCredential ask the user to sign in again, to no avail).
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserAccount } from '@identity/core';
import { CredentialUnavailableError } from '@identity/core';
import { accountKey } from '@identity/core/internal';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { PersistentTokenCache } from './cache-persistence-token-cache.js';

const ada: UserAccount = {
  authority: 'login.windows.net',
  homeAccountId: 'ada.home-tenant',
  clientId: 'app-1',
  tenantId: 'home-tenant',
  username: 'ada@contoso.example',
  refreshToken: testSecret('refresh-ada'),
};

// A cache folder where `identity login --unencrypted` signed Ada in.
async function signedInInClear(): Promise<string> {
  const directory = join(temporaryFolder('cache-persistence-kept-in-clear'), '.IdentityService');
  const clear = new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
  await clear.accounts.set(accountKey(ada.homeAccountId, ada.clientId, ada.authority), ada);
  await clear.close();
  return directory;
}

const state = (directory: string) =>
  readdirSync(directory).map((name) => {
    const info = lstatSync(join(directory, name), { bigint: true });
    return `${name} ${info.size} ${info.mtimeNs} ${readFileSync(join(directory, name), 'latin1')}`;
  });

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
    expect(message).not.toContain(ada.refreshToken as string);
    expect(state(directory)).toEqual(before);
  });

  it('lists them once the app opts in to reading clear', async () => {
    const directory = await signedInInClear();
    const opted = new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });
    expect((await opted.accounts.list()).map((account) => account.username)).toEqual([ada.username]);
  });

  it('lists as before where there is no file yet (nothing to refuse, no keyring asked)', async () => {
    const directory = join(temporaryFolder('cache-persistence-kept-in-clear'), '.IdentityService');
    expect(await new PersistentTokenCache({ directory }).accounts.list()).toEqual([]);
  });
});
