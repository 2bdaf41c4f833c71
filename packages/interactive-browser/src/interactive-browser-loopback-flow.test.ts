// The Node sign-in end to end, with Chromium playing the user's browser: the authorize URL goes to Chromium (as
// openBrowser would hand it to the system browser), the user signs in on the emulator's page, Entra's form_post
// lands on the loopback server, and the code is redeemed at the emulator's token endpoint with the PKCE verifier.
import { AbortError, AuthenticationError } from '@identity/core';
import { buildAuthorizeUrl, createPkcePair, decodeJwtClaims, randomBase64Url } from '@identity/core/internal';
import { type Emulator, type RegisteredApp, SIGN_IN_ELEMENT_IDS, startEmulator } from '@identity/emulator';
import { fillSignIn, type Page, signInOnEmulatorPage, useChromium } from '@identity/tooling/test-browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoServerAt } from '../test/interactive-browser-test-support.js';
import type { OpenBrowser } from './interactive-browser-credential-options.js';
import {
  type LoopbackListener,
  type LoopbackListenerOptions,
  listenForAuthorizeResponse,
} from './interactive-browser-loopback-server.js';

const chromium = useChromium();
const ids = SIGN_IN_ELEMENT_IDS;
const ada = { username: 'ada@contoso.example', password: 'correct horse battery staple' };
const scopes = ['https://graph.microsoft.com/User.Read'];
let emulator: Emulator;
let app: RegisteredApp;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.registerUser({ ...ada, name: 'Ada Lovelace' });
});
// A new app each time, so that every sign-in asks for consent.
beforeEach(() => {
  app = emulator.registerApp({ publicClient: true, displayName: 'Contoso CLI' });
});
afterAll(() => emulator?.stop());

interface Started {
  listener: LoopbackListener;
  verifier: string;
  nonce: string;
}

/** What the credential will do up to the wait: listen, build the URL, hand it to the browser. */
async function startSignIn(page: Page, options: Partial<LoopbackListenerOptions> = {}): Promise<Started> {
  const pkce = await createPkcePair();
  const state = randomBase64Url();
  const nonce = randomBase64Url();
  const listener = await listenForAuthorizeResponse({ state, ...options });
  const url = buildAuthorizeUrl({
    credentialName: 'InteractiveBrowserCredential',
    authorityHost: emulator.url,
    tenantId: emulator.tenantId,
    clientId: app.clientId,
    redirectUri: listener.redirectUri,
    scopes,
    state,
    nonce,
    codeChallenge: pkce.challenge,
    responseMode: 'form_post',
  });
  // The credential's openBrowser option, handing the URL to Chromium, which plays the system browser here.
  const openBrowser: OpenBrowser = async (target) => {
    await page.goto(target);
  };
  await openBrowser(url);
  return { listener, verifier: pkce.verifier, nonce };
}

function redeem(code: string, redirectUri: string, verifier: string) {
  return fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: app.clientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: [...scopes, 'openid', 'profile', 'offline_access'].join(' '),
      client_info: '1',
    }),
  });
}

/** What a promise that must fail rejected with. */
async function rejection(promise: Promise<unknown>): Promise<AuthenticationError> {
  return promise.then(
    () => {
      throw new Error('expected the sign-in to fail');
    },
    (error: unknown) => error as AuthenticationError,
  );
}

describe('the Node sign-in, with Chromium as the browser', () => {
  it('signs the user in: form_post to the loopback server, success page, code redeemed with the PKCE verifier', async () => {
    const page = await chromium.newPage();
    const { listener, verifier, nonce } = await startSignIn(page, {
      successMessage: 'Signed in to Contoso CLI.',
    });
    await signInOnEmulatorPage(page, ids, ada);

    const response = await listener.response;
    await expectNoServerAt(listener.redirectUri);
    // Entra's form_post went to the redirect URI (with the slash it adds to a path-less one).
    await page.waitForURL(`${listener.redirectUri}/`);
    expect(await page.locator('body').textContent()).toContain('Signed in to Contoso CLI.');
    expect(await page.content()).not.toContain(response.code);

    const tokens = await redeem(response.code, listener.redirectUri, verifier);
    expect(tokens.status).toBe(200);
    const json = (await tokens.json()) as Record<string, string>;
    expect(json.client_info).toBe(response.clientInfo);
    const claims = await emulator.verifyAccessToken(json.access_token as string);
    expect(claims.upn).toBe(ada.username);
    expect(claims.scp).toBe('User.Read');
    expect(decodeJwtClaims(json.id_token as string)?.nonce).toBe(nonce);
    expect(json.refresh_token).toBeTruthy();
  });

  it('binds the code to the PKCE verifier: redeemed with another one, it is refused', async () => {
    const page = await chromium.newPage();
    const { listener } = await startSignIn(page);
    await signInOnEmulatorPage(page, ids, ada);
    const { code } = await listener.response;
    const tokens = await redeem(code, listener.redirectUri, (await createPkcePair()).verifier);
    expect(tokens.status).toBe(400);
    expect(((await tokens.json()) as { error_codes: number[] }).error_codes).toEqual([501481]);
  });

  it('lets the user retry after a wrong password: the page shows Entra’s error, the wait goes on', async () => {
    const page = await chromium.newPage();
    const { listener } = await startSignIn(page);
    await fillSignIn(page, ids, { ...ada, password: 'wrong password' });
    expect(await page.locator(`#${ids.error}`).textContent()).toContain('AADSTS50126');

    await signInOnEmulatorPage(page, ids, ada);
    await expect(listener.response).resolves.toMatchObject({ code: expect.stringMatching(/^1\./) });
    await expectNoServerAt(listener.redirectUri);
  });

  it('ends with access_denied when the user cancels consent, and shows the error page', async () => {
    const page = await chromium.newPage();
    const { listener } = await startSignIn(page, { errorMessage: 'Contoso CLI could not sign you in.' });
    await signInOnEmulatorPage(page, ids, ada, { consent: 'cancel' });

    const error = await rejection(listener.response);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.errorResponse.error).toBe('access_denied');
    expect(error.errorResponse.errorCodes).toEqual([65004]);
    expect(error.message).toContain('The user cancelled the sign-in or declined to consent');
    const text = await page.locator('body').textContent();
    expect(text).toContain('Contoso CLI could not sign you in.');
    expect(text).toContain('access_denied: AADSTS65004');
    await expectNoServerAt(listener.redirectUri);
  });

  it('times out when the user closes the page without signing in', async () => {
    const page = await chromium.newPage();
    const { listener } = await startSignIn(page, { timeoutInMs: 1_500 });
    await page.close();

    const error = await rejection(listener.response);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AUTHENTICATION_REQUEST_TIMEOUT');
    expect(error.message).toContain('timeoutInMs');
    await expectNoServerAt(listener.redirectUri);
  });

  it('stops when aborted while the user is on the sign-in page', async () => {
    const page = await chromium.newPage();
    const controller = new AbortController();
    const { listener } = await startSignIn(page, { abortSignal: controller.signal });
    await page.locator(`#${ids.username}`).fill(ada.username);
    controller.abort();

    await expect(listener.response).rejects.toSatisfy((e) => AbortError.isInstance(e));
    await expectNoServerAt(listener.redirectUri);
  });

  it('ends with state_mismatch when a forged redirect with another state arrives first', async () => {
    const page = await chromium.newPage();
    const { listener } = await startSignIn(page);
    // Another page (a malicious site, say) sends the browser to the redirect URI with a code of its own.
    const attacker = await page.context().newPage();
    const forged = await attacker.goto(`${listener.redirectUri}/?code=1.attacker-code&state=guessed`);
    expect(forged?.status()).toBe(400);
    expect(await attacker.locator('body').textContent()).toContain(
      'does not belong to the sign-in in progress',
    );

    const error = await rejection(listener.response);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.errorResponse.error).toBe('state_mismatch');
    expect(error.message).not.toContain('attacker-code');
    await expectNoServerAt(listener.redirectUri);
  });
});
