import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import {
  answerParams,
  prepareSignIn,
  signInResult,
  withoutAnswer,
} from './interactive-browser-sign-in-request.js';

const request = {
  tenantId: 'organizations',
  clientId: '11111111-1111-1111-1111-111111111111',
  scopes: ['https://graph.microsoft.com/User.Read'],
};

describe('prepareSignIn', () => {
  it('makes a fresh sign-in whose URL carries its state, nonce and the S256 challenge of its verifier', async () => {
    const { url, pending } = await prepareSignIn(request, 'popup', 'https://app.example');
    const params = new URL(url).searchParams;
    expect(url.startsWith('https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?')).toBe(
      true,
    );
    expect(pending.state).toMatch(/^popup\.[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBe(pending.state);
    expect(params.get('nonce')).toBe(pending.nonce);
    expect(params.get('code_challenge')).toBe(
      createHash('sha256').update(pending.codeVerifier).digest('base64url'),
    );
    expect(params.get('redirect_uri')).toBe('https://app.example');
    expect(params.get('response_mode')).toBe('fragment');
    expect(params.get('prompt')).toBe('select_account');
    expect(url).not.toContain(pending.codeVerifier);
  });

  it('takes the redirect URI, authority, response mode, hint and claims it is given', async () => {
    const { url, pending } = await prepareSignIn(
      {
        ...request,
        authorityHost: 'http://127.0.0.1:8400/',
        redirectUri: 'http://localhost:5173/auth',
        responseMode: 'query',
        loginHint: 'ada@contoso.example',
        claims: '{"access_token":{"xms_cc":{"values":["cp1"]}}}',
      },
      'redirect',
      'https://ignored.example',
    );
    const params = new URL(url).searchParams;
    expect(url.startsWith('http://127.0.0.1:8400/organizations/')).toBe(true);
    expect(pending).toMatchObject({
      authorityHost: 'http://127.0.0.1:8400',
      redirectUri: 'http://localhost:5173/auth',
      responseMode: 'query',
    });
    expect(pending.state.startsWith('redirect.')).toBe(true);
    expect(params.get('login_hint')).toBe('ada@contoso.example');
    expect(params.get('prompt')).toBe('login');
    expect(params.get('claims')).toContain('cp1');
  });

  it('never repeats a state, nonce or verifier', async () => {
    const [a, b] = await Promise.all(
      [1, 2].map(() => prepareSignIn(request, 'popup', 'https://app.example')),
    );
    expect(a?.pending.state).not.toBe(b?.pending.state);
    expect(a?.pending.nonce).not.toBe(b?.pending.nonce);
    expect(a?.pending.codeVerifier).not.toBe(b?.pending.codeVerifier);
  });

  it('refuses a bad request before anything else', async () => {
    await expect(
      prepareSignIn({ ...request, tenantId: 'a/b' }, 'popup', 'https://app.example'),
    ).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e));
  });
});

describe('answerParams and withoutAnswer', () => {
  it('read the answer from the fragment, or else from the query', () => {
    expect(answerParams(new URL('https://app.example/#code=a&state=popup.s')).get('code')).toBe('a');
    expect(answerParams(new URL('https://app.example/?code=b&state=popup.s#/route')).get('code')).toBe('b');
    expect(answerParams(new URL('https://app.example/?error=invalid_request&state=s')).get('error')).toBe(
      'invalid_request',
    );
  });

  it('remove exactly the answer from the address, keeping the app’s own parameters and route', () => {
    expect(withoutAnswer(new URL('https://app.example/page?tab=2#code=a&state=s&session_state=x'))).toBe(
      'https://app.example/page?tab=2',
    );
    expect(
      withoutAnswer(
        new URL('https://app.example/page?tab=2&code=a&state=s&client_info=c&session_state=x#/route'),
      ),
    ).toBe('https://app.example/page?tab=2#/route');
    expect(
      withoutAnswer(new URL('https://app.example/?error=access_denied&error_description=d&state=s')),
    ).toBe('https://app.example/');
  });
});

describe('signInResult', () => {
  it('hands redemption what it needs, without the state', async () => {
    const { pending } = await prepareSignIn(request, 'popup', 'https://app.example');
    const result = signInResult(pending, { code: '1.code', clientInfo: 'ci' });
    expect(result).toEqual({
      credentialName: 'InteractiveBrowserCredential',
      authorityHost: 'https://login.microsoftonline.com',
      tenantId: 'organizations',
      clientId: request.clientId,
      scopes: request.scopes,
      redirectUri: 'https://app.example',
      responseMode: 'fragment',
      nonce: pending.nonce,
      codeVerifier: pending.codeVerifier,
      code: '1.code',
      clientInfo: 'ci',
    });
  });
});
