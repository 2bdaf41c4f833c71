import { describe, expect, it } from 'vitest';
import { EmulatorConfigError, validateEmulatorConfig } from './emulator-config.js';

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
    [{ clients: [] }, "config has an unknown field 'clients' (expected tenants, apps, users, corsOrigins)."],
  ])('names the wrong field of %j', (config, message) => {
    expect(() => validateEmulatorConfig(config)).toThrow(EmulatorConfigError);
    expect(() => validateEmulatorConfig(config)).toThrow(message);
  });
});
