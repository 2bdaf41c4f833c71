import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  completeSignIn,
  decodeClientInfo,
  formOf,
  pkcePair,
  TestBrowser,
  textOf,
} from '../test/emulator-sign-in-test-support.js';
import type { Emulator } from './emulator-server.js';
import { startEmulator } from './emulator-server.js';
import { SIGN_IN_ELEMENT_IDS } from './emulator-sign-in-page.js';
import type { RegisteredApp } from './emulator-types.js';

let emulator: Emulator;
let clock = Date.now();
let app: RegisteredApp;
const ada = { username: 'ada@contoso.example', password: 'correct horse' };
const redirectUri = 'http://localhost:51234/';

beforeAll(async () => {
  emulator = await startEmulator({ now: () => clock });
  app = emulator.registerApp({ publicClient: true, displayName: 'Console <App>' });
  emulator.registerUser({ ...ada, name: 'Ada Lovelace' });
});
afterAll(() => emulator.stop());

const request = (overrides: Record<string, string> = {}, tenant = emulator.tenantId) =>
  authorizeUrl(emulator, tenant, {
    client_id: app.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'https://graph.microsoft.com/User.Read openid profile offline_access',
    state: 'state-123',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });

const errorOf = (location: URL | undefined) => ({
  error: location?.searchParams.get('error'),
  description: location?.searchParams.get('error_description') ?? '',
  state: location?.searchParams.get('state'),
});

describe('the authorize endpoint before the redirect URI is trusted', () => {
  it.each([
    ['an unknown tenant', () => request({}, 'f0000000-0000-0000-0000-00000000000f'), 'AADSTS90002'],
    [
      'no client_id',
      () => request({ client_id: '' }),
      "AADSTS900144: The request body must contain the following parameter: 'client_id'",
    ],
    ['an unknown app', () => request({ client_id: 'e0000000-0000-0000-0000-00000000000e' }), 'AADSTS700016'],
    ['no redirect_uri', () => request({ redirect_uri: '' }), "parameter: 'redirect_uri'"],
    [
      'an unregistered redirect URI',
      () => request({ redirect_uri: 'https://evil.example/cb' }),
      'AADSTS50011',
    ],
    ['another loopback path', () => request({ redirect_uri: 'http://localhost:51234/other' }), 'AADSTS50011'],
  ])('shows an error page, never a redirect, for %s', async (_, url, text) => {
    const page = await new TestBrowser(emulator).get(url());
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(textOf(page.html, SIGN_IN_ELEMENT_IDS.error)).toContain(text);
  });

  it('names the unregistered redirect URI the way Entra does', async () => {
    const page = await new TestBrowser(emulator).get(request({ redirect_uri: 'https://evil.example/cb' }));
    expect(textOf(page.html, 'error')).toContain(
      `AADSTS50011: The redirect URI 'https://evil.example/cb' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
    );
  });

  it('refuses a single-tenant app at /organizations (AADSTS50194) and any app at /consumers (AADSTS9002332)', async () => {
    const browser = new TestBrowser(emulator);
    expect(textOf((await browser.get(request({}, 'organizations'))).html, 'error')).toContain('AADSTS50194');
    const multi = emulator.registerApp({ publicClient: true, multiTenant: true });
    const consumers = await browser.get(request({ client_id: multi.clientId }, 'consumers'));
    expect(textOf(consumers.html, 'error')).toContain('AADSTS9002332');
  });
});

describe('protocol errors at the redirect URI', () => {
  it.each([
    ['no response_type', { response_type: '' }, 'invalid_request', 'AADSTS900144'],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type', 'AADSTS700051'],
    ['response_type=id_token', { response_type: 'id_token' }, 'unsupported_response_type', 'AADSTS700054'],
    ['no scope', { scope: '' }, 'invalid_request', "parameter: 'scope'"],
    [
      'a challenge method other than S256 or plain',
      { code_challenge_method: 'S512' },
      'invalid_request',
      'AADSTS50149',
    ],
    ['a code_challenge of the wrong size', { code_challenge: 'short' }, 'invalid_request', 'AADSTS501491'],
    [
      'a method without a challenge',
      { code_challenge: '' },
      'invalid_request',
      "parameter: 'code_challenge'",
    ],
    ['an unknown prompt', { prompt: 'always' }, 'invalid_request', 'AADSTS90023'],
    [
      'an unknown response_mode (answered in the query)',
      { response_mode: 'web_message' },
      'invalid_request',
      'AADSTS70007',
    ],
  ])('redirects %s with the error, its AADSTS code and the state', async (_, overrides, error, text) => {
    const page = await new TestBrowser(emulator).get(request(overrides));
    expect(page.status).toBe(302);
    expect(`${page.location?.origin}${page.location?.pathname}`).toBe('http://localhost:51234/');
    const answer = errorOf(page.location);
    expect(answer).toMatchObject({ error, state: 'state-123' });
    expect(answer.description).toContain(text);
    expect(answer.description).toMatch(/\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: /);
  });
});

describe('the sign-in page', () => {
  it('is real HTML with labelled fields and the documented ids, prefilled from login_hint (escaped)', async () => {
    const page = await new TestBrowser(emulator).get(request({ login_hint: 'ada@contoso.example"><b>' }));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.html).toContain('<label for="username">');
    expect(page.html).toContain('<label for="password">');
    expect(page.html).toMatch(
      /<input id="username" name="username" type="email"[^>]*value="ada@contoso.example&#34;&#62;&#60;b&#62;"/,
    );
    expect(page.html).toContain('<input id="password" name="password" type="password"');
    expect(page.html).toContain('<button id="sign-in" type="submit" name="action" value="sign-in">');
    expect(page.html).toContain('Console &#60;App&#62;');
    expect(page.html).not.toContain('<b>');
    expect(formOf(page.html)).toMatchObject({
      action: `/${emulator.tenantId}/login`,
      fields: { step: 'sign-in' },
    });
  });

  it('re-renders with AADSTS50126 for a wrong password and AADSTS50034 for an unknown user', async () => {
    const browser = new TestBrowser(emulator);
    const first = await browser.get(request());
    const wrong = await browser.submit(
      first,
      { username: ada.username, password: 'battery staple' },
      'sign-in',
    );
    expect(wrong.status).toBe(400);
    expect(textOf(wrong.html, 'error')).toBe(
      'AADSTS50126: Error validating credentials due to invalid username or password.',
    );
    expect(wrong.html).toContain(`value="${ada.username}"`);
    const unknown = await browser.submit(
      wrong,
      { username: 'nobody@contoso.example', password: 'x' },
      'sign-in',
    );
    expect(textOf(unknown.html, 'error')).toContain('AADSTS50034');
    // The flow goes on after a mistake.
    const answer = await completeSignIn(browser, unknown, ada);
    expect(answer.location?.searchParams.get('code')).toBeTruthy();
  });

  it('asks for consent, listing the permissions, then redirects with code, state, client_info and session_state', async () => {
    const lin = { username: 'lin@contoso.example', password: 'pw' };
    const { objectId } = emulator.registerUser(lin);
    const browser = new TestBrowser(emulator);
    const consent = await browser.submit(await browser.get(request({ client_info: '1' })), lin, 'sign-in');
    expect(textOf(consent.html, 'title')).toBe('Permissions requested');
    expect(textOf(consent.html, SIGN_IN_ELEMENT_IDS.consentScopes)).toBe(
      'https://graph.microsoft.com/User.Read openid profile offline_access',
    );
    expect(consent.html).toContain('<button id="accept"');
    expect(consent.html).toContain('<button id="cancel"');
    const answer = await browser.submit(consent, {}, 'accept');
    expect(answer.status).toBe(302);
    const query = answer.location?.searchParams;
    expect(query?.get('code')).toMatch(/^1\.[A-Za-z0-9_-]{64}$/);
    expect(query?.get('state')).toBe('state-123');
    expect(decodeClientInfo(query?.get('client_info'))).toEqual({ uid: objectId, utid: emulator.tenantId });
    expect(query?.get('session_state')).toBeTruthy();
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'sign-in', status: 302, username: lin.username });
  });

  it('sends the user back with access_denied, AADSTS65004 and error_subcode=cancel when consent is cancelled', async () => {
    const other = emulator.registerApp({ publicClient: true });
    const browser = new TestBrowser(emulator);
    const consent = await browser.submit(
      await browser.get(request({ client_id: other.clientId })),
      ada,
      'sign-in',
    );
    const answer = await browser.submit(consent, {}, 'cancel');
    expect(errorOf(answer.location)).toMatchObject({ error: 'access_denied', state: 'state-123' });
    expect(errorOf(answer.location).description).toMatch(
      /^AADSTS65004: User declined to consent to access the app\./,
    );
    expect(answer.location?.searchParams.get('error_subcode')).toBe('cancel');
  });

  it('answers in the fragment with response_mode=fragment', async () => {
    const browser = new TestBrowser(emulator);
    const answer = await completeSignIn(
      browser,
      await browser.get(request({ response_mode: 'fragment' })),
      ada,
    );
    expect(answer.location?.search).toBe('');
    const fragment = new URLSearchParams(answer.location?.hash.slice(1));
    expect(fragment.get('code')).toBeTruthy();
    expect(fragment.get('state')).toBe('state-123');
  });

  it('answers with an auto-submitting form POST to the redirect URI with response_mode=form_post', async () => {
    const browser = new TestBrowser(emulator);
    const answer = await completeSignIn(
      browser,
      await browser.get(request({ response_mode: 'form_post', client_info: '1' })),
      ada,
    );
    expect(answer.status).toBe(200);
    const form = formOf(answer.html);
    expect(form.action).toBe(redirectUri);
    expect(Object.keys(form.fields).sort()).toEqual(['client_info', 'code', 'session_state', 'state']);
    expect(form.fields.state).toBe('state-123');
    expect(answer.html).toContain("document.getElementById('form-post').submit()");
  });

  it('accepts the authorize request as a POST form too', async () => {
    const browser = new TestBrowser(emulator);
    const url = request();
    const page = await browser.post(url.pathname, Object.fromEntries(url.searchParams));
    expect(formOf(page.html).fields.step).toBe('sign-in');
  });

  it('matches a loopback redirect URI on any port, and adds the trailing slash Entra adds', async () => {
    const browser = new TestBrowser(emulator);
    const answer = await completeSignIn(
      browser,
      await browser.get(request({ redirect_uri: 'http://127.0.0.1:6001' })),
      ada,
    );
    expect(answer.location?.href).toMatch(/^http:\/\/127\.0\.0\.1:6001\/\?code=/);
  });

  it('shows the page again when a post belongs to another step (a stale tab cannot skip sign-in)', async () => {
    const browser = new TestBrowser(emulator);
    const page = await browser.get(request());
    const skipped = await browser.post(formOf(page.html).action, {
      ...formOf(page.html).fields,
      step: 'consent',
      action: 'accept',
    });
    expect(formOf(skipped.html).fields.step).toBe('sign-in');
    expect(skipped.location).toBeUndefined();
  });

  it('ends a sign-in left open longer than 15 minutes with AADSTS50089', async () => {
    const browser = new TestBrowser(emulator);
    const page = await browser.get(request());
    clock += 15 * 60 * 1000;
    const late = await browser.submit(page, ada, 'sign-in');
    expect(late.status).toBe(400);
    expect(textOf(late.html, 'error')).toContain('AADSTS50089');
  });
});

describe('the second factor', () => {
  it('asks a user whose policy needs MFA to approve it, and records both methods', async () => {
    const grace = { username: 'grace@contoso.example', password: 'cobol' };
    emulator.registerUser({ ...grace, mfaRequired: true });
    const browser = new TestBrowser(emulator);
    const mfa = await browser.submit(await browser.get(request()), grace, 'sign-in');
    expect(textOf(mfa.html, 'title')).toBe('Approve sign in request');
    expect(mfa.html).toContain('<button id="mfa-approve"');
    expect(browser.cookies.size).toBe(0); // no session before every factor is in
    const denied = await new TestBrowser(emulator).submit(
      await browser.submit(await browser.get(request()), grace, 'sign-in'),
      {},
      'mfa-deny',
    );
    expect(errorOf(denied.location)).toMatchObject({ error: 'access_denied' });
    expect(errorOf(denied.location).description).toContain('AADSTS500121');
    const answer = await completeSignIn(browser, mfa, grace);
    expect(answer.location?.searchParams.get('code')).toBeTruthy();
  });
});

describe('sessions and prompt', () => {
  it('signs a returning user in from the session cookie, without the password page', async () => {
    const browser = new TestBrowser(emulator);
    await completeSignIn(browser, await browser.get(request()), ada);
    const again = await browser.get(request());
    expect(again.status).toBe(302);
    expect(again.location?.searchParams.get('code')).toBeTruthy();
  });

  it('asks for the password again with prompt=login, and shows the account picker with prompt=select_account', async () => {
    const browser = new TestBrowser(emulator);
    await completeSignIn(browser, await browser.get(request()), ada);
    expect(formOf((await browser.get(request({ prompt: 'login' }))).html).fields.step).toBe('sign-in');
    const picker = await browser.get(request({ prompt: 'select_account' }));
    expect(picker.html).toContain(
      `<button id="use-account" type="submit" name="action" value="use-account">${ada.username}</button>`,
    );
    expect(picker.html).toContain('<button id="use-another-account"');
    const another = await browser.submit(picker, {}, 'use-another-account');
    expect(formOf(another.html).fields.step).toBe('sign-in');
    const picked = await browser.submit(
      await browser.get(request({ prompt: 'select_account' })),
      {},
      'use-account',
    );
    expect(picked.location?.searchParams.get('code')).toBeTruthy();
  });

  it('shows the consent page again with prompt=consent', async () => {
    const browser = new TestBrowser(emulator);
    await completeSignIn(browser, await browser.get(request()), ada);
    const page = await browser.get(request({ prompt: 'consent' }));
    expect(textOf(page.html, 'title')).toBe('Permissions requested');
  });

  it('answers prompt=none silently with a session, login_required (AADSTS50058) without one', async () => {
    const fresh = await new TestBrowser(emulator).get(request({ prompt: 'none' }));
    expect(errorOf(fresh.location)).toMatchObject({ error: 'login_required', state: 'state-123' });
    expect(errorOf(fresh.location).description).toContain('AADSTS50058');

    const browser = new TestBrowser(emulator);
    await completeSignIn(browser, await browser.get(request()), ada);
    const silent = await browser.get(request({ prompt: 'none' }));
    expect(silent.location?.searchParams.get('code')).toBeTruthy();
    const otherHint = await browser.get(request({ prompt: 'none', login_hint: 'grace@contoso.example' }));
    expect(errorOf(otherHint.location).error).toBe('login_required');
  });

  it('answers prompt=none with consent_required (AADSTS65001) for scopes not consented yet', async () => {
    const browser = new TestBrowser(emulator);
    await completeSignIn(browser, await browser.get(request()), ada);
    const answer = await browser.get(request({ prompt: 'none', scope: 'api://orders/Orders.Read openid' }));
    expect(errorOf(answer.location).error).toBe('consent_required');
    expect(errorOf(answer.location).description).toContain('AADSTS65001');
  });

  it('asks for the password when login_hint names someone other than the session’s user', async () => {
    const browser = new TestBrowser(emulator);
    await completeSignIn(browser, await browser.get(request()), ada);
    const page = await browser.get(request({ login_hint: 'grace@contoso.example' }));
    expect(formOf(page.html).fields.step).toBe('sign-in');
    expect(page.html).toContain('value="grace@contoso.example"');
  });

  it('answers prompt=none with interaction_required (AADSTS50076) when the user now needs MFA', async () => {
    const kim = { username: 'kim@contoso.example', password: 'pw' };
    emulator.registerUser(kim);
    const browser = new TestBrowser(emulator);
    await completeSignIn(browser, await browser.get(request()), kim);
    emulator.registerUser({ ...kim, mfaRequired: true }); // the policy changed after the sign-in
    const answer = await browser.get(request({ prompt: 'none' }));
    expect(errorOf(answer.location).error).toBe('interaction_required');
    expect(errorOf(answer.location).description).toContain('AADSTS50076');
    const page = await browser.get(request());
    expect(textOf(page.html, 'title')).toBe('Approve sign in request');
  });

  it('ends sessions when the user’s tokens are revoked', async () => {
    const browser = new TestBrowser(emulator);
    await completeSignIn(browser, await browser.get(request()), ada);
    clock += 1000;
    emulator.revokeRefreshTokens(ada.username);
    expect(formOf((await browser.get(request())).html).fields.step).toBe('sign-in');
  });
});
