import { AuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '@identity/core';
import { jsonResponse, manualClock, scriptedFetch, testSecret } from '@identity/tooling/test-world';
import { describe, expect, it, vi } from 'vitest';
import { ClientAssertionCredential, JWT_BEARER_ASSERTION_TYPE } from './client-assertion-credential.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SCOPE = 'https://vault.azure.net/.default';
const token = (name = 'at') =>
  jsonResponse({ access_token: testSecret(name), expires_in: 3600, token_type: 'Bearer' });

function setup(getAssertion: () => string | Promise<string>, ...responses: (() => Response)[]) {
  const clock = manualClock();
  const transport = scriptedFetch(...(responses.length ? responses : [() => token()]));
  const credential = new ClientAssertionCredential(TENANT, CLIENT, getAssertion, {
    fetch: transport.fetch,
    clock,
    retryOptions: { maxRetries: 0 },
  });
  return { clock, transport, credential };
}

describe('ClientAssertionCredential', () => {
  it('presents the assertion as a jwt-bearer client assertion on the tenant token endpoint', async () => {
    const assertion = testSecret('assertion');
    const { transport, credential } = setup(() => assertion);
    const result = await credential.getToken(SCOPE);
    expect(result.token).toContain('at-TEST-SECRET');
    const [request] = transport.requests;
    expect(request?.url).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
    const form = new URLSearchParams(request?.body);
    expect(Object.fromEntries(form)).toEqual({
      client_id: CLIENT,
      scope: SCOPE,
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      client_assertion: assertion,
    });
  });

  it('calls getAssertion once per token request: not on cache hits', async () => {
    const getAssertion = vi.fn(() => 'assertion');
    const { credential, transport } = setup(getAssertion);
    await credential.getToken(SCOPE);
    await credential.getToken(SCOPE);
    expect(getAssertion).toHaveBeenCalledTimes(1);
    expect(transport.requests).toHaveLength(1);
  });

  it('calls getAssertion once for 100 concurrent callers sharing one request', async () => {
    const getAssertion = vi.fn(async () => 'assertion');
    const { credential, transport } = setup(getAssertion);
    const results = await Promise.all(Array.from({ length: 100 }, () => credential.getToken(SCOPE)));
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    expect(getAssertion).toHaveBeenCalledTimes(1);
    expect(transport.requests).toHaveLength(1);
  });

  it('calls getAssertion again when the cached token has expired', async () => {
    const getAssertion = vi.fn(() => 'assertion');
    const { credential, clock, transport } = setup(getAssertion);
    await credential.getToken(SCOPE);
    await clock.advance(3600_000);
    await credential.getToken(SCOPE);
    expect(getAssertion).toHaveBeenCalledTimes(2);
    expect(transport.requests).toHaveLength(2);
  });

  it.each([
    ['an empty string', ''],
    ['whitespace', '  \n'],
    ['undefined', undefined],
    ['a number', 42],
  ])('rejects an assertion that is %s, sending nothing', async (_label, value) => {
    const { credential, transport } = setup(() => value as unknown as string);
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/getAssertion must be a function returning the assertion \(a JWT\)/);
    expect(transport.requests).toHaveLength(0);
  });

  it('calls getAssertion again once a caller stopped waiting for one that never returned', async () => {
    // A callback stuck on a dead endpoint must not leave the credential stuck once the endpoint is back.
    const assertion = testSecret('assertion');
    const getAssertion = vi
      .fn<() => Promise<string>>()
      .mockReturnValueOnce(new Promise(() => {}))
      .mockResolvedValue(assertion);
    const { transport, credential } = setup(getAssertion);
    await expect(credential.getToken(SCOPE, { requestOptions: { timeout: 5 } })).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
    });
    expect((await credential.getToken(SCOPE, { requestOptions: { timeout: 2000 } })).token).toContain(
      'at-TEST',
    );
    expect(getAssertion).toHaveBeenCalledTimes(2);
    expect(transport.requests).toHaveLength(1);
  });

  it('turns a failing callback into an AuthenticationError that keeps the cause', async () => {
    const cause = new Error('the vault is down');
    const { credential, transport } = setup(() => {
      throw cause;
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('getAssertion failed: Error: the vault is down');
    expect(error.cause).toBe(cause);
    expect(transport.requests).toHaveLength(0);
  });

  it('passes the callback’s own identity errors through, so an unavailable source lets a chain move on', async () => {
    const unavailable = new CredentialUnavailableError('no token file here');
    const { credential } = setup(async () => {
      throw unavailable;
    });
    await expect(credential.getToken(SCOPE)).rejects.toBe(unavailable);
  });

  it('never puts the assertion in the error when Entra refuses it', async () => {
    const assertion = testSecret('assertion');
    const { credential } = setup(
      () => assertion,
      () =>
        jsonResponse(
          {
            error: 'invalid_client',
            error_description: `AADSTS700024: Client assertion is not within its valid time range. client_assertion=${assertion}`,
            error_codes: [700024],
          },
          401,
        ),
    );
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.errorResponse.errorCodes).toEqual([700024]);
    expect(error.message).not.toContain(assertion);
    expect(JSON.stringify(error)).not.toContain(assertion);
  });

  it('names the credential built on it in messages and troubleshooting anchors', async () => {
    const transport = scriptedFetch(() => token());
    const credential = new ClientAssertionCredential(TENANT, CLIENT, () => '', {
      fetch: transport.fetch,
      credentialName: 'WorkloadIdentityCredential',
    });
    const error = await credential.getToken(SCOPE).catch((e) => e);
    expect(error.message).toMatch(/^WorkloadIdentityCredential: getAssertion must be a function/);
    expect(error.message).toContain('#workload-identity-credential');
  });

  it('validates its arguments before anything is sent', () => {
    expect(() => new ClientAssertionCredential(TENANT, CLIENT, 'x' as never)).toThrow(
      /getAssertion must be a function returning/,
    );
    expect(() => new ClientAssertionCredential('bad tenant/..', CLIENT, () => 'a')).toThrow(
      InvalidArgumentError,
    );
    expect(() => new ClientAssertionCredential(TENANT, '', () => 'a')).toThrow(/clientId is missing/);
    expect(
      () =>
        new ClientAssertionCredential(TENANT, CLIENT, () => 'a', {
          authorityHost: 'http://login.example.com',
        }),
    ).toThrow(/https/);
  });
});
