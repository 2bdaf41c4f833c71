// Helpers the emulator's own tests use to drive the sign-in pages over plain HTTP, as a browser would:
// a cookie jar, no automatic redirects, and forms filled from the page's own hidden fields.
import { createHash, randomBytes } from 'node:crypto';
import type { Emulator } from '../src/emulator-server.js';
import { postToken, type TokenAnswer } from './emulator-test-support.js';

/**
 * A page (or redirect) as a test looks at it.
 *
 * @example
 * ```ts
 * const page: TestPage = await browser.get(url);
 * page.html.includes('id="username"');
 * ```
 */
export interface TestPage {
  status: number;
  headers: Headers;
  html: string;
  /** The `Location` of a redirect, resolved. */
  location?: URL;
}

const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

function attribute(tag: string, name: string): string | undefined {
  const found = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return found ? unescapeHtml(found[1] ?? '') : undefined;
}

/**
 * The first form of a page: its action, method and hidden fields.
 *
 * @example
 * ```ts
 * formOf(page.html).fields.flow; // the sign-in flow id
 * ```
 */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`The page has no form:\n${html}`);
  const fields: Record<string, string> = {};
  for (const input of form[1]?.match(/<input\b[^>]*>/g) ?? []) {
    const name = attribute(input, 'name');
    if (name && attribute(input, 'type') === 'hidden') fields[name] = attribute(input, 'value') ?? '';
  }
  return { action: attribute(form[0], 'action') ?? '', fields };
}

/**
 * The text of the element with an id, tags removed.
 *
 * @example
 * ```ts
 * textOf(page.html, 'error'); // 'AADSTS50126: Error validating credentials ...'
 * ```
 */
export function textOf(html: string, id: string): string | undefined {
  const found = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return found
    ? unescapeHtml(
        (found[2] ?? '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
    : undefined;
}

/**
 * A minimal browser: keeps the emulator's cookies, never follows redirects, submits the page's form.
 *
 * @example
 * ```ts
 * const browser = new TestBrowser(emulator);
 * const page = await browser.get(authorizeUrl);
 * const next = await browser.submit(page, { username, password }, 'sign-in');
 * ```
 */
export class TestBrowser {
  readonly #cookies = new Map<string, string>();

  constructor(private readonly emulator: Pick<Emulator, 'url'>) {}

  get cookies(): ReadonlyMap<string, string> {
    return this.#cookies;
  }

  async #load(url: string | URL, init: RequestInit = {}): Promise<TestPage> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) {
      headers.set('cookie', [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    const cookie = response.headers.get('set-cookie');
    if (cookie) {
      const [pair] = cookie.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.#cookies.set(name, value.join('='));
    }
    const location = response.headers.get('location');
    const page: TestPage = {
      status: response.status,
      headers: response.headers,
      html: await response.text(),
    };
    if (location) page.location = new URL(location, url);
    return page;
  }

  get(url: string | URL): Promise<TestPage> {
    return this.#load(url);
  }

  /** Posts a form to a path of the emulator. */
  post(path: string, fields: Record<string, string>): Promise<TestPage> {
    return this.#load(new URL(path, this.emulator.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Submits the page's form with its hidden fields, the given fields and the clicked button's `action`. */
  submit(page: TestPage, fields: Record<string, string> = {}, action?: string): Promise<TestPage> {
    const form = formOf(page.html);
    return this.post(form.action, { ...form.fields, ...fields, ...(action ? { action } : {}) });
  }
}

/**
 * A PKCE verifier and its S256 challenge.
 *
 * @example
 * ```ts
 * const { verifier, challenge } = pkcePair();
 * ```
 */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * The authorize URL of a tenant with the given query.
 *
 * @example
 * ```ts
 * authorizeUrl(emulator, tenantId, { client_id, response_type: 'code', redirect_uri, scope });
 * ```
 */
export function authorizeUrl(
  emulator: Pick<Emulator, 'url'>,
  tenant: string,
  query: Record<string, string>,
): URL {
  const url = new URL(`${emulator.url}/${tenant}/oauth2/v2.0/authorize`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

/**
 * Decodes `client_info` (base64url JSON).
 *
 * @example
 * ```ts
 * decodeClientInfo(json.client_info); // { uid, utid }
 * ```
 */
export function decodeClientInfo(value: unknown): { uid: string; utid: string } {
  return JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8'));
}

const NEXT_ACTION: Record<string, string> = { mfa: 'mfa-approve', confirm: 'continue', consent: 'accept' };

/**
 * Walks the sign-in pages from a first page (the authorize page, or the page after the device code was
 * typed): signs in with the password when asked, then approves MFA, confirms and consents. Returns the
 * last answer: the redirect to the app, the form_post page or the device-code "done" page.
 *
 * @example
 * ```ts
 * const answer = await completeSignIn(browser, await browser.get(url), { username, password });
 * answer.location?.searchParams.get('code');
 * ```
 */
export async function completeSignIn(
  browser: TestBrowser,
  first: TestPage,
  user: { username: string; password: string },
): Promise<TestPage> {
  let page = first;
  for (let steps = 0; steps < 6 && !page.location && page.html.includes('<form'); steps++) {
    const step = formOf(page.html).fields.step;
    if (step === 'sign-in') page = await browser.submit(page, user, 'sign-in');
    else if (step && NEXT_ACTION[step]) page = await browser.submit(page, {}, NEXT_ACTION[step]);
    else break;
  }
  return page;
}

/**
 * Signs a user in through the pages (authorization code with PKCE, loopback redirect) and redeems the code:
 * the token endpoint's answer.
 *
 * @example
 * ```ts
 * const { json } = await signInForTokens(emulator, { clientId, user: { username, password } });
 * json.refresh_token;
 * ```
 */
export async function signInForTokens(
  emulator: Pick<Emulator, 'url' | 'tenantId'>,
  options: {
    clientId: string;
    user: { username: string; password: string };
    tenant?: string;
    scope?: string;
    redirectUri?: string;
    headers?: Record<string, string>;
  },
): Promise<TokenAnswer> {
  const tenant = options.tenant ?? emulator.tenantId;
  const redirectUri = options.redirectUri ?? 'http://localhost:50000/';
  const scope = options.scope ?? 'https://graph.microsoft.com/User.Read openid profile offline_access';
  const { verifier, challenge } = pkcePair();
  const browser = new TestBrowser(emulator);
  const url = authorizeUrl(emulator, tenant, {
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const answer = await completeSignIn(browser, await browser.get(url), options.user);
  const code = answer.location?.searchParams.get('code');
  if (!code) throw new Error(`The sign-in gave no code: ${answer.status} ${answer.location} ${answer.html}`);
  const form = {
    grant_type: 'authorization_code',
    client_id: options.clientId,
    code,
    redirect_uri: redirectUri,
  };
  return postToken(
    emulator,
    tenant,
    { ...form, code_verifier: verifier, scope, client_info: '1' },
    options.headers,
  );
}
