// InteractiveBrowserCredential.close() and `await using`, on Node: a sign-in in progress (a browser that never
// answers) ends with an AbortError, its loopback server is gone by the time close resolves, and the credential is
// closed for good.
import { AbortError, CredentialUnavailableError } from '@identity/core';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { describe, expect, it } from 'vitest';
import {
  acceptsConnections,
  expectNoServerAt,
  useSignInWorld,
} from '../test/interactive-browser-test-support.js';
import { InteractiveBrowserCredential } from './interactive-browser-credential.node.js';

const GRAPH = 'https://graph.microsoft.com/User.Read';
const world = useSignInWorld(() => ({ publicClient: true, displayName: 'Contoso CLI' }));

/** A browser that receives the authorize URL and never answers: the user has walked away. */
function silentBrowser() {
  const urls: URL[] = [];
  const openBrowser = (url: string) => {
    urls.push(new URL(url));
    return new Promise<void>(() => {});
  };
  const opened = async (): Promise<string> => {
    await expect.poll(() => urls.length, { timeout: 10_000 }).toBeGreaterThan(0);
    return urls.at(-1)?.searchParams.get('redirect_uri') as string;
  };
  return { openBrowser, urls, opened };
}

function credentialFor(browser: { openBrowser: (url: string) => Promise<void> }) {
  return new InteractiveBrowserCredential({
    authorityHost: world.emulator.url,
    tenantId: world.emulator.tenantId,
    clientId: world.app.clientId,
    openBrowser: browser.openBrowser,
  });
}

const listening = async (redirectUri: string) =>
  acceptsConnections('127.0.0.1', Number(new URL(redirectUri).port));

describe('InteractiveBrowserCredential.close() on Node', () => {
  it('ends a pending sign-in with an AbortError and closes the loopback server before it resolves', async () => {
    const browser = silentBrowser();
    const credential = credentialFor(browser);
    const signIn = credential.getToken(GRAPH).catch((e: unknown) => e);
    const redirectUri = await browser.opened();
    expect(await listening(redirectUri)).toBe(true);

    await credential.close();

    await expectNoServerAt(redirectUri);
    const error = await signIn;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(world.emulator.requests.filter((r) => r.grantType === 'authorization_code')).toEqual([]);
  });

  it('ends every caller waiting on the sign-in with an AbortError, not only the one that started it', async () => {
    const browser = silentBrowser();
    const credential = credentialFor(browser);
    const first = credential.getToken(GRAPH).catch((e: unknown) => e);
    await browser.opened();
    const second = credential.authenticate(GRAPH).catch((e: unknown) => e);
    await credential.close();
    expect(AbortError.isInstance(await first)).toBe(true);
    expect(AbortError.isInstance(await second)).toBe(true);
    expect(browser.urls).toHaveLength(1);
  });

  it('is final: later calls reject with a CredentialUnavailableError that says why, and open no browser', async () => {
    const browser = silentBrowser();
    const credential = credentialFor(browser);
    await credential.close();
    const calls = [credential.getToken(GRAPH), credential.authenticate(GRAPH)];
    for (const call of calls.map((c) => c.catch((e: unknown) => e))) {
      const error = (await call) as CredentialUnavailableError;
      expect(CredentialUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toContain('InteractiveBrowserCredential is closed');
      expect(messageProblems(error.message, guideAnchors())).toEqual([]);
    }
    expect(browser.urls).toEqual([]);
  });

  it('is idempotent: a second close (even while the first runs) resolves as the first does', async () => {
    const browser = silentBrowser();
    const credential = credentialFor(browser);
    const signIn = credential.getToken(GRAPH).catch((e: unknown) => e);
    const redirectUri = await browser.opened();
    const [first, second] = [credential.close(), credential.close()];
    expect(second).toBe(first);
    await Promise.all([first, second, credential.close()]);
    expect(AbortError.isInstance(await signIn)).toBe(true);
    await expectNoServerAt(redirectUri);
  });

  it('closes at the end of an `await using` block', async () => {
    const browser = silentBrowser();
    let signIn: Promise<unknown> = Promise.resolve();
    let redirectUri = '';
    {
      await using credential = credentialFor(browser);
      signIn = credential.getToken(GRAPH).catch((e: unknown) => e);
      redirectUri = await browser.opened();
      expect(await listening(redirectUri)).toBe(true);
    }
    await expectNoServerAt(redirectUri);
    expect(AbortError.isInstance(await signIn)).toBe(true);
  });
});
