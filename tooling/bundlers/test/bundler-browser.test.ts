// Every browser bundle works as deployed: `vite build` makes a two-page app (ClientSecretCredential; the default
// chain's edge entry, which the `browser` condition picks), served from loopback as a static site and run in
// Chromium against the emulator, which answers the pages' cross-origin token requests (CORS). A cell passes when
// the emulator verifies the token the page got. InteractiveBrowserCredential's browser entry runs in Chromium in
// its own package's tests (packages/interactive-browser), with the sign-in a user plays through.
// Build first: pnpm turbo run build.
import { type Emulator, startEmulator } from '@identity/emulator';
import { type ServedSite, servePages, useChromium } from '@identity/tooling/test-browser';
import { type AppFile, nodeOnlyImports } from '@identity/tooling/test-bundled-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, BROWSER_APPS } from './bundler-apps.js';
import { buildBrowserAppWithVite } from './bundler-builds.js';

const PAGES = { 'client-secret': 'client secret', 'default-chain': 'DefaultAzureCredential' } as const;

const chromium = useChromium();
let emulator: Emulator;
let files: AppFile[];
let site: ServedSite;

beforeAll(async () => {
  [emulator, files] = await Promise.all([
    startEmulator(),
    buildBrowserAppWithVite(
      Object.fromEntries(Object.entries(PAGES).map(([page, app]) => [page, BROWSER_APPS[app]])),
    ),
  ]);
  site = await servePages(
    Object.fromEntries(
      files.map(({ name, text }) => [
        `/${name}`,
        { body: text, type: name.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' },
      ]),
    ),
  );
}, 60_000);
afterAll(async () => {
  await site?.close();
  await emulator?.stop();
});

describe('vite, browser build', () => {
  it('holds nothing of Node: no built-in import, and no module vite stubbed out for the browser', () => {
    const scripts = files.filter((file) => file.name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const { name, text } of scripts) {
      expect(nodeOnlyImports(text), name).toEqual([]);
      expect(text, name).not.toContain('__vite-browser-external');
    }
  });

  it.each(Object.entries(PAGES))("%s: the page gets the emulator's token in Chromium", async (page) => {
    const app = emulator.registerApp({});
    const tab = await chromium.newPage();
    await tab.goto(`${site.origin}/${page}.html`);
    await tab.waitForFunction(() => typeof (window as { run?: unknown }).run === 'function');
    const outcome = (await tab.evaluate(
      (input) => (window as unknown as { run: (input: unknown) => Promise<unknown> }).run(input),
      {
        tenantId: app.tenantId,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        authorityHost: emulator.url,
      },
    )) as { token?: string; error?: unknown };
    expect(outcome.error).toBeUndefined();
    expect(await emulator.verifyAccessToken(outcome.token ?? '')).toMatchObject({
      aud: AUDIENCE,
      appid: app.clientId,
    });
    // One request, from the page: a cross-origin request whose answer the page could read (the emulator's CORS).
    expect(emulator.requests.filter((r) => r.route === 'token' && r.clientId === app.clientId)).toHaveLength(
      1,
    );
  });
});
