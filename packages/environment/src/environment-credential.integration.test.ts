// End to end against the emulator: each flavour gets a real token, and a wrong secret stops a chain.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, ChainedTokenCredential } from '@identity/core';
import { type Emulator, startEmulator } from '@identity/emulator';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { certificateFile } from '../test/environment-test-support.js';
import { EnvironmentCredential } from './environment-credential.js';

const SCOPE = 'https://vault.azure.net/.default';

describe('EnvironmentCredential against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it('gets a token with a client secret', async () => {
    const app = emulator.registerApp({});
    const credential = new EnvironmentCredential({
      env: {
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_SECRET: app.clientSecret,
        AZURE_AUTHORITY_HOST: emulator.url,
      },
    });
    const { token } = await credential.getToken(SCOPE);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ appid: app.clientId, appidacr: '1' });
  });

  it('gets a token with a certificate file', async () => {
    const certificate = certificateFile();
    const app = emulator.registerApp({ certificates: [certificate.pem] });
    const credential = new EnvironmentCredential({
      env: {
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_CERTIFICATE_PATH: certificate.path,
        AZURE_AUTHORITY_HOST: emulator.url,
      },
    });
    expect(credential.selectedCredential).toBe('ClientCertificateCredential');
    const { token } = await credential.getToken(SCOPE);
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ appid: app.clientId, appidacr: '2' });
  });

  it('gets a delegated token with a username and password', async () => {
    const app = emulator.registerApp({ publicClient: true });
    const password = testSecret('password');
    const user = emulator.registerUser({ username: 'ada@contoso.example', password });
    const credential = new EnvironmentCredential({
      env: {
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_USERNAME: user.username,
        AZURE_PASSWORD: password,
        AZURE_AUTHORITY_HOST: emulator.url,
      },
    });
    const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
    expect(await emulator.verifyAccessToken(token)).toMatchObject({ idtyp: 'user', oid: user.objectId });
  });

  it('stops a chain with an AuthenticationError when the secret is wrong', async () => {
    const app = emulator.registerApp({});
    const wrong = testSecret('wrong-secret');
    const next = {
      getToken: vi.fn(async () => ({ token: 'next', expiresOnTimestamp: Date.now() + 3600_000 })),
    };
    const chain = new ChainedTokenCredential(
      new EnvironmentCredential({
        env: {
          AZURE_TENANT_ID: app.tenantId,
          AZURE_CLIENT_ID: app.clientId,
          AZURE_CLIENT_SECRET: wrong,
          AZURE_AUTHORITY_HOST: emulator.url,
        },
      }),
      next,
    );
    const error = await chain.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.errorResponse.errorCodes).toEqual([7000215]);
    expect(error.message).not.toContain(wrong);
    expect(next.getToken).not.toHaveBeenCalled();
  });

  it('stops a chain when the certificate file is missing', async () => {
    const app = emulator.registerApp({});
    const next = {
      getToken: vi.fn(async () => ({ token: 'next', expiresOnTimestamp: Date.now() + 3600_000 })),
    };
    const chain = new ChainedTokenCredential(
      new EnvironmentCredential({
        env: {
          AZURE_TENANT_ID: app.tenantId,
          AZURE_CLIENT_ID: app.clientId,
          AZURE_CLIENT_CERTIFICATE_PATH: join(tmpdir(), 'no-such-cert', 'app.pem'),
          AZURE_AUTHORITY_HOST: emulator.url,
        },
      }),
      next,
    );
    const error = await chain.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(next.getToken).not.toHaveBeenCalled();
  });

  it('lets a chain move on when nothing is configured', async () => {
    const next = {
      getToken: vi.fn(async () => ({ token: 'next', expiresOnTimestamp: Date.now() + 3600_000 })),
    };
    const chain = new ChainedTokenCredential(new EnvironmentCredential({ env: {} }), next);
    await expect(chain.getToken(SCOPE)).resolves.toMatchObject({ token: 'next' });
  });
});
