// The browser sign-in flows in Chromium: a small single-page app, served on loopback, bundles this package as a
// browser app would (esbuild, platform browser), signs the user in with a pop-up or a redirect against the
// emulator, and redeems the code cross-origin at the emulator's token endpoint, which checks the PKCE verifier.
import { join } from 'node:path';
import { decodeJwtClaims } from '@identity/core/internal';
import { type Emulator, type RegisteredApp, SIGN_IN_ELEMENT_IDS, startEmulator } from '@identity/emulator';
import {
  type Page,
  type ServedSite,
  servePages,
  signInOnEmulatorPage,
  useChromium,
} from '@identity/tooling/test-browser';
import { bundleCode } from '@identity/tooling/test-bundle';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDIRECT_STORAGE_KEY } from './interactive-browser-redirect.js';

const chromium = useChromium();
const ids = SIGN_IN_ELEMENT_IDS;
const ada = { username: 'ada@contoso.example', password: 'correct horse battery staple' };

// The app: buttons that start a sign-in with the settings the test left in `window.next`, and, on every load,
// handleRedirectResponse(); each outcome (the redeemed tokens, or the error) lands in `window.outcome`.
const APP = `
import { handleRedirectResponse, signInWithPopup, startRedirectSignIn } from '@identity/interactive-browser';

async function redeem(result) {
  const response = await fetch(result.authorityHost + '/' + result.tenantId + '/oauth2/v2.0/token', {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: result.clientId,
      code: result.code,
      redirect_uri: result.redirectUri,
      code_verifier: result.codeVerifier,
      scope: [...result.scopes, 'openid', 'profile', 'offline_access'].join(' '),
      client_info: '1',
    }),
  });
  return { status: response.status, tokens: await response.json(), nonce: result.nonce, clientInfo: result.clientInfo };
}
const failure = (error) => ({ name: error.name, code: error.code, error: error.errorResponse?.error, message: error.message });
const settle = (promise) => { window.outcome = promise.then((result) => result && redeem(result)).catch(failure); };

settle(handleRedirectResponse());
document.getElementById('popup')?.addEventListener('click', () => {
  const controller = new AbortController();
  window.abortSignIn = () => controller.abort();
  settle(signInWithPopup(window.next.request, { ...window.next.options, abortSignal: controller.signal }));
});
document.getElementById('redirect')?.addEventListener('click', () => settle(startRedirectSignIn(window.next.request)));
// Two sign-ins at once from one click (two apps' credentials, or a double click): each outcome in order.
document.getElementById('popups')?.addEventListener('click', () => {
  window.outcome = Promise.all(window.next.requests.map((request) => signInWithPopup(request).then(redeem).catch(failure)));
});
`;

const page = (body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
const withApp = (body: string) => page(`${body}<script type="module" src="/app.js"></script>`);

let emulator: Emulator;
let site: ServedSite;
let app: RegisteredApp;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.registerUser({ ...ada, name: 'Ada Lovelace' });
  const script = await bundleCode(APP, { platform: 'browser', resolveDir: join(import.meta.dirname, '..') });
  // What a browser app ships: nothing of Node.js.
  expect(script).not.toMatch(/\bnode:|child_process|createServer/);
  site = await servePages({
    '/': {
      body: withApp(
        '<button id="popup">Pop-up</button><button id="redirect">Redirect</button><button id="popups">Two</button>',
      ),
    },
    '/app.js': { body: script, type: 'text/javascript' },
    // A redirect page without any script: the opener reads the answer from the pop-up's address.
    '/blank.html': { body: page('') },
    // A redirect page cut off from its opener by its own COOP: only the forwarded message gets through.
    '/bridge.html': { body: withApp(''), headers: { 'cross-origin-opener-policy': 'same-origin' } },
  });
});
afterAll(async () => {
  await site?.close();
  await emulator?.stop();
});
// A new SPA app each time, so that every sign-in asks for consent.
beforeEach(() => {
  app = emulator.registerApp({
    displayName: 'Contoso SPA',
    spaRedirectUris: [`${site.origin}/`, `${site.origin}/blank.html`, `${site.origin}/bridge.html`],
  });
});

interface Outcome {
  status?: number;
  tokens?: Record<string, string>;
  nonce?: string;
  clientInfo?: string;
  name?: string;
  code?: string;
  error?: string;
  message?: string;
}

const outcomeOf = (tab: Page) =>
  tab.evaluate(() => (globalThis as unknown as { outcome: Promise<unknown> }).outcome) as Promise<Outcome>;

async function openApp(request: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
  const tab = await chromium.newPage();
  await tab.goto(`${site.origin}/`);
  const next = {
    request: {
      authorityHost: emulator.url,
      tenantId: emulator.tenantId,
      clientId: app.clientId,
      scopes: ['https://graph.microsoft.com/User.Read'],
      ...request,
    },
    options,
  };
  await tab.evaluate((value) => {
    (globalThis as unknown as { next: unknown }).next = value;
  }, next);
  return tab;
}

async function startPopup(tab: Page): Promise<Page> {
  const [popup] = await Promise.all([tab.waitForEvent('popup'), tab.click('#popup')]);
  return popup;
}

async function expectSignedIn(outcome: Outcome) {
  expect(outcome.message).toBeUndefined();
  expect(outcome.status).toBe(200);
  const tokens = outcome.tokens as Record<string, string>;
  expect((await emulator.verifyAccessToken(tokens.access_token as string)).upn).toBe(ada.username);
  expect(decodeJwtClaims(tokens.id_token as string)?.nonce).toBe(outcome.nonce);
  expect(tokens.client_info).toBe(outcome.clientInfo);
  // Issued to a single-page app: redeemed cross-origin, refresh token valid 24 hours.
  expect(tokens.refresh_token_expires_in).toBeTruthy();
}

describe('the pop-up sign-in, in Chromium', () => {
  it('reads the answer from the pop-up’s address on a redirect page without any script, and closes the pop-up', async () => {
    const tab = await openApp({ redirectUri: `${site.origin}/blank.html` });
    const popup = await startPopup(tab);
    await signInOnEmulatorPage(popup, ids, ada);
    await expectSignedIn(await outcomeOf(tab));
    await expect.poll(() => popup.isClosed()).toBe(true);
  });

  it('gets the answer forwarded by a redirect page that a Cross-Origin-Opener-Policy cut off from the opener', async () => {
    const tab = await openApp({ redirectUri: `${site.origin}/bridge.html` });
    const popup = await startPopup(tab);
    await signInOnEmulatorPage(popup, ids, ada);
    await expectSignedIn(await outcomeOf(tab));
    expect(site.requests.some((request) => request.path === '/bridge.html')).toBe(true);
  });

  it('uses the page’s origin as the redirect URI by default, answering in the fragment', async () => {
    const tab = await openApp();
    const popup = await startPopup(tab);
    await popup.locator(`#${ids.username}`).waitFor();
    // The sign-in page is served at the authorize URL the pop-up was sent to.
    const authorize = new URL(popup.url()).searchParams;
    expect(authorize.get('redirect_uri')).toBe(site.origin);
    expect(authorize.get('response_mode')).toBe('fragment');
    expect(authorize.get('code_challenge_method')).toBe('S256');
    await signInOnEmulatorPage(popup, ids, ada);
    await expectSignedIn(await outcomeOf(tab));
  });

  it('ends with access_denied when the user cancels consent', async () => {
    const tab = await openApp({ redirectUri: `${site.origin}/blank.html` });
    const popup = await startPopup(tab);
    await signInOnEmulatorPage(popup, ids, ada, { consent: 'cancel' });
    expect(await outcomeOf(tab)).toMatchObject({ name: 'AuthenticationError', error: 'access_denied' });
    await expect.poll(() => popup.isClosed()).toBe(true);
  });

  it('ends with user_cancelled when the user closes the pop-up', async () => {
    const tab = await openApp({ redirectUri: `${site.origin}/blank.html` });
    const popup = await startPopup(tab);
    await popup.locator(`#${ids.username}`).fill(ada.username);
    await popup.close();
    const outcome = await outcomeOf(tab);
    expect(outcome).toMatchObject({ name: 'AuthenticationError', error: 'user_cancelled' });
    expect(outcome.message).toContain('The sign-in window was closed before the sign-in finished');
  });

  it('times out, naming timeoutInMs, and closes the pop-up', async () => {
    const tab = await openApp({ redirectUri: `${site.origin}/blank.html` }, { timeoutInMs: 1_500 });
    const popup = await startPopup(tab);
    const outcome = await outcomeOf(tab);
    expect(outcome).toMatchObject({ code: 'AUTHENTICATION_REQUEST_TIMEOUT', error: 'timed_out' });
    expect(outcome.message).toContain('(the timeoutInMs option)');
    await expect.poll(() => popup.isClosed()).toBe(true);
  });

  it('runs two sign-ins at once each in a pop-up of its own, each taking its own answer', async () => {
    const other = emulator.registerApp({
      displayName: 'Fabrikam SPA',
      spaRedirectUris: [`${site.origin}/blank.html`],
    });
    const tab = await openApp({ redirectUri: `${site.origin}/blank.html` });
    const request = (clientId: string) => ({
      authorityHost: emulator.url,
      tenantId: emulator.tenantId,
      clientId,
      scopes: ['https://graph.microsoft.com/User.Read'],
      redirectUri: `${site.origin}/blank.html`,
    });
    await tab.evaluate(
      (requests) => {
        (globalThis as unknown as { next: unknown }).next = { requests };
      },
      [request(app.clientId), request(other.clientId)],
    );
    const popups: Page[] = [];
    tab.on('popup', (popup) => popups.push(popup));
    await tab.click('#popups');
    // A second sign-in that took over the first one's pop-up would leave one window for two sign-ins. (A browser
    // that allows one pop-up per click refuses the second with popup_blocked; the test browser allows both.)
    await expect.poll(() => popups.length).toBe(2);
    for (const popup of popups) await signInOnEmulatorPage(popup, ids, ada);
    const outcomes = (await outcomeOf(tab)) as unknown as Outcome[];
    for (const outcome of outcomes) await expectSignedIn(outcome);
    const audiences = outcomes.map((outcome) => decodeJwtClaims(outcome.tokens?.id_token ?? '')?.aud);
    expect(audiences).toEqual([app.clientId, other.clientId]);
    for (const popup of popups) await expect.poll(() => popup.isClosed()).toBe(true);
  });

  it('stops when aborted, and closes the pop-up', async () => {
    const tab = await openApp({ redirectUri: `${site.origin}/blank.html` });
    const popup = await startPopup(tab);
    await popup.locator(`#${ids.username}`).fill(ada.username);
    await tab.evaluate(() => (globalThis as unknown as { abortSignIn: () => void }).abortSignIn());
    expect(await outcomeOf(tab)).toMatchObject({ name: 'AbortError', code: 'ABORTED' });
    await expect.poll(() => popup.isClosed()).toBe(true);
  });
});

describe('the redirect sign-in, in Chromium', () => {
  it('leaves for the sign-in and comes back: the code is read, the address cleaned, the stored sign-in removed', async () => {
    const tab = await openApp();
    await tab.click('#redirect');
    await signInOnEmulatorPage(tab, ids, ada);
    await tab.waitForURL((url) => url.origin === site.origin);
    await expectSignedIn(await outcomeOf(tab));
    expect(tab.url()).toBe(`${site.origin}/`);
    expect(await tab.evaluate((key) => sessionStorage.getItem(key), REDIRECT_STORAGE_KEY)).toBeNull();
  });

  it('refuses an answer this tab did not ask for (a forged redirect) with state_mismatch, and cleans the address', async () => {
    const tab = await chromium.newPage();
    await tab.goto(`${site.origin}/#code=1.forged&state=redirect.guessed`);
    const outcome = await outcomeOf(tab);
    expect(outcome).toMatchObject({ name: 'AuthenticationError', error: 'state_mismatch' });
    expect(outcome.message).not.toContain('1.forged');
    expect(tab.url()).toBe(`${site.origin}/`);
  });

  it('leaves other addresses alone', async () => {
    const tab = await chromium.newPage();
    await tab.goto(`${site.origin}/?code=not-ours&state=someone-else`);
    expect(await outcomeOf(tab)).toBeUndefined();
    expect(tab.url()).toBe(`${site.origin}/?code=not-ours&state=someone-else`);
  });
});

describe('the test browser', () => {
  it('refuses to load anything off loopback', async () => {
    const tab = await chromium.newPage();
    await expect(tab.goto('http://example.com/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
  });
});
