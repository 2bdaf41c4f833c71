import { describe, expect, it } from 'vitest';
import { authorizeUrl, TestBrowser } from '../test/emulator-sign-in-test-support.js';
import { claimsOf } from '../test/emulator-test-support.js';
import { EmulatorConfigError, validateEmulatorConfig } from './emulator-config.js';
import { startEmulator } from './emulator-server.js';

describe('the configuration file', () => {
  it('accepts users, public clients with redirect URIs and CORS origins', () => {
    const config = {
      apps: [
        {
          clientId: 'console',
          publicClient: true,
          redirectUris: ['http://localhost'],
          spaRedirectUris: ['http://localhost:5173/'],
          multiTenant: true,
          adminConsent: false,
          refreshTokenLifetimeSeconds: 3600,
        },
      ],
      users: [
        {
          username: 'ada@contoso.example',
          password: 'pw',
          mfaRequired: true,
          guestTenants: ['fabrikam.example'],
        },
      ],
      corsOrigins: ['http://localhost:3000'],
    };
    expect(validateEmulatorConfig(config)).toBe(config);
  });

  it.each([
    [{ users: {} }, 'config.users must be an array.'],
    [{ users: [{ username: 'ada@contoso.example' }] }, 'config.users[0].password is required.'],
    [{ users: [{ username: 'a', password: 'p', role: 'x' }] }, "config.users[0] has an unknown field 'role'"],
    [
      { users: [{ username: 'a', password: 'p', mfaRequired: 'yes' }] },
      'config.users[0].mfaRequired must be true or false.',
    ],
    [
      { apps: [{ redirectUris: 'http://localhost' }] },
      'config.apps[0].redirectUris must be an array of non-empty strings.',
    ],
    [{ apps: [{ publicClient: 1 }] }, 'config.apps[0].publicClient must be true or false.'],
    [{ corsOrigins: 'http://localhost:3000' }, 'config.corsOrigins must be an array of non-empty strings.'],
    [
      { clients: [] },
      "config has an unknown field 'clients' (expected tenants, apps, users, managedIdentities, pipelines, consents, corsOrigins, hostNames, rejectAssertionReplay, deviceCodeLifetimeSeconds, deviceCodeIntervalSeconds).",
    ],
    [
      { apps: [{ accessTokenAcceptedVersion: '2' }] },
      'config.apps[0].accessTokenAcceptedVersion must be 1 or 2.',
    ],
    [
      { managedIdentities: [{ systemAssigned: 'yes' }] },
      'config.managedIdentities[0].systemAssigned must be true or false.',
    ],
    [
      { managedIdentities: [{ expiresOnFormat: 'unix' }] },
      'config.managedIdentities[0].expiresOnFormat must be one of epoch-number, epoch-string, iso, us-date, us-date-12h, omitted.',
    ],
    [
      { managedIdentities: [{ principalId: 'x' }] },
      "config.managedIdentities[0] has an unknown field 'principalId'",
    ],
    [
      { pipelines: [{ systemAccessToken: 'job-token' }] },
      'config.pipelines[0].serviceConnectionId is required.',
    ],
    [
      { consents: [{ username: 'ada@contoso.example', clientId: 'app', scopes: [''] }] },
      'config.consents[0].scopes must be an array of non-empty strings.',
    ],
    [
      { deviceCodeIntervalSeconds: 0 },
      'config.deviceCodeIntervalSeconds must be a positive number of seconds.',
    ],
    [{ rejectAssertionReplay: 'true' }, 'config.rejectAssertionReplay must be true or false.'],
  ])('names the wrong field of %j', (config, message) => {
    expect(() => validateEmulatorConfig(config)).toThrow(EmulatorConfigError);
    expect(() => validateEmulatorConfig(config)).toThrow(message);
  });
});

describe('a configuration applied at start', () => {
  const ada = { username: 'ada@contoso.example', password: 'correct horse' };

  it('assigns managed identities, registers pipelines, records consents and takes settings', async () => {
    const emulator = await startEmulator({
      config: {
        apps: [{ clientId: 'console', publicClient: true }],
        users: [ada],
        consents: [{ username: ada.username, clientId: 'console', scopes: ['User.Read'] }],
        managedIdentities: [
          { systemAssigned: true, clientId: '5a5a5a5a-0000-4000-8000-000000000001', roles: ['Reader'] },
          { clientId: '5a5a5a5a-0000-4000-8000-000000000002', resourceId: '/subscriptions/s/rg/uai' },
        ],
        pipelines: [{ systemAccessToken: 'job-token', serviceConnectionId: 'conn-1' }],
        deviceCodeIntervalSeconds: 1,
      },
    });
    try {
      expect(emulator.managedIdentity.identities).toEqual([
        expect.objectContaining({ systemAssigned: true, clientId: '5a5a5a5a-0000-4000-8000-000000000001' }),
        expect.objectContaining({ systemAssigned: false, resourceId: '/subscriptions/s/rg/uai' }),
      ]);
      const imds = emulator.managedIdentity.environment('IMDS').AZURE_POD_IDENTITY_AUTHORITY_HOST;
      const answer = await fetch(
        `${imds}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net`,
        { headers: { metadata: 'true' } },
      );
      const json = (await answer.json()) as Record<string, unknown>;
      expect(claimsOf(json.access_token)).toMatchObject({
        appid: '5a5a5a5a-0000-4000-8000-000000000001',
        roles: ['Reader'],
      });

      expect(emulator.pipelines).toEqual([
        {
          serviceConnectionId: 'conn-1',
          issuer: `${emulator.url}/issuers/vstoken-emulated-org`,
          subject: 'sc://emulated-org/emulated-project/conn-1',
          oidcRequestUri: expect.stringMatching(
            /^http:\/\/127\.0\.0\.1:\d+\/emulated-org\/emulated-project\//,
          ),
        },
      ]);
      const oidc = await fetch(
        `${emulator.pipelines[0]!.oidcRequestUri}?api-version=7.1&serviceConnectionId=conn-1`,
        {
          method: 'POST',
          headers: { authorization: 'Bearer job-token' },
        },
      );
      expect(oidc.status).toBe(200);

      // Consent already given: sign-in goes straight back to the app with a code.
      const browser = new TestBrowser(emulator);
      const page = await browser.get(
        authorizeUrl(emulator, emulator.tenantId, {
          client_id: 'console',
          response_type: 'code',
          redirect_uri: 'http://localhost:50000/',
          scope: 'User.Read openid',
        }),
      );
      expect((await browser.submit(page, ada, 'sign-in')).location?.searchParams.get('code')).toBeTruthy();

      const deviceCode = await fetch(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/devicecode`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: 'console', scope: 'User.Read' }),
      });
      expect(((await deviceCode.json()) as { interval: number }).interval).toBe(1);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses to start when the library refuses an entry', async () => {
    await expect(
      startEmulator({ config: { pipelines: [{ systemAccessToken: 't', serviceConnectionId: 'a/b' }] } }),
    ).rejects.toThrow(/serviceConnectionId/);
  });
});
