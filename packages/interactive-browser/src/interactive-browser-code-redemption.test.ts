import { AuthenticationError } from '@identity/core';
import type { SignInContext, UserTokens } from '@identity/core/internal';
import { describe, expect, it } from 'vitest';
import { redeemCode, type SignedIn } from './interactive-browser-code-redemption.js';

const signedIn: SignedIn = {
  code: '1.the-code',
  codeVerifier: 'the-verifier-of-this-sign-in-0123456789abcdefg',
  redirectUri: 'http://localhost:53123',
  nonce: 'the-nonce-of-this-sign-in',
};

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const idToken = (claims: object) => `${part({ alg: 'RS256' })}.${part(claims)}.signature`;

/** A sign-in context whose token endpoint answers with `answer`, remembering the grant it was sent. */
function contextAnswering(answer: Omit<UserTokens, 'token'>) {
  const grants: Record<string, string>[] = [];
  const context = {
    requestTokens: async (grant: Record<string, string>) => {
      grants.push(grant);
      return { token: { token: 'at', expiresOnTimestamp: Date.now() + 3_600_000 }, ...answer };
    },
  } as unknown as SignInContext;
  return { context, grants };
}

describe('redeemCode', () => {
  it('redeems the code with its PKCE verifier at the redirect URI it was issued for', async () => {
    const { context, grants } = contextAnswering({ idToken: idToken({ nonce: signedIn.nonce }) });
    const tokens = await redeemCode(context, signedIn);
    expect(tokens.token.token).toBe('at');
    expect(grants).toEqual([
      {
        grant_type: 'authorization_code',
        code: '1.the-code',
        redirect_uri: 'http://localhost:53123',
        code_verifier: signedIn.codeVerifier,
      },
    ]);
  });

  it('refuses an ID token issued for another sign-in (its nonce differs): nonce_mismatch', async () => {
    const { context } = contextAnswering({ idToken: idToken({ nonce: 'another-sign-in' }) });
    const error = (await redeemCode(context, signedIn).catch((e: unknown) => e)) as AuthenticationError;
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.errorResponse.error).toBe('nonce_mismatch');
    expect(error.message).toContain('TROUBLESHOOTING.md#interactive-browser-credential');
  });

  it('refuses an ID token without a nonce', async () => {
    const { context } = contextAnswering({ idToken: idToken({ sub: 'x' }) });
    await expect(redeemCode(context, signedIn)).rejects.toThrow(/nonce_mismatch/);
  });
});
