import { AuthenticationError, InvalidArgumentError, TokenCache } from '@identity/core';
import { jsonResponse, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { OnBehalfOfCredential } from './on-behalf-of-credential.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '00000000-0000-0000-0000-00000000a0b0';
const SCOPE = 'https://graph.microsoft.com/User.Read';

function tokenEndpoint() {
  let issued = 0;
  return scriptedFetch(() =>
    jsonResponse({ access_token: `downstream-${++issued}`, expires_in: 3600, token_type: 'Bearer' }),
  );
}

const formOf = (body: string | undefined) => Object.fromEntries(new URLSearchParams(body ?? ''));

describe('OnBehalfOfCredential', () => {
  it('sends the jwt-bearer grant with the user assertion, requested_token_use and the client secret', async () => {
    const { fetch, requests } = tokenEndpoint();
    const clientSecret = testSecret('obo-secret');
    const userAssertionToken = testSecret('user-token');
    const credential = new OnBehalfOfCredential({
      tenantId: TENANT,
      clientId: CLIENT_ID,
      clientSecret,
      userAssertionToken,
      fetch,
      env: {},
    });
    expect((await credential.getToken(SCOPE)).token).toBe('downstream-1');
    expect(requests[0]?.url).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
    expect(formOf(requests[0]?.body)).toEqual({
      client_id: CLIENT_ID,
      scope: SCOPE,
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      assertion: userAssertionToken,
      client_secret: clientSecret,
    });
  });

  it('authenticates with the assertion getAssertion returns, asked for every token request', async () => {
    const { fetch, requests } = tokenEndpoint();
    let calls = 0;
    const credential = new OnBehalfOfCredential({
      tenantId: TENANT,
      clientId: CLIENT_ID,
      getAssertion: async () => `federated-assertion-${++calls}`,
      userAssertionToken: testSecret('user-token'),
      fetch,
      env: {},
    });
    await credential.getToken(SCOPE);
    await credential.getToken('https://storage.azure.com/user_impersonation');
    expect(requests.map((r) => formOf(r.body).client_assertion)).toEqual([
      'federated-assertion-1',
      'federated-assertion-2',
    ]);
    expect(formOf(requests[0]?.body).client_assertion_type).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
  });

  it('caches per user assertion: a shared cache never gives one user the token of another', async () => {
    const { fetch, requests } = tokenEndpoint();
    const tokenCache = new TokenCache();
    const [ada, grace] = [testSecret('ada-token'), testSecret('grace-token')];
    const forUser = (userAssertionToken: string) =>
      new OnBehalfOfCredential({
        tenantId: TENANT,
        clientId: CLIENT_ID,
        clientSecret: 's',
        userAssertionToken,
        fetch,
        env: {},
        tokenCache,
      });
    const first = await forUser(ada).getToken(SCOPE);
    const again = await forUser(ada).getToken(SCOPE);
    const other = await forUser(grace).getToken(SCOPE);
    expect(again.token).toBe(first.token);
    expect(other.token).not.toBe(first.token);
    expect(requests.map((r) => formOf(r.body).assertion)).toEqual([ada, grace]);
  });

  it('wants exactly one client credential and a user assertion', () => {
    const base = { tenantId: TENANT, clientId: CLIENT_ID, userAssertionToken: 'user-token' };
    const construct = (options: object) => () => new OnBehalfOfCredential({ ...base, ...options } as never);
    expect(construct({})).toThrow(/exactly one client credential/);
    expect(construct({ clientSecret: 's', getAssertion: () => 'a' })).toThrow(
      /exactly one client credential.*got clientSecret and getAssertion/,
    );
    expect(construct({ clientSecret: 's', certificatePath: '/a.pem' })).toThrow(InvalidArgumentError);
    expect(construct({ clientSecret: '' })).toThrow(/clientSecret is empty/);
    expect(construct({ getAssertion: 'nope' })).toThrow(/getAssertion must be a function/);
    expect(construct({ clientSecret: 's', userAssertionToken: '' })).toThrow(/userAssertionToken is missing/);
    expect(construct({ clientSecret: 's', tenantId: 'bad tenant' })).toThrow(InvalidArgumentError);
  });

  it('reports a failing or empty getAssertion as an AuthenticationError, without sending anything', async () => {
    const { fetch, requests } = tokenEndpoint();
    const withAssertion = (getAssertion: () => Promise<string>) =>
      new OnBehalfOfCredential({
        tenantId: TENANT,
        clientId: CLIENT_ID,
        getAssertion,
        userAssertionToken: 'u',
        fetch,
        env: {},
      });
    const failed = await withAssertion(async () => {
      throw new Error('token file missing');
    })
      .getToken(SCOPE)
      .catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(failed)).toBe(true);
    expect((failed as Error).message).toContain('getAssertion failed: token file missing');
    const empty = await withAssertion(async () => '  ')
      .getToken(SCOPE)
      .catch((e: unknown) => e);
    expect((empty as AuthenticationError).errorResponse.error).toBe('client_assertion_failed');
    expect(requests).toHaveLength(0);
  });
});
