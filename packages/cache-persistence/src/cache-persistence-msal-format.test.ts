import type { UserAccount } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { findAccount, putAccount } from './cache-persistence-account-store.js';
import {
  accountEntityKey,
  appMetadataKey,
  credentialKey,
  parseCacheDocument,
  serializeCacheDocument,
} from './cache-persistence-msal-format.js';
import { findAccessToken, putAccessToken, type TokenQuery } from './cache-persistence-token-store.js';

const HOME = '00000000-0000-0000-0000-00000000000a.72f988bf-86f1-41af-91ab-2d7cd011db47';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const NOW = Date.UTC(2026, 0, 1);

const account: UserAccount = {
  authority: 'login.windows.net',
  homeAccountId: HOME,
  clientId: CLIENT,
  tenantId: TENANT,
  username: 'ada@contoso.com',
  refreshToken: 'refresh-token-1',
  idToken: 'header.payload.signature',
  idTokenClaims: { oid: '00000000-0000-0000-0000-00000000000a', name: 'Ada Lovelace' },
};

// A user token's query, as the token store builds it from core's key.
const query = (scopes: string[]): TokenQuery => ({
  home_account_id: HOME,
  environment: 'login.windows.net',
  client_id: CLIENT,
  realm: TENANT,
  scopes,
  userAssertionHash: undefined,
});

const token = (value: string, lifetimeMs = 3_600_000) => ({
  token: value,
  expiresOnTimestamp: NOW + lifetimeMs,
  refreshAfterTimestamp: NOW + lifetimeMs - 300_000,
  tokenType: 'Bearer' as const,
});

describe("MSAL's token cache document", () => {
  it("keys entities as MSAL Node does: lower-cased, '-' joined, empty parts kept", () => {
    expect(
      credentialKey({
        home_account_id: HOME,
        environment: 'login.windows.net',
        credential_type: 'AccessToken',
        client_id: CLIENT,
        realm: TENANT,
        target: 'https://graph.microsoft.com/User.Read',
        token_type: 'Bearer',
      }),
    ).toBe(
      `${HOME}-login.windows.net-accesstoken-${CLIENT}-${TENANT}-https://graph.microsoft.com/user.read--`,
    );
    expect(
      credentialKey({
        home_account_id: HOME,
        environment: 'login.windows.net',
        credential_type: 'RefreshToken',
        client_id: CLIENT,
      }),
    ).toBe(`${HOME}-login.windows.net-refreshtoken-${CLIENT}----`);
    expect(credentialKey({ credential_type: 'RefreshToken', client_id: CLIENT, family_id: '1' })).toBe(
      '--refreshtoken-1----',
    );
    expect(accountEntityKey({ home_account_id: HOME, environment: 'login.windows.net', realm: TENANT })).toBe(
      `${HOME}-login.windows.net-${TENANT}`,
    );
    expect(appMetadataKey({ environment: 'login.windows.net', client_id: CLIENT })).toBe(
      `appmetadata-login.windows.net-${CLIENT}`,
    );
  });

  it('writes an account with the fields MSAL reads, and reads it back with its refresh token and ID token', () => {
    const document = parseCacheDocument('');
    putAccount(document, account);
    const written = parseCacheDocument(serializeCacheDocument(document));
    expect(written.Account[`${HOME}-login.windows.net-${TENANT}`]).toEqual({
      home_account_id: HOME,
      environment: 'login.windows.net',
      realm: TENANT,
      local_account_id: '00000000-0000-0000-0000-00000000000a',
      username: 'ada@contoso.com',
      authority_type: 'MSSTS',
      name: 'Ada Lovelace',
      client_info: Buffer.from(
        JSON.stringify({ uid: '00000000-0000-0000-0000-00000000000a', utid: TENANT }),
      ).toString('base64url'),
    });
    expect(written.RefreshToken[`${HOME}-login.windows.net-refreshtoken-${CLIENT}----`]).toEqual({
      home_account_id: HOME,
      environment: 'login.windows.net',
      credential_type: 'RefreshToken',
      client_id: CLIENT,
      secret: 'refresh-token-1',
    });
    expect(written.IdToken[`${HOME}-login.windows.net-idtoken-${CLIENT}-${TENANT}---`]).toMatchObject({
      credential_type: 'IdToken',
      secret: 'header.payload.signature',
      realm: TENANT,
    });
    expect(written.AppMetadata[`appmetadata-login.windows.net-${CLIENT}`]).toEqual({
      client_id: CLIENT,
      environment: 'login.windows.net',
    });
    // Read back: the account as written, but for the ID token's claims (the credential reads what it needs), and with
    // the tenants it signed in to.
    const { idTokenClaims: _, ...readBack } = account;
    expect(findAccount(written, `${HOME}|${CLIENT}|login.windows.net`)).toEqual({
      ...readBack,
      realms: [TENANT],
    });
    // Refresh tokens are per client and cloud.
    expect(findAccount(written, `${HOME}|another-client|login.windows.net`)).toBeUndefined();
    expect(findAccount(written, `${HOME}|${CLIENT}|login.microsoftonline.us`)).toBeUndefined();
  });

  it("writes a family refresh token (Entra's `foci`) as MSAL does: under the family's key, marked on the token and the client", () => {
    const document = parseCacheDocument('');
    putAccount(document, { ...account, familyId: '1' });
    const written = parseCacheDocument(serializeCacheDocument(document));
    // The family's key, which every client of the family reads (and Python's SharedTokenCacheCredential only these).
    expect(Object.keys(written.RefreshToken)).toEqual([`${HOME}-login.windows.net-refreshtoken-1----`]);
    expect(written.RefreshToken[`${HOME}-login.windows.net-refreshtoken-1----`]).toEqual({
      home_account_id: HOME,
      environment: 'login.windows.net',
      credential_type: 'RefreshToken',
      client_id: CLIENT,
      family_id: '1',
      secret: 'refresh-token-1',
    });
    expect(written.AppMetadata[`appmetadata-login.windows.net-${CLIENT}`]).toEqual({
      client_id: CLIENT,
      environment: 'login.windows.net',
      family_id: '1',
    });
    // Read back as the client's own, still a family one.
    expect(findAccount(written, `${HOME}|${CLIENT}|login.windows.net`)).toMatchObject({
      refreshToken: 'refresh-token-1',
      familyId: '1',
    });
  });

  it('writes an access token with its times in seconds, and finds it for any subset of its scopes until it expires', () => {
    const document = parseCacheDocument('');
    putAccessToken(document, query(['https://graph.microsoft.com/User.Read']), token('at-1'), NOW);
    const [entity] = Object.values(document.AccessToken);
    expect(entity).toEqual({
      home_account_id: HOME,
      environment: 'login.windows.net',
      credential_type: 'AccessToken',
      client_id: CLIENT,
      secret: 'at-1',
      realm: TENANT,
      target: 'https://graph.microsoft.com/User.Read',
      cached_at: String(NOW / 1000),
      expires_on: String(NOW / 1000 + 3600),
      extended_expires_on: String(NOW / 1000 + 3600),
      refresh_on: String(NOW / 1000 + 3300),
      token_type: 'Bearer',
    });
    // Scopes compare as MSAL compares them: case aside, OpenID scopes aside.
    const found = findAccessToken(document, query(['https://graph.microsoft.com/user.read', 'openid']), NOW);
    expect(found).toEqual(token('at-1'));
    expect(findAccessToken(document, query(['https://vault.azure.net/.default']), NOW)).toBeUndefined();
    expect(
      findAccessToken(document, { ...query(['https://graph.microsoft.com/User.Read']), realm: 'other' }, NOW),
    ).toBeUndefined();
    expect(
      findAccessToken(document, query(['https://graph.microsoft.com/User.Read']), NOW + 3_600_000),
    ).toBeUndefined();
  });

  it('replaces a token whose scopes overlap (MSAL drops both when two match), and drops expired tokens on write', () => {
    const document = parseCacheDocument('');
    putAccessToken(document, query(['https://vault.azure.net/.default']), token('short', 1000), NOW);
    putAccessToken(document, query(['https://graph.microsoft.com/User.Read']), token('at-1'), NOW);
    putAccessToken(
      document,
      query(['https://graph.microsoft.com/User.Read', 'https://graph.microsoft.com/Mail.Read']),
      token('at-2'),
      NOW + 2000,
    );
    expect(Object.values(document.AccessToken).map((entity) => entity.secret)).toEqual(['at-2']);
  });

  it('keeps what it does not know: other sections, other entries and the fields of a newer writer', () => {
    const newer = {
      Account: {},
      RefreshToken: {
        [`${HOME}-login.windows.net-refreshtoken-${CLIENT}----`]: {
          home_account_id: HOME,
          environment: 'login.windows.net',
          credential_type: 'RefreshToken',
          client_id: CLIENT,
          secret: 'old',
          last_modification_time: '1700000000',
          future_field: { nested: true },
        },
      },
      AccessToken: {
        'written-by-another-tool': { credential_type: 'AccessToken_With_AuthScheme', secret: 'pop' },
      },
      IdToken: {},
      AppMetadata: {},
      FutureSection: { anything: [1, 2, 3] },
    };
    const document = parseCacheDocument(JSON.stringify(newer));
    putAccount(document, account);
    putAccessToken(document, query(['https://graph.microsoft.com/User.Read']), token('at-1'), NOW);
    const written = JSON.parse(serializeCacheDocument(document));
    expect(written.FutureSection).toEqual({ anything: [1, 2, 3] });
    expect(written.AccessToken['written-by-another-tool']).toEqual(
      newer.AccessToken['written-by-another-tool'],
    );
    expect(written.RefreshToken[`${HOME}-login.windows.net-refreshtoken-${CLIENT}----`]).toEqual({
      ...newer.RefreshToken[`${HOME}-login.windows.net-refreshtoken-${CLIENT}----`],
      secret: 'refresh-token-1',
    });
  });

  it('refuses what is not a cache document, so that the file is set aside instead of rewritten', () => {
    expect(parseCacheDocument('')).toEqual({
      Account: {},
      AccessToken: {},
      RefreshToken: {},
      IdToken: {},
      AppMetadata: {},
    });
    expect(() => parseCacheDocument('{"Account":{}')).toThrow(SyntaxError);
    expect(() => parseCacheDocument('[]')).toThrow(TypeError);
    expect(() => parseCacheDocument('{"AccessToken":[]}')).toThrow(TypeError);
  });
});
