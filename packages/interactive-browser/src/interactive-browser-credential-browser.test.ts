// InteractiveBrowserCredential in a web page, in Chromium: a small single-page app bundles this package as a
// browser app would (esbuild, platform browser, so the `browser` condition), signs the user in with a pop-up or a
// redirect against the emulator, which checks the PKCE verifier when the code is redeemed, and gets later tokens
// from the refresh token it keeps in the page's memory.
import { join } from 'node:path';
import { SIGN_IN_ELEMENT_IDS } from '@identity/emulator';
import {
  type Page,
  type ServedSite,
  servePages,
  signInOnEmulatorPage,
  useChromium,
} from '@identity/tooling/test-browser';
import { bundleCode } from '@identity/tooling/test-bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA as ada, useSignInWorld } from '../test/interactive-browser-test-support.js';
import { REDIRECT_STORAGE_KEY } from './interactive-browser-redirect.js';

const chromium = useChromium();
const ids = SIGN_IN_ELEMENT_IDS;
const GRAPH = 'https://graph.microsoft.com/User.Read';
const ARM = 'https://management.azure.com/.default';
const CONFIG_KEY = 'test-config';

// The app: `configure(options)` keeps the credential's options (in sessionStorage, so the page that comes back from
// a redirect makes the same credential) and makes the credential; every load makes it again from them, as an app
// does at start. `call(method, scope)` runs getToken or authenticate; the button does it from a click (what a
// pop-up needs), leaving the outcome in `window.outcome`.
const APP = `
import { InteractiveBrowserCredential } from '@identity/interactive-browser';

let credential;
const stored = sessionStorage.getItem('${CONFIG_KEY}');
if (stored) credential = new InteractiveBrowserCredential(JSON.parse(stored));
window.configure = (options) => {
  sessionStorage.setItem('${CONFIG_KEY}', JSON.stringify(options));
  credential = new InteractiveBrowserCredential(options);
};
const failure = (error) => ({ name: error.name, code: error.code, error: error.errorResponse?.error, errorCodes: error.errorResponse?.errorCodes, message: error.message });
window.call = (method, scope) => credential[method](scope).then((value) => ({ value }), failure);
document.getElementById('call')?.addEventListener('click', () => {
  window.outcome = window.call(window.next.method, window.next.scope);
});
`;

let site: ServedSite;
// A new SPA app each time, so that every sign-in asks for consent.
const world = useSignInWorld(() => ({ displayName: 'Contoso SPA', spaRedirectUris: [`${site.origin}/`] }));

beforeAll(async () => {
  const script = await bundleCode(APP, { platform: 'browser', resolveDir: join(import.meta.dirname, '..') });
  // What a browser app ships: nothing of Node.js.
  expect(script).not.toMatch(/\bnode:|child_process|createServer/);
  site = await servePages({
    '/': {
      body: '<!DOCTYPE html><html><body><button id="call">Sign in</button><script type="module" src="/app.js"></script></body></html>',
    },
    '/app.js': { body: script, type: 'text/javascript' },
  });
});
afterAll(() => site?.close());

interface Outcome {
  value?: { token: string; username?: string };
  name?: string;
  code?: string;
  error?: string;
  errorCodes?: number[];
  message?: string;
}

const count = (route: string, grantType?: string) =>
  world.emulator.requests.filter((r) => r.route === route && (!grantType || r.grantType === grantType))
    .length;

/** Opens the app and makes its credential with these options (and the emulator, tenant and app). */
async function openApp(options: Record<string, unknown> = {}): Promise<Page> {
  const tab = await chromium.newPage();
  await tab.goto(`${site.origin}/`);
  await tab.evaluate(
    (value) => (globalThis as unknown as { configure: (o: unknown) => void }).configure(value),
    {
      authorityHost: world.emulator.url,
      tenantId: world.emulator.tenantId,
      clientId: world.app.clientId,
      ...options,
    },
  );
  return tab;
}

/** Clicks the button, which calls `method` for `scope`. */
async function click(tab: Page, method: 'getToken' | 'authenticate', scope = GRAPH): Promise<void> {
  await tab.evaluate(
    (next) => {
      (globalThis as unknown as { next: unknown }).next = next;
    },
    { method, scope },
  );
  await tab.click('#call');
}

const outcomeOf = (tab: Page) =>
  tab.evaluate(() => (globalThis as unknown as { outcome: Promise<unknown> }).outcome) as Promise<Outcome>;

const call = (tab: Page, method: 'getToken' | 'authenticate', scope = GRAPH) =>
  tab.evaluate(
    ([m, s]) =>
      (globalThis as unknown as { call: (m: string, s: string) => Promise<unknown> }).call(
        m as string,
        s as string,
      ),
    [method, scope],
  ) as Promise<Outcome>;

async function expectTokenFor(outcome: Outcome, audience: string): Promise<void> {
  expect(outcome.message).toBeUndefined();
  const claims = await world.emulator.verifyAccessToken(outcome.value?.token as string);
  expect(claims).toMatchObject({ aud: audience, upn: ada.username });
}

describe('InteractiveBrowserCredential in a web page, in Chromium', () => {
  it('signs in with a pop-up, then gets a token for another resource from the refresh token, without a pop-up', async () => {
    world.emulator.grantConsent({ username: ada.username, clientId: world.app.clientId, scopes: [ARM] });
    const tab = await openApp();
    const [popup] = await Promise.all([tab.waitForEvent('popup'), click(tab, 'getToken')]);
    await popup.locator(`#${ids.username}`).waitFor();
    // The sign-in page is served at the authorize URL the pop-up was sent to.
    const authorize = new URL(popup.url());
    await signInOnEmulatorPage(popup, ids, ada);
    await expectTokenFor(await outcomeOf(tab), 'https://graph.microsoft.com');
    await expect.poll(() => popup.isClosed(), { timeout: 10_000 }).toBe(true);

    const [authorizations, refreshes] = [count('authorize'), count('token', 'refresh_token')];
    await expectTokenFor(await call(tab, 'getToken', ARM), 'https://management.azure.com');
    expect(count('token', 'refresh_token')).toBe(refreshes + 1);
    expect(count('authorize')).toBe(authorizations);
    expect(tab.context().pages()).toHaveLength(1);
    // The pop-up went to the emulator's authorize endpoint for a code with PKCE, to come back to the page.
    expect(authorize.origin).toBe(world.emulator.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(site.origin);
  });

  it('keeps tokens in the page’s memory: nothing in localStorage, only the app’s own entry in sessionStorage', async () => {
    const tab = await openApp();
    const [popup] = await Promise.all([tab.waitForEvent('popup'), click(tab, 'getToken')]);
    await signInOnEmulatorPage(popup, ids, ada);
    const outcome = await outcomeOf(tab);
    await expectTokenFor(outcome, 'https://graph.microsoft.com');
    const stored = await tab.evaluate(() => ({
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      text: JSON.stringify({ ...sessionStorage }),
    }));
    expect(stored.local).toEqual([]);
    expect(stored.session).toEqual([CONFIG_KEY]);
    expect(stored.text).not.toContain(outcome.value?.token);
  });

  it('signs in with a redirect: the page leaves, comes back, and its first call redeems the code', async () => {
    world.emulator.grantConsent({ username: ada.username, clientId: world.app.clientId, scopes: [ARM] });
    const tab = await openApp({ loginStyle: 'redirect' });
    const [authorizations, codes] = [count('authorize'), count('token', 'authorization_code')];
    await click(tab, 'authenticate');
    await signInOnEmulatorPage(tab, ids, ada);
    await tab.waitForURL((url) => url.origin === site.origin);
    // The answer is read from the address, and the address cleaned, as the credential is made.
    await expect.poll(() => tab.url(), { timeout: 10_000 }).toBe(`${site.origin}/`);
    expect(await tab.evaluate((key) => sessionStorage.getItem(key), REDIRECT_STORAGE_KEY)).toBeNull();

    const record = await call(tab, 'authenticate');
    expect(record.value).toMatchObject({ username: ada.username, clientId: world.app.clientId });
    expect(count('token', 'authorization_code')).toBe(codes + 1);
    await expectTokenFor(await call(tab, 'getToken', ARM), 'https://management.azure.com');
    // One trip to the sign-in page in all.
    expect(count('authorize')).toBe(authorizations + 1);
    expect(tab.url()).toBe(`${site.origin}/`);
  });

  it('proves the code with the PKCE verifier: a verifier changed while the page was away is refused (AADSTS501481)', async () => {
    const tab = await openApp({ loginStyle: 'redirect' });
    // What the page keeps while it is away, with another verifier than the one whose challenge was sent.
    await tab.evaluate((key) => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (name: string, value: string) {
        const changed =
          name === key ? JSON.stringify({ ...JSON.parse(value), codeVerifier: 'x'.repeat(43) }) : value;
        setItem.call(this, name, changed);
      };
    }, REDIRECT_STORAGE_KEY);
    await click(tab, 'getToken');
    await signInOnEmulatorPage(tab, ids, ada);
    await tab.waitForURL((url) => url.origin === site.origin);
    const outcome = await call(tab, 'getToken');
    expect(outcome).toMatchObject({
      name: 'AuthenticationError',
      error: 'invalid_grant',
      errorCodes: [501481],
    });
  });

  it('refuses an answer this page did not ask for (a forged redirect): state_mismatch on the first call', async () => {
    const tab = await openApp();
    // Another page sends this tab to the app with an answer of its own (a new document: the query differs).
    await tab.goto(`${site.origin}/?from=elsewhere#code=1.forged&state=redirect.guessed`);
    const outcome = await call(tab, 'getToken');
    expect(outcome).toMatchObject({ name: 'AuthenticationError', error: 'state_mismatch' });
    expect(outcome.message).not.toContain('1.forged');
    expect(tab.url()).toBe(`${site.origin}/?from=elsewhere`);
  });

  it('never opens a pop-up with disableAutomaticAuthentication: AuthenticationRequiredError', async () => {
    const tab = await openApp({ disableAutomaticAuthentication: true });
    await click(tab, 'getToken');
    expect(await outcomeOf(tab)).toMatchObject({
      name: 'AuthenticationRequiredError',
      code: 'AUTHENTICATION_REQUIRED',
    });
    expect(tab.context().pages()).toHaveLength(1);
  });

  it('refuses to be made without a client id, or with an unknown login style', async () => {
    const tab = await chromium.newPage();
    await tab.goto(`${site.origin}/`);
    const made = (options: unknown) =>
      tab.evaluate((value) => {
        try {
          (globalThis as unknown as { configure: (o: unknown) => void }).configure(value);
          return 'made';
        } catch (error) {
          return (error as Error).message;
        }
      }, options);
    expect(await made({ tenantId: 'contoso.example' })).toContain('clientId is required in a web page');
    expect(await made({ clientId: world.app.clientId, loginStyle: 'tab' })).toContain(
      'loginStyle must be "popup" or "redirect"',
    );
  });
});
