import { describe, expect, it } from 'vitest';
import { postToken } from '../test/emulator-test-support.js';
import { emulatorGlobalSetup, type IdentityEmulatorContext } from './emulator-vitest.js';

/** Runs a global setup as vitest does and returns what it provided, and its teardown. */
async function runSetup(setup: ReturnType<typeof emulatorGlobalSetup>) {
  const provided = new Map<string, IdentityEmulatorContext>();
  const teardown = await setup({ provide: (key, value) => provided.set(key, value) });
  return { context: provided.get('identityEmulator')!, teardown };
}

describe('the vitest global setup', () => {
  it('provides the emulator, an app and its AZURE_* variables, and stops the emulator at teardown', async () => {
    const { context, teardown } = await runSetup(emulatorGlobalSetup());
    expect(context).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      tenantId: expect.any(String),
      app: expect.objectContaining({ clientId: expect.any(String), clientSecret: expect.any(String) }),
      env: {
        AZURE_AUTHORITY_HOST: context.url,
        AZURE_TENANT_ID: context.tenantId,
        AZURE_CLIENT_ID: context.app.clientId,
        AZURE_CLIENT_SECRET: context.app.clientSecret,
      },
      managedIdentityEnvironments: {},
    });
    // What vitest hands to test files must survive structured cloning.
    expect(structuredClone(context)).toEqual(context);
    const token = await postToken(context, context.tenantId, {
      grant_type: 'client_credentials',
      client_id: context.env.AZURE_CLIENT_ID!,
      client_secret: context.env.AZURE_CLIENT_SECRET!,
      scope: 'https://vault.azure.net/.default',
    });
    expect(token.status).toBe(200);

    await teardown();
    await expect(
      fetch(`${context.url}/${context.tenantId}/v2.0/.well-known/openid-configuration`),
    ).rejects.toThrow();
  });

  it("uses the configuration's first app and managed identities, and serves HTTPS when asked", async () => {
    const { context, teardown } = await runSetup(
      emulatorGlobalSetup({
        https: true,
        config: {
          apps: [{ clientId: 'reports-app', clientSecret: 'reports-secret' }, { clientId: 'second' }],
          managedIdentities: [{ systemAssigned: true }],
        },
      }),
    );
    try {
      expect(context.url).toMatch(/^https:\/\/localhost:\d+$/);
      expect(context.caCertificate).toContain('-----BEGIN CERTIFICATE-----');
      expect(context.env).toMatchObject({
        AZURE_CLIENT_ID: 'reports-app',
        AZURE_CLIENT_SECRET: 'reports-secret',
      });
      expect(Object.keys(context.managedIdentityEnvironments)).toContain('ServiceFabric');
      expect(context.managedIdentityEnvironments.AppService).toEqual({
        IDENTITY_ENDPOINT: expect.stringContaining(context.url),
        IDENTITY_HEADER: expect.any(String),
      });
      expect(context.arcTokenDirectory).toEqual(expect.any(String));
    } finally {
      await teardown();
    }
  });
});
