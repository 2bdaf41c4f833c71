// The redirect flow's bookkeeping, with a stand-in window; Chromium runs the real thing (browser-flow test).
import { AuthenticationError } from '@identity/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  handleRedirectResponse,
  REDIRECT_STORAGE_KEY,
  startRedirectSignIn,
} from './interactive-browser-redirect.js';
import { SIGN_IN_CHANNEL } from './interactive-browser-sign-in-request.js';

const request = { tenantId: 'organizations', clientId: 'client', scopes: ['User.Read'] };

function fakePage(href: string) {
  const storage = new Map<string, string>();
  const page = {
    assigned: undefined as string | undefined,
    closed: false,
    location: {
      href,
      origin: new URL(href).origin,
      assign(url: string) {
        page.assigned = url;
      },
    },
    history: {
      state: { app: 'state' },
      replaceState(_state: unknown, _title: string, url: string) {
        page.location.href = url;
      },
    },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    },
    close() {
      page.closed = true;
    },
  };
  return { page, storage, window: page as unknown as Window };
}

const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

describe('startRedirectSignIn and handleRedirectResponse', () => {
  it('keep the sign-in in sessionStorage across the trip, then hand back the code and clean up', async () => {
    const before = fakePage('https://app.example/orders?tab=2');
    await startRedirectSignIn(request, { window: before.window });
    const sent = new URL(String(before.page.assigned));
    const state = sent.searchParams.get('state') as string;
    expect(state.startsWith('redirect.')).toBe(true);
    expect(sent.searchParams.get('redirect_uri')).toBe('https://app.example');

    // Back from Entra: a new page load, the same tab's sessionStorage.
    const after = fakePage(`https://app.example/#code=1.code&state=${state}&session_state=s`);
    for (const [key, value] of before.storage) after.storage.set(key, value);
    const result = await handleRedirectResponse({ window: after.window });
    expect(result).toMatchObject({
      code: '1.code',
      sessionState: 's',
      clientId: 'client',
      redirectUri: 'https://app.example',
    });
    expect(result?.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after.page.location.href).toBe('https://app.example/');
    expect(after.storage.has(REDIRECT_STORAGE_KEY)).toBe(false);
  });

  it('refuses a second use of the same answer (the stored sign-in is gone)', async () => {
    const before = fakePage('https://app.example/');
    await startRedirectSignIn(request, { window: before.window });
    const state = new URL(String(before.page.assigned)).searchParams.get('state');
    const back = fakePage(`https://app.example/?code=1.code&state=${state}`);
    for (const [key, value] of before.storage) back.storage.set(key, value);
    await handleRedirectResponse({ window: back.window });
    back.page.location.href = `https://app.example/?code=1.code&state=${state}`;
    await expect(handleRedirectResponse({ window: back.window })).rejects.toSatisfy(
      (e) => AuthenticationError.isInstance(e) && e.errorResponse.error === 'state_mismatch',
    );
  });

  it('turns Entra’s error into an AuthenticationError and still cleans the address', async () => {
    const before = fakePage('https://app.example/');
    await startRedirectSignIn(request, { window: before.window });
    const state = new URL(String(before.page.assigned)).searchParams.get('state');
    const back = fakePage(
      `https://app.example/#error=access_denied&error_description=AADSTS65004%3A+declined&state=${state}`,
    );
    for (const [key, value] of before.storage) back.storage.set(key, value);
    await expect(handleRedirectResponse({ window: back.window })).rejects.toSatisfy(
      (e) => AuthenticationError.isInstance(e) && e.errorResponse.errorCodes?.[0] === 65004,
    );
    expect(back.page.location.href).toBe('https://app.example/');
  });

  it('forwards a pop-up’s answer to its opener and closes the pop-up', async () => {
    const listener = new BroadcastChannel(SIGN_IN_CHANNEL);
    channels.push(listener);
    const received = new Promise((resolve) => {
      listener.onmessage = (event) => resolve(event.data);
    });
    const popup = fakePage('https://app.example/#code=1.code&state=popup.abc');
    await expect(handleRedirectResponse({ window: popup.window })).resolves.toBeUndefined();
    expect(await received).toEqual({ state: 'popup.abc', response: 'code=1.code&state=popup.abc' });
    expect(popup.page.closed).toBe(true);
    expect(popup.page.location.href).toBe('https://app.example/');
  });

  it('leaves any other address alone', async () => {
    const other = fakePage('https://app.example/?code=theirs&state=xyz');
    await expect(handleRedirectResponse({ window: other.window })).resolves.toBeUndefined();
    expect(other.page.location.href).toBe('https://app.example/?code=theirs&state=xyz');
  });
});
