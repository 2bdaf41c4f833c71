// A refresh token rotated into a cache file that other MSAL writers share: each writer keys the account's refresh
// token its own way (MSAL Node 7 `<client>---`, MSAL Python `<client>--`, a family token `-1----`, ours
// `<client>----`), and every reader finds it by its fields, taking the first. The newest token must reach every
// one of them, or a reader keeps redeeming a token that was rotated out, until it expires.
import type { UserAccount } from '@identity/core';
import { accountKey } from '@identity/core/internal';
import { testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { findAccount, putAccount } from './cache-persistence-account-store.js';
import { parseCacheDocument } from './cache-persistence-msal-format.js';

const ENV = 'login.windows.net';
const HOME = 'ada-oid.home-tenant';
const CLIENT = 'app-client';
const KEY = accountKey(HOME, CLIENT, ENV);

// Each a distinct secret, as issued (testSecret gives a new one per call).
const PEER = testSecret('signed-in-by-the-peer');
const NEWEST = testSecret('rotated-by-ours');
const OLD = testSecret('rotated-out');

const ada = (refreshToken: string): UserAccount => ({
  authority: ENV,
  homeAccountId: HOME,
  clientId: CLIENT,
  tenantId: 'home-tenant',
  username: 'ada@contoso.example',
  refreshToken,
});

// The account's refresh token as another writer keeps it.
const refreshTokenEntity = (secret: string, extra: Record<string, string> = {}) => ({
  home_account_id: HOME,
  environment: ENV,
  credential_type: 'RefreshToken',
  client_id: CLIENT,
  secret,
  ...extra,
});

describe('a rotated refresh token in a file other MSAL writers share', () => {
  it('replaces the token @azure/identity (MSAL Node) signed in with, so the next run redeems the newest', () => {
    const document = parseCacheDocument('');
    document.RefreshToken[`${HOME}-${ENV}-refreshtoken-${CLIENT}---`] = refreshTokenEntity(PEER);
    putAccount(document, ada(NEWEST));
    expect(findAccount(document, KEY)?.refreshToken).toBe(NEWEST);
    // Every copy is the newest: no reader, of any key format, is left with the rotated-out one.
    expect(Object.values(document.RefreshToken).map((entity) => entity.secret)).toEqual([NEWEST]);
  });

  it("updates every writer's copy in place, keeping its key and fields (a family token stays one)", () => {
    const document = parseCacheDocument('');
    const python = `${HOME}-${ENV}-refreshtoken-${CLIENT}--`;
    const family = `${HOME}-${ENV}-refreshtoken-1----`;
    document.RefreshToken[python] = refreshTokenEntity(OLD);
    document.RefreshToken[family] = refreshTokenEntity(PEER, { family_id: '1' });
    putAccount(document, ada(NEWEST));
    expect(document.RefreshToken).toEqual({
      [python]: refreshTokenEntity(NEWEST),
      [family]: refreshTokenEntity(NEWEST, { family_id: '1' }),
    });
  });

  it("leaves other accounts' and other clients' refresh tokens as they were", () => {
    const document = parseCacheDocument('');
    const otherClient = { ...refreshTokenEntity(testSecret('other-client')), client_id: 'another-app' };
    const otherUser = {
      ...refreshTokenEntity(testSecret('other-user')),
      home_account_id: 'bob-oid.home-tenant',
    };
    const otherCloud = {
      ...refreshTokenEntity(testSecret('other-cloud')),
      environment: 'login.microsoftonline.us',
    };
    document.RefreshToken.a = otherClient;
    document.RefreshToken.b = otherUser;
    document.RefreshToken.c = otherCloud;
    putAccount(document, ada(NEWEST));
    expect(document.RefreshToken).toMatchObject({ a: otherClient, b: otherUser, c: otherCloud });
    expect(findAccount(document, KEY)?.refreshToken).toBe(NEWEST);
  });
});
