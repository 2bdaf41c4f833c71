import {
  AbortError,
  AuthenticationError,
  AuthenticationRequiredError,
  deserializeAuthenticationRecord,
  InvalidArgumentError,
  serializeAuthenticationRecord,
} from '@identity/core';
import { DEVICE_CODE_GRANT_TYPE, type Emulator, startEmulator } from '@identity/emulator';
import {
  jsonResponse,
  type ManualClock,
  manualClock,
  scriptedFetch,
  settleOnClock,
  testSecret,
} from '@identity/tooling/test-world';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeviceCodeCredential } from './device-code-credential.js';
import type { DeviceCodeCredentialOptions, DeviceCodeInfo } from './device-code-credential-options.js';

const GRAPH = 'https://graph.microsoft.com/User.Read';
const VAULT = 'https://vault.azure.net/user_impersonation';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
afterEach(() => emulator.faults.clear());

// A public client app (consented for every delegated scope) and one of its users, with the test playing the user:
// `approve` signs in when the code is shown, `decline` refuses, `ignore` does nothing.
function setup(user: 'approve' | 'decline' | 'ignore' = 'approve', target: Emulator = emulator) {
  const app = target.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
  const { username } = target.registerUser({
    username: `ada.${app.clientId}@contoso.example`,
    password: testSecret('password'),
  });
  const prompts: DeviceCodeInfo[] = [];
  const clock = manualClock(Date.now());
  const credential = (options: DeviceCodeCredentialOptions = {}) =>
    new DeviceCodeCredential({
      clientId: app.clientId,
      authorityHost: target.url,
      clock,
      userPromptCallback: (info) => {
        prompts.push(info);
        if (user === 'approve') target.approveDeviceCode(info.userCode, username);
        if (user === 'decline') target.declineDeviceCode(info.userCode);
      },
      ...options,
    });
  return { app, username, prompts, clock, credential };
}

// Requests of one kind so far, to count what a call sent. (A request a fault answers is recorded without its grant
// type: count a sign-in's polls as its token requests.)
const counter = (route: 'devicecode' | 'token', grantType?: string, target = emulator) => {
  const count = () =>
    target.requests.filter((r) => r.route === route && (!grantType || r.grantType === grantType)).length;
  const start = count();
  return () => count() - start;
};

// Runs a call on the manual clock, moving time on by each wait the call asks for.
const run = <T>(clock: ManualClock, call: Promise<T>) => settleOnClock(clock, call);

describe('DeviceCodeCredential against the emulator', () => {
  it('shows the code, polls at the interval until the user has signed in, and returns their token', async () => {
    const { username, prompts, clock, credential } = setup();
    const polls = counter('token', DEVICE_CODE_GRANT_TYPE);
    const started = clock.now();
    const { value, waits } = await run(clock, credential().getToken(GRAPH));
    expect(await emulator.verifyAccessToken(value?.token ?? '')).toMatchObject({
      aud: 'https://graph.microsoft.com',
      upn: username,
    });
    expect(prompts).toHaveLength(1);
    const [info] = prompts;
    expect(info?.verificationUri).toBe(`${emulator.url}/devicelogin`);
    expect(info?.message).toContain(info?.userCode);
    expect(info?.message).toContain(info?.verificationUri);
    expect(info?.expiresOnTimestamp).toBe(started + 900_000);
    // Entra's interval is 5 seconds: the first poll waits for it.
    expect(waits).toEqual([5000]);
    expect(polls()).toBe(1);
  });

  it('keeps polling through authorization_pending', async () => {
    const { clock, credential } = setup();
    emulator.faults.add({
      route: 'token',
      grantType: DEVICE_CODE_GRANT_TYPE,
      error: 'authorization_pending',
      times: 2,
    });
    const polls = counter('token');
    const { value, waits } = await run(clock, credential().getToken(GRAPH));
    expect(value?.token).toBeTruthy();
    expect(waits).toEqual([5000, 5000, 5000]);
    expect(polls()).toBe(3);
  });

  it('slows down by 5 seconds for good on slow_down, and keeps polling (RFC 8628)', async () => {
    const { clock, credential } = setup();
    emulator.faults.add({ route: 'token', grantType: DEVICE_CODE_GRANT_TYPE, error: 'slow_down', times: 2 });
    const { value, waits } = await run(clock, credential().getToken(GRAPH));
    expect(value?.token).toBeTruthy();
    expect(waits).toEqual([5000, 10_000, 15_000]);
  });

  it("ends with Entra's typed error when the user declines, and polls no more", async () => {
    const { clock, credential } = setup('decline');
    const polls = counter('token');
    const { error } = await run(clock, credential().getToken(GRAPH));
    expect(polls()).toBe(1);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'AUTHENTICATION_FAILED',
      errorResponse: { error: 'authorization_declined', errorCodes: [65004] },
    });
    expect((error as Error).message).toMatch(
      /^DeviceCodeCredential failed \(HTTP 400\): authorization_declined - AADSTS65004.*#entra-error-codes$/,
    );
  });

  it("ends with Entra's typed error when Entra says the code expired (expired_token)", async () => {
    const { clock, credential } = setup('ignore');
    emulator.faults.add({ route: 'token', grantType: DEVICE_CODE_GRANT_TYPE, error: 'expired_token' });
    const { error } = await run(clock, credential().getToken(GRAPH));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ errorResponse: { error: 'expired_token', errorCodes: [70020] } });
    expect((error as Error).message).toMatch(/AADSTS70020.*#entra-error-codes$/);
  });

  it('stops when expires_in has passed, without another poll', async () => {
    const short = await startEmulator({ deviceCodeLifetimeSeconds: 12 });
    try {
      const { clock, credential } = setup('ignore', short);
      const polls = counter('token', DEVICE_CODE_GRANT_TYPE, short);
      const { error, waits } = await run(clock, credential().getToken(GRAPH));
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'AUTHENTICATION_REQUEST_TIMEOUT',
        errorResponse: { error: 'expired_token' },
      });
      expect((error as Error).message).toMatch(/for a new code\. .*#device-code-credential$/);
      // Polls at 5 and 10 seconds hear authorization_pending; the code dies 2 seconds later.
      expect(waits).toEqual([5000, 5000, 2000]);
      expect(polls()).toBe(2);
    } finally {
      await short.stop();
    }
  });

  it('stops at once on abort, and sends nothing more', async () => {
    const { clock, credential } = setup('ignore');
    emulator.faults.add({
      route: 'token',
      grantType: DEVICE_CODE_GRANT_TYPE,
      error: 'authorization_pending',
    });
    const controller = new AbortController();
    const polls = counter('token');
    const call = credential().getToken(GRAPH, { abortSignal: controller.signal });
    await vi.waitFor(() => expect(clock.pendingSleeps).toEqual([5000]));
    await clock.advance(5000);
    await vi.waitFor(() => expect(clock.pendingSleeps).toEqual([5000]));
    expect(polls()).toBe(1);
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
    await clock.advance(60_000);
    expect(polls()).toBe(1);
  });

  it('gets a token for a second scope silently: one refresh request, no code shown', async () => {
    const { prompts, clock, credential } = setup();
    const device = credential();
    await run(clock, device.getToken(GRAPH));
    const refreshes = counter('token', 'refresh_token');
    const codes = counter('devicecode');
    const { value } = await run(clock, device.getToken(VAULT));
    expect(await emulator.verifyAccessToken(value?.token ?? '')).toMatchObject({
      aud: 'https://vault.azure.net',
    });
    expect(refreshes()).toBe(1);
    expect(codes()).toBe(0);
    expect(prompts).toHaveLength(1);
  });

  it('authenticate() returns the record; a credential with it and disableAutomaticAuthentication asks for no code', async () => {
    const { app, username, clock, credential } = setup();
    const { value: record } = await run(clock, credential().authenticate(GRAPH));
    expect(record).toMatchObject({ clientId: app.clientId, username, authority: new URL(emulator.url).host });
    const saved = serializeAuthenticationRecord(record as NonNullable<typeof record>);

    const codes = counter('devicecode');
    const restored = credential({
      authenticationRecord: deserializeAuthenticationRecord(saved),
      disableAutomaticAuthentication: true,
    });
    const { error } = await run(clock, restored.getToken(GRAPH));
    expect(AuthenticationRequiredError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ scopes: [GRAPH] });
    expect(codes()).toBe(0);
  });
});

describe('DeviceCodeCredential requests', () => {
  const deviceCode = testSecret('device-code');
  const answer = {
    device_code: deviceCode,
    user_code: 'ABCD2345',
    verification_uri: 'https://microsoft.com/devicelogin',
    expires_in: 900,
    interval: 5,
    message: 'To sign in, open https://microsoft.com/devicelogin and enter ABCD2345.',
  };

  it("asks for a device code with @azure/identity's defaults: the development app at organizations, and prints Entra's message to stderr", async () => {
    const { fetch, requests } = scriptedFetch(
      () => jsonResponse(answer),
      () =>
        jsonResponse({ error: 'authorization_declined', error_description: 'AADSTS65004: declined.' }, 400),
    );
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const clock = manualClock();
    await run(clock, new DeviceCodeCredential({ fetch, clock }).getToken(GRAPH));
    expect(printed).toHaveBeenCalledWith(answer.message);
    printed.mockRestore();
    expect(requests[0]?.url).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode');
    expect(Object.fromEntries(new URLSearchParams(requests[0]?.body))).toEqual({
      client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      scope: `${GRAPH} openid profile offline_access`,
    });
    expect(Object.fromEntries(new URLSearchParams(requests[1]?.body))).toMatchObject({
      grant_type: DEVICE_CODE_GRANT_TYPE,
      device_code: deviceCode,
      client_info: '1',
    });
  });

  // The device-code answer as a server writes it (JSON numbers such as 1e400, which parse as Infinity).
  const rawAnswer = (interval: string, expiresIn = '900') =>
    new Response(
      `{"device_code":"${deviceCode}","user_code":"ABCD2345","verification_uri":"https://microsoft.com/devicelogin","expires_in":${expiresIn},"interval":${interval}}`,
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  const pending = () => jsonResponse({ error: 'authorization_pending' }, 400);
  const declined = () => jsonResponse({ error: 'authorization_declined' }, 400);

  it.each([
    ['0.0001', 1000],
    ['0', 5000],
    ['-3', 5000],
    ['"soon"', 5000],
    ['86400', 60_000],
    ['1e400', 60_000],
  ])('polls at an interval held between 1 and 60 seconds: %s asked, every %i ms', async (interval, every) => {
    const { fetch, requests } = scriptedFetch(() => rawAnswer(interval), pending, pending, declined);
    const clock = manualClock();
    const credential = new DeviceCodeCredential({ fetch, clock, userPromptCallback: () => {} });
    const { waits, error } = await run(clock, credential.getToken(GRAPH));
    expect(error).toMatchObject({ errorResponse: { error: 'authorization_declined' } });
    expect(waits).toEqual([every, every, every]);
    expect(requests).toHaveLength(4);
  });

  it('gives up after an hour at most, whatever expires_in the answer gives', async () => {
    const { fetch, requests } = scriptedFetch(() => rawAnswer('60', '1e400'), pending);
    const clock = manualClock();
    const credential = new DeviceCodeCredential({ fetch, clock, userPromptCallback: () => {} });
    const { waits, error } = await run(clock, credential.getToken(GRAPH));
    expect(error).toMatchObject({ code: 'AUTHENTICATION_REQUEST_TIMEOUT' });
    expect(waits.reduce((sum, wait) => sum + wait, 0)).toBe(3_600_000);
    // One device-code request, then a poll a minute until the hour is over.
    expect(requests).toHaveLength(60);
  });

  it("stops the sign-in at the caller's requestOptions.timeout, and sends nothing more", async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse(answer), pending, pending);
    const clock = manualClock();
    const credential = new DeviceCodeCredential({ fetch, clock, userPromptCallback: () => {} });
    // The manual clock does not move while the call waits: only the timeout can end it.
    const error = await credential.getToken(GRAPH, { requestOptions: { timeout: 20 } }).catch((e) => e);
    expect(error).toMatchObject({ name: 'NetworkError', code: 'REQUEST_TIMEOUT' });
    await clock.advance(60_000);
    expect(requests).toHaveLength(1);
    expect(clock.pendingSleeps).toEqual([]);
  });

  it('ends the sign-in with the error of a prompt that rejects, and polls no more', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse(answer), pending);
    const clock = manualClock();
    const failure = new Error('the window that shows the code is gone');
    const credential = new DeviceCodeCredential({
      fetch,
      clock,
      userPromptCallback: async () => {
        throw failure;
      },
    });
    const { error } = await run(clock, credential.getToken(GRAPH));
    expect(error).toBe(failure);
    expect(requests).toHaveLength(1);
  });

  it("prints the message without control characters, so a hostile server's escape sequences are inert text", async () => {
    const message =
      '\u001b]0;owned\u0007\u001b[2JTo sign in, open \u001b[8mhidden\u001b[0mhttps://microsoft.com/devicelogin\r\nand enter ABCD2345.\u009b';
    const { fetch } = scriptedFetch(() => jsonResponse({ ...answer, message }), declined);
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const clock = manualClock();
    await run(clock, new DeviceCodeCredential({ fetch, clock }).getToken(GRAPH));
    expect(printed).toHaveBeenCalledWith(
      ']0;owned[2JTo sign in, open [8mhidden[0mhttps://microsoft.com/devicelogin\nand enter ABCD2345.',
    );
    printed.mockRestore();
  });

  it('refuses an answer without the codes, without showing the device code', async () => {
    const { fetch } = scriptedFetch(() => jsonResponse({ ...answer, user_code: undefined }));
    const clock = manualClock();
    const { error } = await run(
      clock,
      new DeviceCodeCredential({ fetch, clock, userPromptCallback: () => {} }).getToken(GRAPH),
    );
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect((error as Error).message).not.toContain(deviceCode);
  });

  it('reports an unreachable authority as a network failure of the credential', async () => {
    const { fetch } = scriptedFetch(() => {
      throw new TypeError('fetch failed');
    });
    const clock = manualClock();
    const credential = new DeviceCodeCredential({ fetch, clock, retryOptions: { maxRetries: 0 } });
    const { error } = await run(clock, credential.getToken(GRAPH));
    expect(error).toMatchObject({ name: 'AuthenticationError', code: 'AUTHENTICATION_NETWORK_ERROR' });
    expect((error as Error).message).toMatch(/^DeviceCodeCredential failed: network_error.*#network$/);
  });

  it('refuses bad options at construction, before anything is sent', () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse(answer));
    expect(() => new DeviceCodeCredential({ fetch, tenantId: 'bad/tenant' })).toThrow(InvalidArgumentError);
    expect(() => new DeviceCodeCredential({ fetch, authorityHost: 'http://login.example.test' })).toThrow(
      /https/,
    );
    expect(
      () => new DeviceCodeCredential({ fetch, authenticationRecord: { username: 'ada' } as never }),
    ).toThrow(/DeviceCodeCredential: authenticationRecord is not an AuthenticationRecord/);
    expect(requests).toHaveLength(0);
  });
});
