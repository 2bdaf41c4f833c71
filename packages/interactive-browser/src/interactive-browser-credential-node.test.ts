// InteractiveBrowserCredential on Node, end to end: the credential's openBrowser hands the authorize URL to
// Chromium (standing in for the system browser), the user signs in on the emulator's page, Entra's form_post lands
// on the loopback server, and the code is redeemed with the PKCE verifier. Later tokens come from the account's
// refresh token, without a browser.
import {
  AbortError,
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
  deserializeAuthenticationRecord,
  InvalidArgumentError,
  serializeAuthenticationRecord,
  TokenCache,
} from '@identity/core';
import { SIGN_IN_ELEMENT_IDS } from '@identity/emulator';
import { fillSignIn, type Page, signInOnEmulatorPage, useChromium } from '@identity/tooling/test-browser';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { describe, expect, it } from 'vitest';
import { ADA as ada, expectNoServerAt, useSignInWorld } from '../test/interactive-browser-test-support.js';
import { InteractiveBrowserCredential } from './interactive-browser-credential.node.js';
import type { InteractiveBrowserCredentialNodeOptions } from './interactive-browser-credential-options.js';

const chromium = useChromium();
const ids = SIGN_IN_ELEMENT_IDS;
const GRAPH = 'https://graph.microsoft.com/User.Read';
const ARM = 'https://management.azure.com/.default';
const anchors = guideAnchors();
const world = useSignInWorld(() => ({ publicClient: true, displayName: 'Contoso CLI' }));

/** Chromium as the user's browser: each URL handed to openBrowser opens in a new page. */
function chromiumBrowser() {
  const urls: URL[] = [];
  const pages: Page[] = [];
  const openBrowser = async (url: string) => {
    urls.push(new URL(url));
    const page = await chromium.newPage();
    await page.goto(url);
    // Opened: the sign-in page has loaded, as the system browser would have shown it.
    pages.push(page);
  };
  const opened = async (): Promise<Page> => {
    await expect.poll(() => pages.length, { timeout: 10_000 }).toBeGreaterThan(0);
    return pages.at(-1) as Page;
  };
  const redirectUri = () => urls.at(-1)?.searchParams.get('redirect_uri') as string;
  return { openBrowser, urls, opened, redirectUri };
}

function credentialFor(
  browser: { openBrowser: (url: string) => Promise<void> },
  options: InteractiveBrowserCredentialNodeOptions = {},
) {
  return new InteractiveBrowserCredential({
    authorityHost: world.emulator.url,
    tenantId: world.emulator.tenantId,
    clientId: world.app.clientId,
    openBrowser: browser.openBrowser,
    ...options,
  });
}

const requests = (grantType: string) =>
  world.emulator.requests.filter((r) => r.grantType === grantType).length;

/** What a promise that must fail rejected with, its message checked for secrets and a troubleshooting pointer. */
async function rejection(promise: Promise<unknown>): Promise<AuthenticationError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the sign-in to fail');
    },
    (e: unknown) => e as AuthenticationError,
  );
  expect(messageProblems(error.message, anchors)).toEqual([]);
  return error;
}

describe('InteractiveBrowserCredential on Node, with Chromium as the browser', () => {
  it('signs the user in once, then gets a token for another resource from the refresh token: one request, no browser', async () => {
    const browser = chromiumBrowser();
    const credential = credentialFor(browser, {
      browserCustomizationOptions: { successMessage: 'Signed in to Contoso CLI.' },
    });
    world.emulator.grantConsent({ username: ada.username, clientId: world.app.clientId, scopes: [ARM] });

    const first = credential.getToken(GRAPH);
    const page = await browser.opened();
    await signInOnEmulatorPage(page, ids, ada);
    const graph = await first;
    expect((await world.emulator.verifyAccessToken(graph.token)).upn).toBe(ada.username);
    expect(await page.locator('body').textContent()).toContain('Signed in to Contoso CLI.');
    await expectNoServerAt(browser.redirectUri());

    const refreshes = requests('refresh_token');
    const arm = await credential.getToken(ARM);
    expect(await world.emulator.verifyAccessToken(arm.token)).toMatchObject({
      aud: 'https://management.azure.com',
      upn: ada.username,
    });
    expect(requests('refresh_token')).toBe(refreshes + 1);
    // The first token again comes from the cache.
    expect((await credential.getToken(GRAPH)).token).toBe(graph.token);
    expect(requests('refresh_token')).toBe(refreshes + 1);
    expect(browser.urls).toHaveLength(1);
    expect(requests('authorization_code')).toBeGreaterThan(0);
  });

  it('asks Entra for a code with PKCE S256 and form_post, at http://localhost on a free port', async () => {
    const browser = chromiumBrowser();
    const signIn = credentialFor(browser).getToken(GRAPH);
    await signInOnEmulatorPage(await browser.opened(), ids, ada);
    await signIn;
    const params = browser.urls[0]?.searchParams as URLSearchParams;
    expect(browser.urls[0]?.origin).toBe(world.emulator.url);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('response_mode')).toBe('form_post');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(params.get('prompt')).toBe('select_account');
    expect(params.get('scope')).toBe(`${GRAPH} openid profile offline_access`);
  });

  it('returns the account from authenticate(); its record, serialized and read back, lets a new credential get tokens without a prompt', async () => {
    const browser = chromiumBrowser();
    const tokenCache = new TokenCache();
    const signIn = credentialFor(browser, { tokenCache }).authenticate(GRAPH);
    await signInOnEmulatorPage(await browser.opened(), ids, ada);
    const record = await signIn;
    expect(record).toMatchObject({
      username: ada.username,
      clientId: world.app.clientId,
      tenantId: world.emulator.tenantId,
    });

    const saved = serializeAuthenticationRecord(record);
    const again = credentialFor(browser, {
      tokenCache,
      authenticationRecord: deserializeAuthenticationRecord(saved),
      disableAutomaticAuthentication: true,
    });
    expect((await world.emulator.verifyAccessToken((await again.getToken(GRAPH)).token)).upn).toBe(
      ada.username,
    );
    expect(browser.urls).toHaveLength(1);
  });

  it('never opens a browser with disableAutomaticAuthentication and a record alone: AuthenticationRequiredError', async () => {
    const browser = chromiumBrowser();
    const record = {
      authority: new URL(world.emulator.url).host,
      homeAccountId: 'uid.utid',
      clientId: world.app.clientId,
      tenantId: world.emulator.tenantId,
      username: ada.username,
    };
    const credential = credentialFor(browser, {
      authenticationRecord: record,
      disableAutomaticAuthentication: true,
    });
    const error = await credential
      .getToken(GRAPH, { tenantId: world.emulator.tenantId })
      .catch((e: unknown) => e);
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect((error as AuthenticationRequiredError).scopes).toEqual([GRAPH]);
    expect((error as AuthenticationRequiredError).getTokenOptions).toEqual({
      tenantId: world.emulator.tenantId,
    });
    expect(browser.urls).toEqual([]);
  });

  it('ends with access_denied when the user declines consent, showing the app’s error text', async () => {
    const browser = chromiumBrowser();
    const signIn = rejection(
      credentialFor(browser, {
        browserCustomizationOptions: { errorMessage: 'Contoso CLI could not sign you in.' },
      }).getToken(GRAPH),
    );
    const page = await browser.opened();
    await signInOnEmulatorPage(page, ids, ada, { consent: 'cancel' });
    const error = await signIn;
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.errorResponse.error).toBe('access_denied');
    expect(await page.locator('body').textContent()).toContain('Contoso CLI could not sign you in.');
    await expectNoServerAt(browser.redirectUri());
  });

  it('times out, naming timeoutInMs, when the user gives up after a wrong password and closes the page', async () => {
    const browser = chromiumBrowser();
    const signIn = rejection(credentialFor(browser, { timeoutInMs: 2_000 }).getToken(GRAPH));
    const page = await browser.opened();
    await fillSignIn(page, ids, { ...ada, password: 'wrong password' });
    expect(await page.locator(`#${ids.error}`).textContent()).toContain('AADSTS50126');
    await page.close();
    const error = await signIn;
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.code).toBe('AUTHENTICATION_REQUEST_TIMEOUT');
    expect(error.message).toContain('(the timeoutInMs option)');
    await expectNoServerAt(browser.redirectUri());
  });

  it('times out when the user closes the sign-in page at once (the server cannot see a tab close)', async () => {
    const browser = chromiumBrowser();
    const signIn = rejection(credentialFor(browser, { timeoutInMs: 1_000 }).getToken(GRAPH));
    await (await browser.opened()).close();
    const error = await signIn;
    expect(error.code).toBe('AUTHENTICATION_REQUEST_TIMEOUT');
    await expectNoServerAt(browser.redirectUri());
  });

  it('stops when aborted while the user is on the sign-in page', async () => {
    const browser = chromiumBrowser();
    const controller = new AbortController();
    const signIn = credentialFor(browser)
      .getToken(GRAPH, { abortSignal: controller.signal })
      .catch((e: unknown) => e);
    const page = await browser.opened();
    await page.locator(`#${ids.username}`).fill(ada.username);
    controller.abort();
    expect(AbortError.isInstance(await signIn)).toBe(true);
    await expectNoServerAt(browser.redirectUri());
  });

  it('stops with state_mismatch when a forged redirect arrives first, and never redeems its code', async () => {
    const browser = chromiumBrowser();
    const signIn = rejection(credentialFor(browser).getToken(GRAPH));
    const page = await browser.opened();
    const codes = requests('authorization_code');
    const attacker = await page.context().newPage();
    await attacker.goto(`${browser.redirectUri()}/?code=1.attacker-code&state=guessed`);
    const error = await signIn;
    expect(error.errorResponse.error).toBe('state_mismatch');
    expect(error.message).not.toContain('attacker-code');
    expect(requests('authorization_code')).toBe(codes);
    await expectNoServerAt(browser.redirectUri());
  });

  it('is unavailable when no browser opens, so a chain moves on', async () => {
    const browser = chromiumBrowser();
    const failing = {
      openBrowser: async (url: string) => {
        browser.urls.push(new URL(url));
        throw new CredentialUnavailableError('InteractiveBrowserCredential: could not open a browser');
      },
    };
    const error = await credentialFor(failing)
      .getToken(GRAPH)
      .catch((e: unknown) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    await expectNoServerAt(browser.redirectUri());
  });
});

describe('InteractiveBrowserCredential on Node: defaults and options', () => {
  // Records the URL and stops there, as a browser that cannot be opened.
  function recorder() {
    const urls: URL[] = [];
    const openBrowser = (url: string) => {
      urls.push(new URL(url));
      throw new CredentialUnavailableError('InteractiveBrowserCredential: no browser in this test');
    };
    return { urls, openBrowser };
  }

  it('signs in to Microsoft’s development app at the organizations tenant by default', async () => {
    const browser = recorder();
    await new InteractiveBrowserCredential({
      authorityHost: world.emulator.url,
      openBrowser: browser.openBrowser,
    })
      .getToken(GRAPH)
      .catch(() => undefined);
    expect(browser.urls[0]?.pathname).toBe('/organizations/oauth2/v2.0/authorize');
    expect(browser.urls[0]?.searchParams.get('client_id')).toBe('04b07795-8ddb-461a-bbee-02f9e1bf7b46');
  });

  it('asks for the hinted account’s password, at the redirect URI given', async () => {
    const browser = recorder();
    await credentialFor(browser, { loginHint: ada.username, redirectUri: () => 'http://127.0.0.1/callback' })
      .getToken(GRAPH)
      .catch(() => undefined);
    const params = browser.urls[0]?.searchParams as URLSearchParams;
    expect(params.get('prompt')).toBe('login');
    expect(params.get('login_hint')).toBe(ada.username);
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  });

  it('refuses a tenant it was not allowed before opening a browser, and signs in at one it was', async () => {
    const browser = recorder();
    const error = (await credentialFor(browser)
      .getToken(GRAPH, { tenantId: 'fabrikam.example' })
      .catch((e: unknown) => e)) as Error;
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('additionallyAllowedTenants');
    expect(browser.urls).toEqual([]);

    await credentialFor(browser, { additionallyAllowedTenants: ['fabrikam.example'] })
      .getToken(GRAPH, { tenantId: 'fabrikam.example' })
      .catch(() => undefined);
    expect(browser.urls[0]?.pathname).toBe('/fabrikam.example/oauth2/v2.0/authorize');
  });

  it.each([
    [
      'a redirect URI off loopback',
      { redirectUri: 'https://contoso.example/callback' },
      /redirectUri must be/,
    ],
    [
      'an opener that is not a function',
      { openBrowser: 'firefox' as never },
      /openBrowser must be a function/,
    ],
    ['a timeout of zero', { timeoutInMs: 0 }, /timeoutInMs must be/],
  ])('refuses %s when it is created', (_, options, message) => {
    expect(() => new InteractiveBrowserCredential(options)).toThrow(message);
    expect(() => new InteractiveBrowserCredential(options)).toThrow(InvalidArgumentError);
  });
});
