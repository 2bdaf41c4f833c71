import { rmSync } from 'node:fs';
import { AggregateAuthenticationError, AuthenticationError } from '@identity/core';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { closedPort } from '@identity/tooling/test-closed-port';
import type { FakeToolbox } from '@identity/tooling/test-process';
import { fakeToolbox } from '@identity/tooling/test-process';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DefaultAzureCredential, getDefaultAzureCredential } from './default-azure-credential.js';
import { DEFAULT_CHAIN } from './default-azure-credential-members.js';

const SCOPE = 'https://vault.azure.net/.default';
// The members a chain holds unless asked for more (those excluded by default, which the members spec names, are out).
const BY_DEFAULT = DEFAULT_CHAIN.filter((member) => !member.excludedByDefault).map((member) => member.name);

let DEAD_IMDS: string;

// The real members, end to end: the Entra ID emulator over loopback HTTP, no developer tool on PATH (an empty
// folder), and IMDS pointed at a closed port.
describe('DefaultAzureCredential with its real members', () => {
  let emulator: Emulator;
  let nothing: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    DEAD_IMDS = `http://127.0.0.1:${await closedPort()}`;
    nothing = temporaryFolder('no-tools');
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(nothing, { recursive: true, force: true });
  });

  const bareEnv = () => ({ PATH: nothing, HOME: nothing, AZURE_POD_IDENTITY_AUTHORITY_HOST: DEAD_IMDS });

  it('gets a token from the environment when AZURE_* name a service principal', async () => {
    const app = emulator.registerApp({ roles: ['Secrets.Read'] });
    const credential = new DefaultAzureCredential({
      env: {
        ...bareEnv(),
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_SECRET: app.clientSecret as string,
        AZURE_AUTHORITY_HOST: emulator.url,
      },
    });
    const token = await credential.getToken(SCOPE);
    const claims = await emulator.verifyAccessToken(token.token);
    expect(claims).toMatchObject({
      aud: 'https://vault.azure.net',
      appid: app.clientId,
      roles: ['Secrets.Read'],
    });
    expect(credential.selectedCredentialName).toBe('EnvironmentCredential');
  });

  it('stops with an AuthenticationError on a wrong secret instead of trying another identity', async () => {
    const app = emulator.registerApp({});
    const wrong = testSecret('wrong-secret');
    const before = emulator.requestCount();
    const credential = new DefaultAzureCredential({
      env: {
        ...bareEnv(),
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_SECRET: wrong,
        AZURE_AUTHORITY_HOST: emulator.url,
      },
    });
    const error = await credential.getToken(SCOPE).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(AggregateAuthenticationError.isInstance(error)).toBe(false);
    expect((error as AuthenticationError).statusCode).toBe(401);
    expect((error as Error).message).not.toContain(wrong);
    expect(credential.selectedCredentialName).toBeUndefined();
    // Only the one token request of the environment member was made.
    expect(emulator.requestCount() - before).toBe(1);
  });

  it('fails fast when nothing is available (IMDS refused, no tools), listing every member it holds', async () => {
    const credential = new DefaultAzureCredential({ env: bareEnv() });
    const started = performance.now();
    const error = await credential.getToken(SCOPE).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    console.info(`default chain, nothing available, IMDS refused: rejected in ${elapsed.toFixed(0)} ms`);
    expect(AggregateAuthenticationError.isInstance(error)).toBe(true);
    // In practice tens of milliseconds; the bound is generous for a loaded machine.
    expect(elapsed).toBeLessThan(3000);
    const lines = (error as Error).message.split('\n').slice(2);
    // Every member but those out unless asked for: VisualStudioCodeCredential (not built here) and the browser
    // sign-in.
    expect(lines.map((line) => line.match(/^ {2}- (\w+)/)?.[1])).toEqual(BY_DEFAULT);
  });

  it('names the one credential to use through AZURE_TOKEN_CREDENTIALS', async () => {
    const credential = new DefaultAzureCredential({
      env: { ...bareEnv(), AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential' },
    });
    const error = (await credential.getToken(SCOPE).catch((e: unknown) => e)) as AggregateAuthenticationError;
    expect(error.errors).toHaveLength(1);
    expect(error.message).toMatch(/- AzureCliCredential: Azure CLI is not installed/);
  });

  describe('with a signed-in Azure CLI', () => {
    let tools: FakeToolbox;
    beforeEach(() => {
      tools = fakeToolbox();
    });
    afterEach(() => tools.remove());

    it('falls through to the Azure CLI and remembers it', async () => {
      const token = testSecret('az-token');
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      tools.add(
        'az',
        `cat <<'JSON'\n${JSON.stringify({ accessToken: token, expires_on: expiresOn, tokenType: 'Bearer' })}\nJSON`,
      );
      const credential = new DefaultAzureCredential({
        env: { ...tools.env(), AZURE_POD_IDENTITY_AUTHORITY_HOST: DEAD_IMDS },
      });
      await expect(credential.getToken(SCOPE)).resolves.toMatchObject({ token });
      expect(credential.selectedCredentialName).toBe('AzureCliCredential');
      await credential.getToken(SCOPE);
      // The second call was served by the remembered member's cache: az ran once.
      expect(tools.calls()).toHaveLength(1);
    });
  });
});

describe('getDefaultAzureCredential', () => {
  it('returns one shared DefaultAzureCredential per process', () => {
    const first = getDefaultAzureCredential();
    expect(first).toBeInstanceOf(DefaultAzureCredential);
    expect(getDefaultAzureCredential()).toBe(first);
  });
});
