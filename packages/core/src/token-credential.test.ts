import * as coreAuth from '@azure/core-auth';
import { describe, expect, it } from 'vitest';
import { ChainedTokenCredential } from './chained-token-credential.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from './token-credential.js';
import { isTokenCredential } from './token-credential.js';

// Each conversion below compiles only while our shapes and @azure/core-auth's stay assignable both ways;
// `tsc --noEmit` (the typecheck step) fails the build the day they drift. The tests then use them for real.
const ourCredentialIsTheirs = (c: TokenCredential): coreAuth.TokenCredential => c;
const theirCredentialIsOurs = (c: coreAuth.TokenCredential): TokenCredential => c;
const ourTokenIsTheirs = (t: AccessToken): coreAuth.AccessToken => t;
const theirTokenIsOurs = (t: coreAuth.AccessToken): AccessToken => t;
const ourOptionsAreTheirs = (o: GetTokenOptions): coreAuth.GetTokenOptions => o;
const theirOptionsAreOurs = (o: coreAuth.GetTokenOptions): GetTokenOptions => o;

describe('compatibility with @azure/core-auth', () => {
  const token: coreAuth.AccessToken = {
    token: 't',
    expiresOnTimestamp: 1,
    refreshAfterTimestamp: 0,
    tokenType: 'Bearer',
  };
  const theirs: coreAuth.TokenCredential = { getToken: async () => token };

  it('a credential of ours is a core-auth TokenCredential, so it plugs into every Azure SDK client', async () => {
    const chain = ourCredentialIsTheirs(new ChainedTokenCredential(theirCredentialIsOurs(theirs)));
    expect(coreAuth.isTokenCredential(chain)).toBe(true);
    const options: coreAuth.GetTokenOptions = {
      abortSignal: new AbortController().signal,
      tenantId: 't',
      enableCae: true,
    };
    expect(await chain.getToken('scope', theirOptionsAreOurs(options))).toEqual(token);
  });

  it('tokens and options pass unchanged in both directions', () => {
    expect(theirTokenIsOurs(ourTokenIsTheirs(token))).toBe(token);
    const options: GetTokenOptions = { claims: '{}', requestOptions: { timeout: 5 } };
    expect(theirOptionsAreOurs(ourOptionsAreTheirs(options))).toBe(options);
  });
});

describe('isTokenCredential', () => {
  it('recognises objects with a getToken function', () => {
    expect(isTokenCredential({ getToken: async () => null })).toBe(true);
    expect(isTokenCredential({ getToken: 'no' })).toBe(false);
    expect(isTokenCredential(null)).toBe(false);
    expect(isTokenCredential({ retrySources: true })).toBe(false);
  });
});
