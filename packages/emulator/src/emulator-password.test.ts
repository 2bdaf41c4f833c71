import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToken } from '../test/emulator-test-support.js';
import { delegatedScopes } from './emulator-password.js';
import { type Emulator, startEmulator } from './emulator-server.js';
import type { RegisteredApp } from './emulator-types.js';

let emulator: Emulator;
// A public client ("Allow public client flows"), as ROPC apps are; the confidential app authenticates itself.
let app: RegisteredApp;
let confidential: RegisteredApp;

beforeAll(async () => {
  emulator = await startEmulator();
  app = emulator.registerApp({ roles: ['App.Only'], publicClient: true });
  confidential = emulator.registerApp({ roles: ['App.Only'] });
});
afterAll(() => emulator.stop());

const form = (overrides: Record<string, string> = {}) => ({
  grant_type: 'password',
  client_id: app.clientId,
  username: 'ada@contoso.example',
  password: 'correct horse',
  scope: 'https://graph.microsoft.com/User.Read openid profile offline_access',
  ...overrides,
});

describe('the password grant', () => {
  it('signs a registered user in and issues a delegated token with user claims and scp', async () => {
    const user = emulator.registerUser({
      username: 'Ada@Contoso.example',
      password: 'correct horse',
      name: 'Ada Lovelace',
    });
    const answer = await postToken(emulator, emulator.tenantId, form());
    expect(answer.status).toBe(200);
    expect(answer.json.scope).toBe('https://graph.microsoft.com/User.Read');
    const claims = await emulator.verifyAccessToken(String(answer.json.access_token));
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      // Graph is a first-party resource: its tokens are v1 whatever the endpoint.
      iss: `https://sts.windows.net/${emulator.tenantId}/`,
      ver: '1.0',
      appid: app.clientId,
      idtyp: 'user',
      oid: user.objectId,
      sub: user.objectId,
      scp: 'User.Read',
      upn: 'Ada@Contoso.example',
      name: 'Ada Lovelace',
      amr: ['pwd'],
    });
    // App roles belong to app-only tokens, not to a user's.
    expect(claims.roles).toBeUndefined();
    expect(emulator.requests.at(-1)).toMatchObject({
      route: 'token',
      grantType: 'password',
      clientId: app.clientId,
    });
  });

  it('answers a wrong password with invalid_grant AADSTS50126 and an unknown user with AADSTS50034', async () => {
    emulator.registerUser({ username: 'ada@contoso.example', password: 'correct horse' });
    const wrong = await postToken(emulator, emulator.tenantId, form({ password: 'battery staple' }));
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ error: 'invalid_grant', error_codes: [50126] });
    const unknown = await postToken(
      emulator,
      emulator.tenantId,
      form({ username: 'nobody@contoso.example' }),
    );
    expect(unknown.json).toMatchObject({ error: 'invalid_grant', error_codes: [50034] });
  });

  it("answers a user whose policy demands MFA with AADSTS50076 and Entra's suberror basic_action", async () => {
    emulator.registerUser({ username: 'grace@contoso.example', password: 'pw', mfaRequired: true });
    const answer = await postToken(
      emulator,
      emulator.tenantId,
      form({ username: 'grace@contoso.example', password: 'pw' }),
    );
    expect(answer.status).toBe(400);
    // As Entra answers the password grant: invalid_grant, and the suberror that says the user must act in a browser.
    expect(answer.json).toMatchObject({
      error: 'invalid_grant',
      error_codes: [50076],
      suberror: 'basic_action',
    });
    expect(String(answer.json.error_description)).toContain('multi-factor authentication');
  });

  it('requires every parameter and a known client', async () => {
    emulator.registerUser({ username: 'ada@contoso.example', password: 'correct horse' });
    const missing = await postToken(emulator, emulator.tenantId, form({ password: '' }));
    expect(missing.json).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
    const unknownApp = await postToken(
      emulator,
      emulator.tenantId,
      form({ client_id: 'f0000000-0000-0000-0000-000000000000' }),
    );
    expect(unknownApp.json).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });

  it('authenticates a confidential client that sends its secret, and refuses one that sends none (AADSTS7000218)', async () => {
    emulator.registerUser({ username: 'ada@contoso.example', password: 'correct horse' });
    const client_id = confidential.clientId;
    const none = await postToken(emulator, emulator.tenantId, form({ client_id }));
    expect(none).toMatchObject({ status: 401, json: { error: 'invalid_client', error_codes: [7000218] } });
    expect(none.json).not.toHaveProperty('access_token');
    const bad = await postToken(emulator, emulator.tenantId, form({ client_id, client_secret: 'not-it' }));
    expect(bad.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const good = await postToken(
      emulator,
      emulator.tenantId,
      form({ client_id, client_secret: confidential.clientSecret! }),
    );
    expect(good.status).toBe(200);
  });

  it('keeps users of different tenants apart', async () => {
    const other = emulator.registerTenant();
    emulator.registerUser({ tenantId: other, username: 'ada@fabrikam.example', password: 'pw' });
    const answer = await postToken(
      emulator,
      emulator.tenantId,
      form({ username: 'ada@fabrikam.example', password: 'pw' }),
    );
    expect(answer.json).toMatchObject({ error_codes: [50034] });
  });
});

describe('delegatedScopes', () => {
  it.each([
    ['User.Read Mail.Read', 'https://graph.microsoft.com', ['User.Read', 'Mail.Read']],
    [
      'https://graph.microsoft.com/.default offline_access',
      'https://graph.microsoft.com',
      ['user_impersonation'],
    ],
    ['api://my-api/Orders.Read', 'api://my-api', ['Orders.Read']],
    ['https://vault.azure.net/user_impersonation', 'https://vault.azure.net', ['user_impersonation']],
  ])('reads %s', (scope, resource, permissions) => {
    expect(delegatedScopes(scope)).toEqual({ resource, permissions });
  });

  it('rejects scopes for several resources, or none', () => {
    expect(() => delegatedScopes('User.Read https://vault.azure.net/.default')).toThrow(/AADSTS70011/);
    expect(() => delegatedScopes('openid profile')).toThrow(/AADSTS70011/);
  });
});
