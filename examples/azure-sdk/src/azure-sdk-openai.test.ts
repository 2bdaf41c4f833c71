// openai's AzureOpenAI, unchanged, with `azureADTokenProvider: getBearerTokenProvider(credential, scope)`,
// against a resource that verifies each bearer token's signature with the emulator's published keys. The
// emulator is the run's, started by `@identity/emulator/vitest` (see vitest.config.ts).
import { ClientSecretCredential } from '@identity/client-secret';
import { getBearerTokenProvider } from '@identity/core';
import { type Emulator, startEmulator } from '@identity/emulator';
// Types inject('identityEmulator').
import type {} from '@identity/emulator/vitest';
import { AuthenticationError, AzureOpenAI } from 'openai';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COGNITIVE_SERVICES, type OpenAiServer, startOpenAiServer } from './azure-sdk-openai-server.js';

const emulator = inject('identityEmulator');
let server: OpenAiServer;

beforeAll(async () => {
  server = await startOpenAiServer({ authorityHost: emulator.url, tenantId: emulator.tenantId });
});
afterAll(() => server?.stop());

function client(
  credential: Parameters<typeof getBearerTokenProvider>[0],
  scope = `${COGNITIVE_SERVICES}/.default`,
) {
  return new AzureOpenAI({
    endpoint: server.endpoint,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o-mini',
    azureADTokenProvider: getBearerTokenProvider(credential, scope),
    maxRetries: 0,
  });
}

/** The run's app, from the variables the global setup provides. */
function runCredential() {
  const { AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST } = emulator.env;
  return new ClientSecretCredential(AZURE_TENANT_ID!, AZURE_CLIENT_ID!, AZURE_CLIENT_SECRET!, {
    authorityHost: AZURE_AUTHORITY_HOST,
  });
}

describe('AzureOpenAI with azureADTokenProvider', () => {
  it('completes a chat on a token whose signature, issuer and audience the resource verified', async () => {
    const completion = await client(runCredential()).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'ping' }],
    });
    expect(completion.choices[0]?.message.content).toBe('You said: ping');
    expect(server.verified.at(-1)).toMatchObject({
      aud: COGNITIVE_SERVICES,
      iss: `https://sts.windows.net/${emulator.tenantId}/`,
      tid: emulator.tenantId,
      appid: emulator.app.clientId,
      ver: '1.0',
    });
  });

  it('is refused with a token signed by another key, even with the right issuer and audience', async () => {
    const impostor: Emulator = await startEmulator({ tenantId: emulator.tenantId });
    try {
      const app = impostor.registerApp();
      const credential = new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret!, {
        authorityHost: impostor.url,
      });
      const refusedBefore = server.refused.length;
      const chat = client(credential).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'ping' }],
      });
      await expect(chat).rejects.toBeInstanceOf(AuthenticationError);
      expect(server.refused.slice(refusedBefore)).toEqual([
        expect.stringMatching(/no applicable key found/i),
      ]);
    } finally {
      await impostor.stop();
    }
  });

  it('is refused with a token for another resource', async () => {
    const chat = client(runCredential(), 'https://vault.azure.net/.default').chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'ping' }],
    });
    await expect(chat).rejects.toMatchObject({ status: 401 });
    expect(server.refused.at(-1)).toMatch(/unexpected "aud" claim value/);
  });

  it('is refused with a token whose claims were changed after it was signed', async () => {
    const credential = runCredential();
    const tampering = {
      async getToken(scopes: string | string[]) {
        const token = await credential.getToken(scopes);
        const [header, payload, signature] = token.token.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['Admin'] })).toString('base64url');
        return { ...token, token: `${header}.${forged}.${signature}` };
      },
    };
    const chat = client(tampering).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'ping' }],
    });
    await expect(chat).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.refused.at(-1)).toMatch(/signature verification failed/);
  });
});
