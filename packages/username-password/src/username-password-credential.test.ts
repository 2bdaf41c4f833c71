import {
  AuthenticationError,
  AuthenticationRequiredError,
  ChainedTokenCredential,
  InvalidArgumentError,
  TokenCache,
} from '@identity/core';
import { jsonResponse, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { UsernamePasswordCredential } from './username-password-credential.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const SCOPE = 'https://graph.microsoft.com/User.Read';
const token = () => jsonResponse({ access_token: testSecret('at'), expires_in: 3600, token_type: 'Bearer' });

describe('UsernamePasswordCredential', () => {
  it('sends the password grant with the username, password, client id and scope', async () => {
    const password = testSecret('password');
    const transport = scriptedFetch(() => token());
    const credential = new UsernamePasswordCredential(TENANT, CLIENT, 'ada@contoso.example', password, {
      fetch: transport.fetch,
    });
    await credential.getToken(SCOPE);
    await credential.getToken(SCOPE);
    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0]?.url).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
    expect(Object.fromEntries(new URLSearchParams(transport.requests[0]?.body))).toEqual({
      client_id: CLIENT,
      scope: SCOPE,
      grant_type: 'password',
      username: 'ada@contoso.example',
      password,
    });
  });

  it('keeps two users apart in a shared token cache', async () => {
    const tokenCache = new TokenCache();
    const transport = scriptedFetch(() => token());
    const options = { fetch: transport.fetch, tokenCache };
    const ada = new UsernamePasswordCredential(TENANT, CLIENT, 'ada@contoso.example', 'pw1', options);
    const grace = new UsernamePasswordCredential(TENANT, CLIENT, 'grace@contoso.example', 'pw2', options);
    const [a, g] = [await ada.getToken(SCOPE), await grace.getToken(SCOPE)];
    expect(a.token).not.toBe(g.token);
    expect(transport.requests).toHaveLength(2);
  });

  it('never serves a token from a shared cache to a credential that has not proven the password', async () => {
    // A server that signs users in with the names and passwords they type, all credentials sharing one cache: a
    // wrong password for a signed-in user must not get that user's token.
    const tokenCache = new TokenCache();
    const right = testSecret('password');
    const transport = scriptedFetch((request) =>
      new URLSearchParams(request.body).get('password') === right
        ? token()
        : jsonResponse(
            { error: 'invalid_grant', error_description: 'AADSTS50126', error_codes: [50126] },
            400,
          ),
    );
    const options = { fetch: transport.fetch, tokenCache, retryOptions: { maxRetries: 0 } };
    await new UsernamePasswordCredential(TENANT, CLIENT, 'ada@contoso.example', right, options).getToken(
      SCOPE,
    );
    const guess = new UsernamePasswordCredential(TENANT, CLIENT, 'ADA@contoso.example', 'guess', options);
    await expect(guess.getToken(SCOPE)).rejects.toSatisfy((e) => AuthenticationError.isInstance(e));
    expect(transport.requests).toHaveLength(2);
  });

  it('reports a wrong password as an AuthenticationError without the password', async () => {
    const password = testSecret('password');
    const transport = scriptedFetch(() =>
      jsonResponse(
        {
          error: 'invalid_grant',
          error_description: 'AADSTS50126: Error validating credentials due to invalid username or password.',
          error_codes: [50126],
        },
        400,
      ),
    );
    const credential = new UsernamePasswordCredential(TENANT, CLIENT, 'ada@contoso.example', password, {
      fetch: transport.fetch,
      retryOptions: { maxRetries: 0 },
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.errorResponse).toMatchObject({ error: 'invalid_grant', errorCodes: [50126] });
    expect(error.message).toMatch(/AADSTS50126: .*#entra-error-codes$/);
    expect(error.message).not.toContain(password);
  });

  // Entra's refusals of the password grant that only an interactive sign-in can settle, as it sends them.
  const CORRELATION = 'c0ffee00-1111-2222-3333-444455556666';
  const refusal = (error: string, code: number, suberror?: string) => ({
    error,
    error_description: `AADSTS${code}: You must use multi-factor authentication to access 'https://graph.microsoft.com'.\r\nTrace ID: t\r\nCorrelation ID: ${CORRELATION}`,
    error_codes: [code],
    correlation_id: CORRELATION,
    ...(suberror ? { suberror } : {}),
  });

  it.each([
    ['interaction_required', 50076, undefined],
    ['interaction_required', 50079, 'basic_action'],
    ['consent_required', 65001, undefined],
    ['login_required', 50058, undefined],
    // What Entra sends for MFA on the password grant today: invalid_grant, and the suberror MSAL reads.
    ['invalid_grant', 50076, 'basic_action'],
    ['invalid_grant', 50158, 'additional_action'],
    ['invalid_grant', 50055, 'user_password_expired'],
  ])(
    'turns %s AADSTS%i (suberror %s) into AuthenticationRequiredError, as @azure/identity does',
    async (error, code, suberror) => {
      const password = testSecret('password');
      const transport = scriptedFetch(() => jsonResponse(refusal(error, code, suberror), 400));
      const credential = new UsernamePasswordCredential(TENANT, CLIENT, 'ada@contoso.example', password, {
        fetch: transport.fetch,
        retryOptions: { maxRetries: 0 },
      });
      const options = { tenantId: TENANT };
      const thrown = await credential.getToken(SCOPE, options).catch((e) => e);
      expect(AuthenticationRequiredError.isInstance(thrown)).toBe(true);
      expect(thrown).toMatchObject({ scopes: [SCOPE], getTokenOptions: options });
      // Entra's refusal is the cause; the message names its code and correlation id, and says what to do instead.
      expect(AuthenticationError.isInstance(thrown.cause)).toBe(true);
      expect(thrown.cause.errorResponse).toMatchObject({ error, errorCodes: [code] });
      expect(thrown.message).toContain(`AADSTS${code}`);
      expect(thrown.message).toContain(`Correlation id ${CORRELATION}`);
      expect(thrown.message).toMatch(/Sign the user in interactively .*#username-password-credential$/);
      for (const text of [thrown.message, thrown.stack, thrown.cause.message, thrown.cause.rawBody]) {
        expect(text).not.toContain(password);
      }
    },
  );

  it('lets a chain move past a user who needs MFA, and stop at a wrong password', async () => {
    const respond = (password: string) =>
      password === 'mfa'
        ? jsonResponse(refusal('invalid_grant', 50076, 'basic_action'), 400)
        : jsonResponse(
            {
              error: 'invalid_grant',
              error_description: 'AADSTS50126: Error validating credentials.',
              error_codes: [50126],
            },
            400,
          );
    const transport = scriptedFetch((request) =>
      respond(String(new URLSearchParams(request.body).get('password'))),
    );
    const options = { fetch: transport.fetch, retryOptions: { maxRetries: 0 } };
    const next = { getToken: async () => ({ token: 'next', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const chain = (password: string) =>
      new ChainedTokenCredential(
        new UsernamePasswordCredential(TENANT, CLIENT, 'ada@contoso.example', password, options),
        next,
      );
    await expect(chain('mfa').getToken(SCOPE)).resolves.toMatchObject({ token: 'next' });
    await expect(chain('wrong').getToken(SCOPE)).rejects.toSatisfy((e) => AuthenticationError.isInstance(e));
  });

  it.each([
    ['username', '', 'pw'],
    ['password', 'ada@contoso.example', ''],
  ])('requires a %s', (name, username, password) => {
    expect(() => new UsernamePasswordCredential(TENANT, CLIENT, username, password)).toThrow(
      new RegExp(`${name} is missing`),
    );
  });

  it('validates the tenant and client ids', () => {
    expect(() => new UsernamePasswordCredential('a/b', CLIENT, 'u', 'p')).toThrow(InvalidArgumentError);
    expect(() => new UsernamePasswordCredential(TENANT, 'a b', 'u', 'p')).toThrow(InvalidArgumentError);
  });
});
