// A real browser for the sign-in tests: Debian's Chromium (installed by `node tooling/scripts/system-packages.mjs`),
// driven by playwright-core, which never downloads a browser of its own. One browser per test file; a fresh context
// (cookies, storage, a profile of its own) per test; nothing it loads may leave loopback. A missing Chromium fails
// the tests that need it, with a message saying how to install it: a skipped test proves nothing.
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { isLoopbackHost } from './loopback.mjs';

export type { Browser, BrowserContext, Page } from 'playwright-core';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// As the machine's own probe starts it: root needs --no-sandbox; the rest stop Chromium's own traffic (updates,
// sync, field trials), which a closed network refuses, many connections at a time. playwright-core adds a fresh,
// temporary --user-data-dir of its own to every launch, and deletes it on close.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts Chromium. Throws, naming the command that installs it, when it is not there.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed (${CHROMIUM_PATH} is missing): run \`node tooling/scripts/system-packages.mjs\` as root (it runs \`apt-get install -y --no-install-recommends chromium\`), then run the tests again.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS, timeout: 30_000 });
}

/** The Chromium of one test file. */
export interface ChromiumForTests {
  /** The browser, started before the file's first test. */
  readonly browser: Browser;
  /**
   * A context of its own for the calling test (fresh cookies and storage), closed when the test ends. Requests
   * to anything but loopback are refused (`net::ERR_FAILED`), as the suite's network guard refuses them in Node.
   */
  newContext(): Promise<BrowserContext>;
  /** A page in a new context. */
  newPage(): Promise<Page>;
}

/**
 * Starts Chromium once for the calling test file (in `beforeAll`) and closes it after the last test.
 *
 * @example
 * ```ts
 * const chromium = useChromium();
 * it('signs in', async () => {
 *   const page = await chromium.newPage();
 *   await page.goto(authorizeUrl);
 * });
 * ```
 */
export function useChromium(): ChromiumForTests {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  const started = () => {
    if (!browser) throw new Error('Chromium is not running: useChromium() starts it in beforeAll.');
    return browser;
  };
  const newContext = async () => {
    const context = await started().newContext();
    context.setDefaultTimeout(10_000);
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (isLoopbackHost(url.hostname)) return route.continue();
      return route.abort('blockedbyclient');
    });
    onTestFinished(() => context.close());
    return context;
  };
  return {
    get browser() {
      return started();
    },
    newContext,
    newPage: async () => (await newContext()).newPage(),
  };
}

/**
 * The element ids of the emulator's sign-in pages these helpers click (the emulator exports them as
 * `SIGN_IN_ELEMENT_IDS`; pass that).
 *
 * @example
 * ```ts
 * import { SIGN_IN_ELEMENT_IDS } from '@identity/emulator';
 * await signInOnEmulatorPage(page, SIGN_IN_ELEMENT_IDS, user);
 * ```
 */
export interface SignInPageIds {
  username: string;
  password: string;
  signIn: string;
  error: string;
  mfaApprove: string;
  accept: string;
  cancel: string;
}

/**
 * Plays the user on the emulator's sign-in page: types the username and password and clicks "Sign in".
 *
 * @example
 * ```ts
 * await fillSignIn(page, SIGN_IN_ELEMENT_IDS, { username: 'ada@contoso.example', password: 'wrong' });
 * await expect(page.locator('#error').textContent()).resolves.toContain('AADSTS50126');
 * ```
 */
export async function fillSignIn(
  page: Page,
  ids: SignInPageIds,
  user: { username: string; password: string },
): Promise<void> {
  await page.locator(`#${ids.username}`).fill(user.username);
  await page.locator(`#${ids.password}`).fill(user.password);
  await page.locator(`#${ids.signIn}`).click();
}

/**
 * Plays the user through the emulator's sign-in: the sign-in page, the MFA prompt for users who need it, then
 * the consent page (accepted, or cancelled with `consent: 'cancel'`; `'none'` when the app needs no consent).
 *
 * @example
 * ```ts
 * await signInOnEmulatorPage(popup, SIGN_IN_ELEMENT_IDS, { username, password }, { mfa: true });
 * ```
 */
export async function signInOnEmulatorPage(
  page: Page,
  ids: SignInPageIds,
  user: { username: string; password: string },
  options: { consent?: 'accept' | 'cancel' | 'none'; mfa?: boolean } = {},
): Promise<void> {
  await fillSignIn(page, ids, user);
  if (options.mfa) await page.locator(`#${ids.mfaApprove}`).click();
  const consent = options.consent ?? 'accept';
  if (consent !== 'none') await page.locator(`#${ids[consent]}`).click();
}

/** One file of a {@link servePages} site. */
export interface ServedPage {
  body: string;
  /** Default `text/html; charset=utf-8`. */
  type?: string;
  headers?: Record<string, string>;
}

/**
 * A site on loopback serving fixed pages by path (`/` and `/app.js`, say), for pages a test loads in Chromium.
 *
 * @example
 * ```ts
 * const site = await servePages({ '/': { body: '<script type="module" src="/app.js"></script>' } });
 * await page.goto(`${site.origin}/`);
 * await site.close();
 * ```
 */
export interface ServedSite {
  /** `http://localhost:<port>`. */
  readonly origin: string;
  /** Every request's path and headers, in order. */
  readonly requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * Serves `pages` on 127.0.0.1 at a free port (404 for any other path), as `http://localhost:<port>`.
 *
 * @example
 * ```ts
 * const site = await servePages({ '/': { body: html }, '/app.js': { body: script, type: 'text/javascript' } });
 * ```
 */
export async function servePages(pages: Record<string, ServedPage>): Promise<ServedSite> {
  const requests: ServedSite['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push({ path, headers: req.headers });
    const page = pages[path];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': page.type ?? 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...page.headers,
    });
    res.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
