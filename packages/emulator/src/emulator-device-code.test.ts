import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSignIn, formOf, TestBrowser, textOf } from '../test/emulator-sign-in-test-support.js';
import { claimsOf, postToken } from '../test/emulator-test-support.js';
import { DEVICE_CODE_GRANT_TYPE, MSAL_DEVICE_CODE_GRANT_TYPE } from './emulator-device-code.js';
import type { Emulator } from './emulator-server.js';
import { startEmulator } from './emulator-server.js';
import type { RegisteredApp } from './emulator-types.js';

let emulator: Emulator;
let clock = Date.now();
let app: RegisteredApp;
const ada = { username: 'ada@contoso.example', password: 'correct horse' };
const SCOPE = 'https://graph.microsoft.com/User.Read openid profile offline_access';

beforeAll(async () => {
  emulator = await startEmulator({ now: () => clock });
  app = emulator.registerApp({ publicClient: true, multiTenant: true, displayName: 'Azure CLI (emulated)' });
  emulator.registerUser(ada);
});
afterAll(() => emulator.stop());

interface DeviceCodeAnswer {
  device_code: string;
  user_code: string;
  verification_uri: string;
  expires_in: number;
  interval: number;
  message: string;
}

async function requestCode(
  form: Record<string, string> = {},
  tenant = 'organizations',
  target: Pick<Emulator, 'url'> = emulator,
): Promise<{ status: number; json: DeviceCodeAnswer & Record<string, unknown> }> {
  const response = await fetch(`${target.url}/${tenant}/oauth2/v2.0/devicecode`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: app.clientId, scope: SCOPE, ...form }).toString(),
  });
  return {
    status: response.status,
    json: (await response.json()) as DeviceCodeAnswer & Record<string, unknown>,
  };
}

const poll = (deviceCode: string, overrides: Record<string, string> = {}, tenant = 'organizations') =>
  postToken(emulator, tenant, {
    grant_type: DEVICE_CODE_GRANT_TYPE,
    client_id: app.clientId,
    device_code: deviceCode,
    client_info: '1',
    scope: SCOPE,
    ...overrides,
  });

async function enterCode(browser: TestBrowser, userCode: string) {
  return browser.submit(await browser.get(`${emulator.url}/devicelogin`), { user_code: userCode });
}

describe('the devicecode endpoint', () => {
  it('answers with the fields and wording Entra uses', async () => {
    const { status, json } = await requestCode();
    expect(status).toBe(200);
    expect(json).toEqual({
      device_code: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/),
      user_code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{9}$/),
      verification_uri: `${emulator.url}/devicelogin`,
      expires_in: 900,
      interval: 5,
      message: `To sign in, use a web browser to open the page ${emulator.url}/devicelogin and enter the code ${json.user_code} to authenticate.`,
    });
    expect(emulator.requests.at(-1)).toMatchObject({ route: 'devicecode', clientId: app.clientId });
  });

  it.each([
    ['no client_id', { client_id: '' }, 'invalid_request', 900144],
    ['no scope', { scope: '' }, 'invalid_request', 900144],
    ['an unknown app', { client_id: 'e0000000-0000-0000-0000-00000000000e' }, 'unauthorized_client', 700016],
  ])('refuses %s', async (_, form, error, code) => {
    const { status, json } = await requestCode(form);
    expect(status).toBe(400);
    expect(json).toMatchObject({ error, error_codes: [code] });
  });

  it('takes its lifetime and interval from the emulator options', async () => {
    const custom = await startEmulator({ deviceCodeLifetimeSeconds: 60, deviceCodeIntervalSeconds: 1 });
    try {
      custom.registerApp({ clientId: app.clientId, publicClient: true, multiTenant: true });
      const { json } = await requestCode({}, 'organizations', custom);
      expect(json).toMatchObject({ expires_in: 60, interval: 1 });
    } finally {
      await custom.stop();
    }
    await expect(startEmulator({ deviceCodeIntervalSeconds: 0 })).rejects.toThrow(
      /deviceCodeIntervalSeconds/,
    );
  });
});

describe('polling and the verification page', () => {
  it('answers authorization_pending (AADSTS70016) until the user signed in, then the tokens, once', async () => {
    const { json: code } = await requestCode();
    const pending = await poll(code.device_code);
    expect(pending.status).toBe(400);
    expect(pending.json).toMatchObject({ error: 'authorization_pending', error_codes: [70016] });

    const browser = new TestBrowser(emulator);
    const entry = await browser.get(`${emulator.url}/devicelogin`);
    expect(entry.html).toContain('<label for="user-code">');
    expect(entry.html).toContain('<input id="user-code" name="user_code"');
    const signInPage = await enterCode(browser, code.user_code.toLowerCase());
    expect(formOf(signInPage.html).fields.step).toBe('sign-in');
    const confirm = await browser.submit(signInPage, ada, 'sign-in');
    expect(textOf(confirm.html, 'title')).toBe('Are you trying to sign in to Azure CLI (emulated)?');
    const done = await completeSignIn(browser, confirm, ada);
    expect(textOf(done.html, 'done')).toBe(
      'You have signed in to the Azure CLI (emulated) application on your device. You may now close this window.',
    );

    const tokens = await poll(code.device_code);
    expect(tokens.status).toBe(200);
    expect(tokens.json).toMatchObject({
      token_type: 'Bearer',
      refresh_token: expect.any(String),
      client_info: expect.any(String),
    });
    expect(claimsOf(tokens.json.access_token)).toMatchObject({ tid: emulator.tenantId, upn: ada.username });
    expect(claimsOf(tokens.json.id_token).aud).toBe(app.clientId);
    const again = await poll(code.device_code);
    expect(again.json).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
    expect(
      emulator.requests.filter((r) => r.grantType === DEVICE_CODE_GRANT_TYPE).map((r) => r.status),
    ).toEqual([400, 200, 400]);
  });

  it('answers authorization_declined when the user cancels on the verification page', async () => {
    const { json: code } = await requestCode();
    const browser = new TestBrowser(emulator);
    const confirm = await browser.submit(await enterCode(browser, code.user_code), ada, 'sign-in');
    const declined = await browser.submit(confirm, {}, 'cancel');
    expect(textOf(declined.html, 'done')).toContain('You have declined to sign in');
    const answer = await poll(code.device_code);
    expect(answer.json).toMatchObject({ error: 'authorization_declined', error_codes: [65004] });
  });

  it('expires after its lifetime: expired_token (AADSTS70020) to the device, AADSTS70019 on the page', async () => {
    const { json: code } = await requestCode();
    clock += 900_000;
    const answer = await poll(code.device_code);
    expect(answer.json).toMatchObject({ error: 'expired_token', error_codes: [70020] });
    const page = await enterCode(new TestBrowser(emulator), code.user_code);
    expect(textOf(page.html, 'error')).toContain('AADSTS70019');
  });

  it('tells the user a code that was never issued (AADSTS70018) or is already used (AADSTS90120)', async () => {
    const browser = new TestBrowser(emulator);
    const wrong = await enterCode(browser, 'WRONGCODE');
    expect(wrong.status).toBe(400);
    expect(textOf(wrong.html, 'error')).toContain('AADSTS70018');
    const { json: code } = await requestCode();
    emulator.declineDeviceCode(code.user_code);
    expect(textOf((await enterCode(browser, code.user_code)).html, 'error')).toContain('AADSTS90120');
  });

  it('answers bad_verification_code for a device code it did not issue, or one issued to another client', async () => {
    expect((await poll('nope')).json).toMatchObject({ error: 'bad_verification_code', error_codes: [70018] });
    const { json: code } = await requestCode();
    const other = emulator.registerApp({ publicClient: true, multiTenant: true });
    expect((await poll(code.device_code, { client_id: other.clientId })).json.error).toBe(
      'bad_verification_code',
    );
    expect((await poll(code.device_code, {}, emulator.tenantId)).json).toMatchObject({
      error_codes: [700005],
    });
  });
});

describe('device-code polling faults and the test API', () => {
  it('can answer slow_down through fault injection, for the device-code grant only', async () => {
    const { json: code } = await requestCode();
    emulator.faults.add({ route: 'token', grantType: DEVICE_CODE_GRANT_TYPE, error: 'slow_down', times: 2 });
    const refresh = await postToken(emulator, emulator.tenantId, {
      grant_type: 'refresh_token',
      client_id: app.clientId,
      refresh_token: 'x',
    });
    expect(refresh.json.error).toBe('invalid_grant'); // not the device-code grant: the fault waits
    for (let i = 0; i < 2; i++) {
      const slow = await poll(code.device_code);
      expect(slow.status).toBe(400);
      expect(slow.json).toMatchObject({ error: 'slow_down', error_codes: [70016] });
    }
    expect((await poll(code.device_code)).json.error).toBe('authorization_pending');
  });

  it('approves a code for a user with approveDeviceCode, consent included', async () => {
    const { json: code } = await requestCode();
    emulator.approveDeviceCode(code.user_code, ada.username);
    const { status, json } = await poll(code.device_code);
    expect(status).toBe(200);
    expect(claimsOf(json.access_token).scp).toBe('User.Read');
    expect(() => emulator.approveDeviceCode(code.user_code, ada.username)).toThrow(/AADSTS90120/);
    const { json: next } = await requestCode();
    expect(() => emulator.approveDeviceCode(next.user_code, 'nobody@contoso.example')).toThrow(/No user/);
  });

  it("takes MSAL's short grant type, device_code, as Entra does (the peer and MSAL Python poll with it)", async () => {
    const { json: code } = await requestCode();
    const pending = await poll(code.device_code, { grant_type: MSAL_DEVICE_CODE_GRANT_TYPE });
    expect(pending.json).toMatchObject({ error: 'authorization_pending', error_codes: [70016] });
    emulator.approveDeviceCode(code.user_code, ada.username);
    const { status, json } = await poll(code.device_code, { grant_type: MSAL_DEVICE_CODE_GRANT_TYPE });
    expect(status).toBe(200);
    expect(claimsOf(json.access_token).upn).toBe(ada.username);
  });

  it('declines a code with declineDeviceCode', async () => {
    const { json: code } = await requestCode();
    emulator.declineDeviceCode(code.user_code);
    expect((await poll(code.device_code)).json.error).toBe('authorization_declined');
    expect(() => emulator.declineDeviceCode(code.user_code)).toThrow(/No pending device code/);
  });

  it('needs an app that allows public client flows, or the client’s secret (AADSTS7000218, AADSTS700025)', async () => {
    const confidential = emulator.registerApp({ multiTenant: true });
    const { json: code } = await requestCode({ client_id: confidential.clientId });
    emulator.approveDeviceCode(code.user_code, ada.username);
    const unauthenticated = await poll(code.device_code, { client_id: confidential.clientId });
    expect(unauthenticated.json).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
    const authenticated = await poll(code.device_code, {
      client_id: confidential.clientId,
      client_secret: confidential.clientSecret as string,
    });
    expect(authenticated.status).toBe(200);

    const { json: publicCode } = await requestCode();
    const withSecret = await poll(publicCode.device_code, { client_secret: 'x' });
    expect(withSecret.json).toMatchObject({ error: 'invalid_client', error_codes: [700025] });
  });
});
