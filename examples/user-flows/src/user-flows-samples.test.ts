// The samples, run against the emulator: the test plays the user, approving each device code the sample shows.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceCodeCredentialOptions } from '@identity/device-code';
import { type Emulator, startEmulator } from '@identity/emulator';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as authenticationRecord } from './user-flows-authentication-record.js';
import { main as deviceCode } from './user-flows-device-code.js';
import { main as interactionControl } from './user-flows-interaction-control.js';

let emulator: Emulator;
beforeAll(async () => {
  // Entra polls every 5 seconds; the samples' tests poll every second (the emulator's shortest interval).
  emulator = await startEmulator({ deviceCodeIntervalSeconds: 1 });
});
afterAll(() => emulator.stop());

// The samples' options, pointed at the emulator, with the test as the user at the device-code page.
function sampleOptions(): { options: DeviceCodeCredentialOptions; username: string; prompts: () => number } {
  const app = emulator.registerApp({ publicClient: true, adminConsent: true });
  const { username } = emulator.registerUser({
    username: `ada.${app.clientId}@contoso.example`,
    password: testSecret('password'),
  });
  let shown = 0;
  const options: DeviceCodeCredentialOptions = {
    tenantId: app.tenantId,
    clientId: app.clientId,
    authorityHost: emulator.url,
    userPromptCallback: (info) => {
      shown++;
      emulator.approveDeviceCode(info.userCode, username);
    },
  };
  return { options, username, prompts: () => shown };
}

describe('the user-flow samples of @azure/identity, on @identity packages', () => {
  it('device code: signs the user in and gets a token', async () => {
    const { options, username } = sampleOptions();
    const token = await deviceCode(options);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({
      upn: username,
      aud: 'https://vault.azure.net',
    });
  });

  it('authentication record: saves the record, reads it back, and the credential built from it is silent', async () => {
    const { options, username, prompts } = sampleOptions();
    const dir = temporaryFolder('user-flows-record');
    try {
      const recordPath = join(dir, 'authentication-record.json');
      const { record, token } = await authenticationRecord(options, recordPath);
      expect(record.username).toBe(username);
      expect(JSON.parse(readFileSync(recordPath, 'utf8'))).toMatchObject({ version: '1.0', username });
      expect(await emulator.verifyAccessToken(token)).toMatchObject({ upn: username });
      expect(prompts()).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('user interaction control: getToken never prompts; the app signs in again when it is told to', async () => {
    const { options, username, prompts } = sampleOptions();
    const used = await interactionControl(options, async () => {
      // After the first call, an administrator revokes the user's sessions: the next scope needs a new sign-in.
      emulator.revokeRefreshTokens(username);
    });
    expect(used).toEqual(['https://vault.azure.net/.default', 'https://storage.azure.com/.default']);
    expect(prompts()).toBe(2);
  });
});
