import type { UserAccount } from '@identity/core';
import { describe, expect, it } from 'vitest';
import type { AccountCriteria } from './shared-token-cache-account-choice.js';
import { chooseAccount } from './shared-token-cache-account-choice.js';

const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const CLOUD = 'login.windows.net';
const RT = 'rt-SECRET-never-in-a-message';

const account = (name: string, tenant: string, extra: Partial<UserAccount> = {}): UserAccount => ({
  authority: CLOUD,
  homeAccountId: `${name}-oid.${tenant}`,
  clientId: CLIENT,
  tenantId: tenant,
  username: `${name}@${tenant}.example`,
  refreshToken: RT,
  ...extra,
});
const ada = account('ada', 'contoso');
const grace = account('grace', 'fabrikam');
const adaAtFabrikam = account('ada', 'fabrikam', { homeAccountId: 'ada-oid2.fabrikam' });
const base: AccountCriteria = { clientId: CLIENT, environment: CLOUD };
const choose = (accounts: UserAccount[], criteria: Partial<AccountCriteria> = {}) =>
  chooseAccount(accounts, { ...base, ...criteria });

describe('which accounts count', () => {
  it('takes the only account with a refresh token for the client in the cloud', () => {
    expect(choose([ada])).toEqual({ account: ada });
  });

  it.each<[string, UserAccount]>([
    ['another client', account('x', 't', { clientId: 'another-client' })],
    ['another cloud', account('x', 't', { authority: 'login.microsoftonline.us' })],
    ['no refresh token', account('x', 't', { refreshToken: undefined })],
    ['an empty refresh token', account('x', 't', { refreshToken: '' })],
    ['no home account id', account('x', 't', { homeAccountId: '' })],
    ['no tenant', account('x', 't', { tenantId: '' })],
    ['no fields at all (a foreign entry)', {} as UserAccount],
  ])('ignores an account of %s', (_label, other) => {
    expect(choose([other, ada])).toEqual({ account: ada });
    expect(choose([other]).unavailable).toMatch(/^no signed-in account in the shared token cache/);
  });

  it('compares client and cloud case-insensitively', () => {
    const upper = account('ada', 'contoso', {
      clientId: CLIENT.toUpperCase(),
      authority: 'LOGIN.windows.net',
    });
    expect(choose([upper])).toEqual({ account: upper });
  });

  it('counts an account listed twice (both cache files) once', () => {
    expect(choose([ada, { ...ada }])).toEqual({ account: ada });
  });

  it('says to sign in with identity login when none counts', () => {
    expect(choose([])).toEqual({
      unavailable:
        'no signed-in account in the shared token cache for this client and cloud; sign in with `identity login`',
    });
  });
});

describe('choosing among several', () => {
  it.each<[string, Partial<AccountCriteria>, UserAccount]>([
    ['the user name', { username: 'grace@fabrikam.example' }, grace],
    ['the user name, in any case', { username: 'GRACE@Fabrikam.EXAMPLE' }, grace],
    ['the tenant', { tenantId: 'contoso' }, ada],
    ['the tenant, in any case', { tenantId: 'CONTOSO' }, ada],
    ['the home account id (an authenticationRecord)', { homeAccountId: grace.homeAccountId }, grace],
    [
      'user name and tenant together',
      { username: 'ada@fabrikam.example', tenantId: 'fabrikam' },
      adaAtFabrikam,
    ],
  ])('picks by %s', (_label, criteria, expected) => {
    expect(choose([ada, grace, adaAtFabrikam], criteria)).toEqual({ account: expected });
  });

  it('refuses to guess, naming the accounts by user name (sorted) and how to choose', () => {
    const choice = choose([grace, ada]);
    expect(choice).toEqual({
      unavailable:
        'the shared token cache holds several accounts ("ada@contoso.example", "grace@fabrikam.example"); choose one with the username option (or AZURE_USERNAME), tenantId or authenticationRecord',
    });
  });

  it('still refuses when the criteria leave several', () => {
    const twoAtFabrikam = choose([ada, grace, adaAtFabrikam], { tenantId: 'fabrikam' });
    expect(twoAtFabrikam.unavailable).toMatch(
      /several accounts \("ada@fabrikam\.example", "grace@fabrikam\.example"\)/,
    );
  });

  it('uses the default account (identity login signed in last) when it is one of those left', () => {
    const record = { ...grace, refreshToken: undefined };
    expect(chooseAccount([ada, grace], base, record)).toEqual({ account: grace });
    expect(chooseAccount([ada, grace, adaAtFabrikam], { ...base, tenantId: 'fabrikam' }, record)).toEqual({
      account: grace,
    });
  });

  it('ignores a default account the criteria rule out, or the cache no longer has', () => {
    expect(chooseAccount([ada, grace], { ...base, username: 'ada@contoso.example' }, grace)).toEqual({
      account: ada,
    });
    const gone = { ...grace, homeAccountId: 'gone.fabrikam' };
    expect(chooseAccount([ada, grace], base, gone).unavailable).toMatch(/several accounts/);
  });

  it('names an account without a user name by its tenant', () => {
    const nameless = account('x', 'tailspin', { username: '' });
    expect(choose([ada, nameless]).unavailable).toMatch(
      /several accounts \("ada@contoso\.example", \(no user name, tenant tailspin\)\)/,
    );
  });
});

describe('refresh tokens of other clients (FOCI)', () => {
  const VISUAL_STUDIO = '872cd9fa-d31f-45e0-9eab-6e460a02d1f1';

  it("takes an account whose refresh token is another client's family one: every client of the family redeems it", () => {
    const family = account('ada', 'contoso', { clientId: VISUAL_STUDIO, familyId: '1' });
    expect(choose([family])).toEqual({ account: family });
  });

  it("never takes another client's refresh token that is not a family one", () => {
    const ordinary = account('ada', 'contoso', { clientId: VISUAL_STUDIO });
    expect(choose([ordinary]).unavailable).toMatch(/^no signed-in account in the shared token cache/);
  });

  it('counts an account once with its own and a family refresh token', () => {
    const family = { ...ada, clientId: VISUAL_STUDIO, familyId: '1' };
    expect(choose([family, ada])).toEqual({ account: family });
  });
});

describe('guests of the tenant', () => {
  // Grace lives in fabrikam and signed in to contoso as its guest too.
  const guest = { ...grace, realms: ['fabrikam', 'contoso'] };
  const linus = account('linus', 'tailspin', { realms: ['tailspin', 'contoso'] });

  it('picks a guest of the tenant when no account is of it', () => {
    expect(choose([guest], { tenantId: 'CONTOSO' })).toEqual({ account: guest });
  });

  it("prefers the tenant's own account to its guests", () => {
    expect(choose([guest, ada], { tenantId: 'contoso' })).toEqual({ account: ada });
  });

  it('refuses to guess between two guests, naming them by user name only', () => {
    expect(choose([guest, linus], { tenantId: 'contoso' })).toEqual({
      unavailable:
        'the shared token cache holds several accounts ("grace@fabrikam.example", "linus@tailspin.example"); choose one with the username option (or AZURE_USERNAME), tenantId or authenticationRecord',
    });
    expect(choose([guest, linus], { tenantId: 'contoso', username: 'linus@tailspin.example' })).toEqual({
      account: linus,
    });
  });

  it('never takes an account that did not sign in to the tenant', () => {
    expect(choose([guest], { tenantId: 'tailspin' }).unavailable).toMatch(/matches the tenant "tailspin"/);
  });
});

describe('when nothing matches the choice', () => {
  it.each<[string, Partial<AccountCriteria>, RegExp]>([
    ['a user name', { username: 'alan@contoso.example' }, /matches the user name "alan@contoso\.example"/],
    ['a tenant', { tenantId: 'tailspin' }, /matches the tenant "tailspin"/],
    ['an authenticationRecord', { homeAccountId: 'gone.contoso' }, /matches the authenticationRecord/],
    [
      'a user name and a tenant',
      { username: 'ada@contoso.example', tenantId: 'fabrikam' },
      /matches the user name "ada@contoso\.example" and tenant "fabrikam"/,
    ],
  ])('says which %s was asked for, and who is signed in', (_label, criteria, why) => {
    const choice = choose([ada, grace], criteria);
    expect(choice.unavailable).toMatch(why);
    expect(choice.unavailable).toMatch(
      /\(signed in: "ada@contoso\.example", "grace@fabrikam\.example"\); sign in as that user with `identity login`/,
    );
  });
});

describe('what a choice says', () => {
  it('never holds a refresh token, ID token or home account id in a message', () => {
    const secretive = [
      account('ada', 'contoso', { idToken: 'id-SECRET' }),
      account('grace', 'fabrikam', { idToken: 'id-SECRET' }),
    ];
    const messages = [
      choose(secretive).unavailable,
      choose(secretive, { username: 'nobody' }).unavailable,
      choose([]).unavailable,
    ];
    for (const message of messages) {
      expect(message).toBeTruthy();
      expect(message).not.toMatch(/SECRET|-oid/);
    }
  });
});
