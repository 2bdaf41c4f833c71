// @azure/storage-blob, unchanged, against Azurite with OAuth over HTTPS: our credentials get the tokens from
// the emulator and Azurite accepts them the way Azure Storage reads v1 tokens (issuer, audience, lifetime).
import { BlobServiceClient, getBlobServiceAccountAudience } from '@azure/storage-blob';
import { ClientSecretCredential } from '@identity/client-secret';
import type { AccessToken, GetTokenOptions } from '@identity/core';
import { DefaultAzureCredential } from '@identity/default';
import { createSelfSignedTls, decodeJwt, type Emulator, startEmulator } from '@identity/emulator';
import { ManagedIdentityCredential } from '@identity/managed-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURITE_ACCOUNT, type RunningAzurite, startAzurite } from './azure-sdk-azurite.js';
import { trustingPipeline } from './azure-sdk-storage-pipeline.js';

let emulator: Emulator;
let azurite: RunningAzurite;
let azuriteCa: string;

beforeAll(async () => {
  const tls = await createSelfSignedTls();
  azuriteCa = tls.certificate;
  [emulator, azurite] = await Promise.all([startEmulator(), startAzurite(tls)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([emulator?.stop(), azurite?.stop()]);
});

interface Credential {
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}

/** Passes a credential through, keeping the claims of every token it hands the SDK. */
function recording(credential: Credential) {
  const claims: Record<string, unknown>[] = [];
  return {
    claims,
    async getToken(scopes: string | string[], options?: GetTokenOptions) {
      const token = await credential.getToken(scopes, options);
      if (token) claims.push(decodeJwt(token.token).payload);
      return token;
    },
  };
}

let containers = 0;

/** Creates a container, uploads a blob and downloads it again, as an app would. */
async function roundTrip(credential: Credential, audience?: string) {
  const client = new BlobServiceClient(
    azurite.blobEndpoint,
    trustingPipeline(azuriteCa, credential, audience === undefined ? {} : { audience }),
  );
  const container = client.getContainerClient(`reports-${++containers}`);
  await container.create();
  const text = `quarterly numbers ${containers}`;
  await container.getBlockBlobClient('q1.txt').upload(text, Buffer.byteLength(text));
  const downloaded = await container.getBlobClient('q1.txt').downloadToBuffer();
  expect(downloaded.toString()).toBe(text);
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat()) names.push(blob.name);
  expect(names).toEqual(['q1.txt']);
}

describe('@azure/storage-blob against Azurite with OAuth', () => {
  it('works with ClientSecretCredential, on a v1 token for https://storage.azure.com', async () => {
    const app = emulator.registerApp();
    const credential = recording(
      new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret!, {
        authorityHost: emulator.url,
      }),
    );
    await roundTrip(credential);
    expect(credential.claims.length).toBeGreaterThan(0);
    expect(credential.claims[0]).toMatchObject({
      aud: 'https://storage.azure.com',
      iss: `https://sts.windows.net/${app.tenantId}/`,
      ver: '1.0',
      appid: app.clientId,
    });
  });

  it('works with DefaultAzureCredential configured by AZURE_* variables', async () => {
    const app = emulator.registerApp();
    const env = {
      AZURE_TENANT_ID: app.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_CLIENT_SECRET: app.clientSecret!,
      AZURE_AUTHORITY_HOST: emulator.url,
    };
    await roundTrip(new DefaultAzureCredential({ env }));
    expect(emulator.requests.filter((r) => r.route === 'token' && r.clientId === app.clientId)).toHaveLength(
      1,
    );
  });

  it.each(['IMDS', 'AppService'] as const)(
    'works with ManagedIdentityCredential against the emulated %s endpoint',
    async (source) => {
      const identity = emulator.managedIdentity.assign({ clientId: crypto.randomUUID() });
      const credential = recording(
        new ManagedIdentityCredential(identity.clientId, {
          env: emulator.managedIdentity.environment(source),
        }),
      );
      await roundTrip(credential);
      expect(credential.claims[0]).toMatchObject({
        aud: 'https://storage.azure.com',
        iss: `https://sts.windows.net/${identity.tenantId}/`,
        appid: identity.clientId,
        xms_mirid: identity.resourceId,
      });
    },
  );

  it('works with the account-scoped audience, and Azurite refuses it for another account', async () => {
    const app = emulator.registerApp();
    const credential = recording(
      new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret!, {
        authorityHost: emulator.url,
      }),
    );
    await roundTrip(credential, getBlobServiceAccountAudience(AZURITE_ACCOUNT));
    expect(credential.claims[0]).toMatchObject({
      aud: `https://${AZURITE_ACCOUNT}.blob.core.windows.net`,
      iss: `https://sts.windows.net/${app.tenantId}/`,
    });

    // Azurite does check: a token for another account's blob service is refused.
    await expect(roundTrip(credential, getBlobServiceAccountAudience('someoneelse'))).rejects.toMatchObject({
      statusCode: 403,
      code: 'AuthenticationFailed',
      details: { authenticationErrorDetail: 'Invalid token audience.' },
    });
  });
});
