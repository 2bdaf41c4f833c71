// The Node sign-in from start to code, with a test opener that plays Entra: it reads the authorize URL and posts the
// answer to the redirect URI as Entra's form_post page does.
import { createHash } from 'node:crypto';
import { AbortError, CredentialUnavailableError } from '@identity/core';
import { describe, expect, it } from 'vitest';
import { expectNoServerAt } from '../test/interactive-browser-test-support.js';
import type { OpenBrowser } from './interactive-browser-credential-options.js';
import {
  type LoopbackSignInRequest,
  signInWithSystemBrowser,
} from './interactive-browser-loopback-sign-in.js';

const request = (openBrowser: OpenBrowser): LoopbackSignInRequest => ({
  authorityHost: 'https://login.microsoftonline.com',
  tenantId: 'organizations',
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  scopes: ['https://management.azure.com/.default'],
  openBrowser,
});

/** An opener that answers as Entra would, remembering the URL it was given. */
function entraAnswering(answer: (params: URLSearchParams) => Record<string, string>) {
  const opened: URL[] = [];
  const openBrowser: OpenBrowser = async (url) => {
    const authorize = new URL(url);
    opened.push(authorize);
    const params = authorize.searchParams;
    // As Entra, with the slash that a path-less redirect URI gets.
    await fetch(new URL(params.get('redirect_uri') ?? '').href, {
      method: 'POST',
      body: new URLSearchParams({ state: params.get('state') ?? '', ...answer(params) }),
    });
  };
  return { opened, openBrowser };
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

describe('signInWithSystemBrowser', () => {
  it('asks for a code with PKCE S256 and form_post at a loopback redirect URI, and returns it with its verifier', async () => {
    const entra = entraAnswering(() => ({ code: '1.the-code', client_info: 'eyJ1aWQiOiJ1In0' }));
    const signedIn = await signInWithSystemBrowser(request(entra.openBrowser));

    const params = entra.opened[0]?.searchParams as URLSearchParams;
    expect(entra.opened[0]?.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(params.get('response_mode')).toBe('form_post');
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toBe(s256(signedIn.codeVerifier));
    expect(params.get('prompt')).toBe('select_account');
    expect(params.get('scope')).toBe('https://management.azure.com/.default openid profile offline_access');
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(signedIn).toEqual({
      code: '1.the-code',
      clientInfo: 'eyJ1aWQiOiJ1In0',
      codeVerifier: signedIn.codeVerifier,
      redirectUri: params.get('redirect_uri'),
      nonce: params.get('nonce'),
    });
    await expectNoServerAt(signedIn.redirectUri);
  });

  it('asks for that account’s password with a login hint, at the redirect URI given', async () => {
    const entra = entraAnswering(() => ({ code: '1.the-code' }));
    const signedIn = await signInWithSystemBrowser({
      ...request(entra.openBrowser),
      loginHint: 'ada@contoso.example',
      redirectUri: 'http://127.0.0.1/callback',
    });
    const params = entra.opened[0]?.searchParams as URLSearchParams;
    expect(params.get('prompt')).toBe('login');
    expect(params.get('login_hint')).toBe('ada@contoso.example');
    expect(signedIn.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  });

  it('fails with the opener’s error, and leaves no server listening', async () => {
    let redirectUri = '';
    const failing: OpenBrowser = (url) => {
      redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
      throw new CredentialUnavailableError('InteractiveBrowserCredential: could not open a browser');
    };
    await expect(signInWithSystemBrowser(request(failing))).rejects.toThrow('could not open a browser');
    await expectNoServerAt(redirectUri);
  });

  it('stops at an abort even while the opener hangs, and leaves no server listening', async () => {
    const controller = new AbortController();
    let redirectUri = '';
    const hanging: OpenBrowser = (url) => {
      redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
      setTimeout(() => controller.abort(), 10);
      return new Promise(() => {});
    };
    const signIn = signInWithSystemBrowser({ ...request(hanging), abortSignal: controller.signal });
    await expect(signIn).rejects.toSatisfy((error) => AbortError.isInstance(error));
    await expectNoServerAt(redirectUri);
  });
});
