// DeviceCodeCredential.close() and `await using`: polling stops (the emulator hears no poll after close), the
// waiting call ends with an AbortError, the credential is closed for good, and only the cache it made is closed.
import { AbortError, CredentialUnavailableError, TokenCache, useIdentityPlugin } from '@identity/core';
import { DEVICE_CODE_GRANT_TYPE, type Emulator, startEmulator } from '@identity/emulator';
import { guideAnchors, messageProblems } from '@identity/tooling/test-guide';
import { type ManualClock, manualClock, settleOnClock, testSecret } from '@identity/tooling/test-world';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeviceCodeCredential } from './device-code-credential.js';
import type { DeviceCodeCredentialOptions } from './device-code-credential-options.js';

const GRAPH = 'https://graph.microsoft.com/User.Read';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
afterEach(() => emulator.faults.clear());

/** A token cache that counts its close() calls, as a persistent cache flushes its writes there. */
class ClosableCache extends TokenCache {
  closes = 0;
  async close(): Promise<void> {
    this.closes++;
  }
}

// A user who never types the code: the credential polls until it is stopped.
function setup(options: DeviceCodeCredentialOptions = {}) {
  const app = emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
  emulator.faults.add({ route: 'token', grantType: DEVICE_CODE_GRANT_TYPE, error: 'authorization_pending' });
  const clock = manualClock(Date.now());
  const credential = new DeviceCodeCredential({
    clientId: app.clientId,
    authorityHost: emulator.url,
    clock,
    userPromptCallback: () => {},
    ...options,
  });
  return { clock, credential };
}

const polls = () => emulator.requests.filter((r) => r.route === 'token').length;

/** Waits until the credential is between two polls, `count` polls in. */
async function polling(clock: ManualClock, count: number): Promise<void> {
  const before = polls();
  for (let i = 0; i < count; i++) {
    await vi.waitFor(() => expect(clock.pendingSleeps).toEqual([5000]));
    await clock.advance(5000);
  }
  await vi.waitFor(() => expect(clock.pendingSleeps).toEqual([5000]));
  expect(polls() - before).toBe(count);
}

describe('DeviceCodeCredential.close()', () => {
  it('stops polling: the waiting call rejects with an AbortError and the emulator hears no poll after close', async () => {
    const { clock, credential } = setup();
    const before = polls();
    const call = credential.getToken(GRAPH).catch((e: unknown) => e);
    await polling(clock, 2);
    await credential.close();
    expect(AbortError.isInstance(await call)).toBe(true);
    await clock.advance(10 * 60_000);
    expect(clock.pendingSleeps).toEqual([]);
    expect(polls() - before).toBe(2);
  });

  it('is final: getToken and authenticate reject with a CredentialUnavailableError and send nothing', async () => {
    const { credential } = setup();
    await credential.close();
    const before = emulator.requests.length;
    const calls = [credential.getToken(GRAPH), credential.authenticate(GRAPH)].map((c) =>
      c.catch((e: unknown) => e),
    );
    for (const call of calls) {
      const error = (await call) as CredentialUnavailableError;
      expect(CredentialUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toContain('DeviceCodeCredential is closed');
      expect(messageProblems(error.message, guideAnchors())).toEqual([]);
    }
    expect(emulator.requests.length).toBe(before);
  });

  it('is idempotent: every close returns the same promise', async () => {
    const { clock, credential } = setup();
    const call = credential.getToken(GRAPH).catch((e: unknown) => e);
    await polling(clock, 1);
    const first = credential.close();
    expect(credential.close()).toBe(first);
    await first;
    expect(credential.close()).toBe(first);
    expect(AbortError.isInstance(await call)).toBe(true);
  });

  it('closes at the end of an `await using` block', async () => {
    const { clock, credential: made } = setup();
    const before = polls();
    let call: Promise<unknown> = Promise.resolve();
    {
      await using credential = made;
      call = credential.getToken(GRAPH).catch((e: unknown) => e);
      await polling(clock, 1);
    }
    expect(AbortError.isInstance(await call)).toBe(true);
    await clock.advance(60_000);
    expect(polls() - before).toBe(1);
  });

  it('closes the cache it made from tokenCachePersistenceOptions, never a tokenCache the app passed in', async () => {
    const made = new ClosableCache();
    useIdentityPlugin((context) => context.cachePluginControl.setPersistence(() => made));
    const own = setup({ tokenCachePersistenceOptions: { enabled: true } }).credential;
    await own.close();
    await own.close();
    expect(made.closes).toBe(1);

    const passed = new ClosableCache();
    await setup({ tokenCache: passed }).credential.close();
    expect(passed.closes).toBe(0);
  });
});

// Closing a credential after its sign-in takes nothing from the app or from the next credential.
describe('DeviceCodeCredential.close() after a sign-in', () => {
  it('leaves the token it got usable by the app, and a new credential signs in again', async () => {
    const app = emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
    const { username } = emulator.registerUser({
      username: `ada.${app.clientId}@contoso.example`,
      password: testSecret('password'),
    });
    const clock = manualClock(Date.now());
    const make = () =>
      new DeviceCodeCredential({
        clientId: app.clientId,
        authorityHost: emulator.url,
        clock,
        userPromptCallback: (info) => emulator.approveDeviceCode(info.userCode, username),
      });
    const first = make();
    const { value } = await settleOnClock(clock, first.getToken(GRAPH));
    await first.close();
    expect(value?.token).toBeTruthy();
    const again = await settleOnClock(clock, make().getToken(GRAPH));
    expect(again.value?.token).toBeTruthy();
  });
});
