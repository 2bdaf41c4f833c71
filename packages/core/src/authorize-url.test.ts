import { describe, expect, it } from 'vitest';
import { type AuthorizeUrlRequest, buildAuthorizeUrl } from './authorize-url.js';
import { InvalidArgumentError } from './errors.js';
import { VERSION } from './version.js';

const request: AuthorizeUrlRequest = {
  credentialName: 'InteractiveBrowserCredential',
  authorityHost: 'https://login.microsoftonline.com/',
  tenantId: 'organizations',
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  redirectUri: 'http://localhost:53123',
  scopes: ['https://management.azure.com/.default'],
  state: 'state-0123456789abcdefghij',
  nonce: 'nonce-0123456789abcdefghij',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  responseMode: 'form_post',
  correlationId: '5f8a2c1e-0000-4000-8000-000000000001',
};

const names = (url: string) => [...new URL(url).searchParams.keys()];

describe('buildAuthorizeUrl', () => {
  it('addresses the tenant’s v2.0 authorize endpoint at the authority host', () => {
    const url = new URL(buildAuthorizeUrl(request));
    expect(url.origin + url.pathname).toBe(
      'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize',
    );
  });

  it('sends the parameters MSAL sends, in MSAL’s order', () => {
    expect(names(buildAuthorizeUrl(request))).toEqual([
      'client_id',
      'scope',
      'redirect_uri',
      'client-request-id',
      'response_mode',
      'client_info',
      'prompt',
      'nonce',
      'state',
      'x-client-SKU',
      'x-client-VER',
      'response_type',
      'code_challenge',
      'code_challenge_method',
    ]);
    const params = new URL(buildAuthorizeUrl(request)).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      client_id: request.clientId,
      scope: 'https://management.azure.com/.default openid profile offline_access',
      redirect_uri: 'http://localhost:53123',
      'client-request-id': request.correlationId,
      response_mode: 'form_post',
      client_info: '1',
      prompt: 'select_account',
      nonce: request.nonce,
      state: request.state,
      'x-client-SKU': 'identity.js',
      'x-client-VER': VERSION,
      response_type: 'code',
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    });
  });

  it('percent-encodes values as encodeURIComponent does (spaces as %20, not +)', () => {
    const url = buildAuthorizeUrl(request);
    expect(url).toContain(
      'scope=https%3A%2F%2Fmanagement.azure.com%2F.default%20openid%20profile%20offline_access',
    );
    expect(url).toContain('redirect_uri=http%3A%2F%2Flocalhost%3A53123&');
  });

  it('adds the OpenID scopes once, keeping the caller’s first', () => {
    const params = new URL(
      buildAuthorizeUrl({ ...request, scopes: ['User.Read', 'openid', 'offline_access'] }),
    ).searchParams;
    expect(params.get('scope')).toBe('User.Read openid offline_access profile');
  });

  it('with a login hint, prompts for the password of that account and routes by it, as @azure/identity does', () => {
    const params = new URL(buildAuthorizeUrl({ ...request, loginHint: 'ada@contoso.example' })).searchParams;
    expect(params.get('prompt')).toBe('login');
    expect(params.get('login_hint')).toBe('ada@contoso.example');
    expect(params.get('X-AnchorMailbox')).toBe('UPN:ada@contoso.example');
  });

  it('without one, shows the account picker and sends no hint', () => {
    const params = new URL(buildAuthorizeUrl(request)).searchParams;
    expect(params.get('prompt')).toBe('select_account');
    expect(params.has('login_hint')).toBe(false);
    expect(params.has('X-AnchorMailbox')).toBe(false);
  });

  it('drops the hint when the prompt asked for is the account picker (Entra refuses the two together)', () => {
    const params = new URL(
      buildAuthorizeUrl({ ...request, loginHint: 'ada@contoso.example', prompt: 'select_account' }),
    ).searchParams;
    expect(params.has('login_hint')).toBe(false);
    expect(new URL(buildAuthorizeUrl({ ...request, prompt: 'consent' })).searchParams.get('prompt')).toBe(
      'consent',
    );
  });

  it('sends a claims request when given, and a fresh client-request-id when none is', () => {
    const claims = '{"access_token":{"xms_cc":{"values":["cp1"]}}}';
    const params = new URL(buildAuthorizeUrl({ ...request, claims, correlationId: undefined })).searchParams;
    expect(params.get('claims')).toBe(claims);
    expect(params.get('client-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(names(buildAuthorizeUrl({ ...request, claims }))).toContain('claims');
  });

  it('allows an http authority only on loopback (the emulator)', () => {
    expect(buildAuthorizeUrl({ ...request, authorityHost: 'http://127.0.0.1:8400' })).toMatch(
      /^http:\/\/127\.0\.0\.1:8400\/organizations\/oauth2\/v2\.0\/authorize\?/,
    );
    expect(() => buildAuthorizeUrl({ ...request, authorityHost: 'http://login.example' })).toThrow(
      InvalidArgumentError,
    );
  });

  it.each([
    ['tenantId', { tenantId: '../common' }, /tenantId/],
    ['clientId', { clientId: 'a b' }, /clientId/],
    ['scopes', { scopes: [] }, /scope/],
    ['a scope with a space', { scopes: ['a b'] }, /scope/],
    ['redirectUri (not a URL)', { redirectUri: 'localhost:8400' }, /redirectUri/],
    ['redirectUri (a fragment)', { redirectUri: 'http://localhost:8400/#x' }, /redirectUri/],
    ['redirectUri (another scheme)', { redirectUri: 'javascript:alert(1)' }, /redirectUri/],
    ['state (empty)', { state: '' }, /state/],
    ['nonce (with a space)', { nonce: 'a nonce that has spaces' }, /nonce/],
    ['codeChallenge (with &)', { codeChallenge: 'x&code_challenge_method=plain&y=1' }, /codeChallenge/],
  ])('refuses a bad %s before building anything', (_, change, message) => {
    expect(() => buildAuthorizeUrl({ ...request, ...change })).toThrow(InvalidArgumentError);
    expect(() => buildAuthorizeUrl({ ...request, ...change })).toThrow(message);
  });
});
