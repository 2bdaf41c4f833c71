// The pop-up flow's decisions, with a stand-in window; Chromium runs the real thing (browser-flow test).
import { AbortError, AuthenticationError, InvalidArgumentError } from '@identity/core';
import { afterEach, describe, expect, it } from 'vitest';
import { signInWithPopup, waitForPopupResponse } from './interactive-browser-popup.js';
import { SIGN_IN_CHANNEL } from './interactive-browser-sign-in-request.js';

const request = { tenantId: 'organizations', clientId: 'client', scopes: ['User.Read'] };

/** A pop-up on another origin (its address unreadable) until `land` puts it on the app's. */
function fakePopup() {
  let href: string | undefined;
  const popup = {
    closed: false,
    opened: undefined as string | undefined,
    location: {
      get href(): string {
        if (href === undefined) throw new DOMException('cross-origin', 'SecurityError');
        return href;
      },
      set href(url: string) {
        popup.opened = url;
      },
    },
    close() {
      popup.closed = true;
    },
    land(url: string) {
      href = url;
    },
  };
  return popup;
}

function fakeWindow(popup: ReturnType<typeof fakePopup> | null) {
  const calls: unknown[][] = [];
  return {
    calls,
    window: {
      location: { origin: 'https://app.example' },
      screenX: 0,
      screenY: 0,
      outerWidth: 1200,
      outerHeight: 900,
      open: (...args: unknown[]) => {
        calls.push(args);
        return popup;
      },
    } as unknown as Window,
  };
}

const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

const stateOf = (url: string | undefined) => new URL(String(url)).searchParams.get('state') as string;

describe('signInWithPopup', () => {
  it('opens the pop-up, sends it to the authorize URL, and resolves when it lands back with the code', async () => {
    const popup = fakePopup();
    const { window, calls } = fakeWindow(popup);
    const signIn = signInWithPopup(request, { window });
    expect(calls[0]?.slice(0, 2)).toEqual(['about:blank', '']);
    await expect.poll(() => popup.opened).toBeDefined();
    popup.land(`https://app.example/#code=1.code&state=${stateOf(popup.opened)}&client_info=ci`);
    const result = await signIn;
    expect(result).toMatchObject({ code: '1.code', clientInfo: 'ci', redirectUri: 'https://app.example' });
    expect(popup.closed).toBe(true);
  });

  it('rejects with popup_blocked when the browser opens no window', async () => {
    const error = await signInWithPopup(request, { window: fakeWindow(null).window }).catch(
      (e: unknown) => e,
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).errorResponse.error).toBe('popup_blocked');
    expect((error as Error).message).toContain('use loginStyle "redirect"');
  });

  it('opens nothing for an aborted signal or a bad timeout', async () => {
    const { window, calls } = fakeWindow(fakePopup());
    const controller = new AbortController();
    controller.abort();
    await expect(signInWithPopup(request, { window, abortSignal: controller.signal })).rejects.toSatisfy(
      (e) => AbortError.isInstance(e),
    );
    await expect(signInWithPopup(request, { window, timeoutInMs: -1 })).rejects.toSatisfy((e) =>
      InvalidArgumentError.isInstance(e),
    );
    expect(calls).toEqual([]);
  });

  it('closes the pop-up when the request turns out invalid', async () => {
    const popup = fakePopup();
    await expect(
      signInWithPopup({ ...request, tenantId: '../x' }, { window: fakeWindow(popup).window }),
    ).rejects.toSatisfy((e) => InvalidArgumentError.isInstance(e));
    expect(popup.closed).toBe(true);
  });
});

describe('waitForPopupResponse', () => {
  const watch = {
    state: 'popup.mine',
    credentialName: 'InteractiveBrowserCredential',
    timeoutInMs: 10_000,
    origin: 'https://app.example',
  };

  it('takes the answer its redirect page forwards, ignoring answers of other sign-ins', async () => {
    const wait = waitForPopupResponse(fakePopup(), watch);
    const sender = new BroadcastChannel(SIGN_IN_CHANNEL);
    channels.push(sender);
    sender.postMessage({ state: 'popup.other', response: 'code=theirs&state=popup.other' });
    sender.postMessage({ state: 'popup.mine', response: 'code=mine&state=popup.mine' });
    await expect(wait).resolves.toEqual({ code: 'mine' });
  });

  it('ignores the pop-up’s address on another origin, and on the app’s origin without an answer', async () => {
    const popup = fakePopup();
    const wait = waitForPopupResponse(popup, watch);
    popup.land('https://login.example/#code=elsewhere&state=popup.mine');
    await new Promise((resolve) => setTimeout(resolve, 120));
    popup.land('https://app.example/loading');
    await new Promise((resolve) => setTimeout(resolve, 120));
    popup.land('https://app.example/?code=here&state=popup.mine');
    await expect(wait).resolves.toEqual({ code: 'here' });
  });

  it('rejects with state_mismatch for an answer on the app’s origin carrying another state', async () => {
    const popup = fakePopup();
    const wait = waitForPopupResponse(popup, watch);
    popup.land('https://app.example/#code=x&state=popup.someone-else');
    await expect(wait).rejects.toSatisfy(
      (e) => AuthenticationError.isInstance(e) && e.errorResponse.error === 'state_mismatch',
    );
  });

  it('rejects with user_cancelled once the pop-up has stayed closed for a moment', async () => {
    const popup = fakePopup();
    const wait = waitForPopupResponse(popup, watch);
    popup.close();
    await expect(wait).rejects.toSatisfy(
      (e) => AuthenticationError.isInstance(e) && e.errorResponse.error === 'user_cancelled',
    );
  });

  it('still takes an answer forwarded just after the pop-up closed itself', async () => {
    const popup = fakePopup();
    const wait = waitForPopupResponse(popup, watch);
    popup.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sender = new BroadcastChannel(SIGN_IN_CHANNEL);
    channels.push(sender);
    sender.postMessage({ state: 'popup.mine', response: 'code=late&state=popup.mine' });
    await expect(wait).resolves.toEqual({ code: 'late' });
  });

  it('times out', async () => {
    await expect(waitForPopupResponse(fakePopup(), { ...watch, timeoutInMs: 100 })).rejects.toSatisfy(
      (e) => AuthenticationError.isInstance(e) && e.code === 'AUTHENTICATION_REQUEST_TIMEOUT',
    );
  });
});
