import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonResponse, scriptedFetch } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntraClient } from './entra-client.js';
import { InvalidArgumentError } from './errors.js';
import { HttpClient } from './http-transport.js';
import { userAgent } from './user-agent.js';
import { VERSION } from './version.js';

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const clientId = '11111111-2222-3333-4444-555555555555';

describe('userAgent: userAgentOptions.userAgentPrefix', () => {
  it("puts the app's prefix before this library's own user agent", () => {
    expect(userAgent({ userAgentOptions: { userAgentPrefix: 'contoso-billing/2.1 (prod)' } })).toBe(
      `contoso-billing/2.1 (prod) identity.js/${VERSION}`,
    );
  });

  it("sends no User-Agent of its own without a prefix: the runtime's stays", () => {
    expect(userAgent(undefined)).toBeUndefined();
    expect(userAgent({})).toBeUndefined();
    expect(userAgent({ userAgentOptions: {} })).toBeUndefined();
    expect(userAgent({ userAgentOptions: { userAgentPrefix: '' } })).toBeUndefined();
  });

  it.each([
    ['a line break (header injection)', 'app/1\r\nX-Injected: 1'],
    ['a control character', 'app/1\u0000'],
    ['non-ASCII text', 'app/1 — café'],
  ])('refuses %s when the credential is built, with the next step', (_, prefix) => {
    expect(() => userAgent({ userAgentOptions: { userAgentPrefix: prefix } })).toThrow(InvalidArgumentError);
    expect(() => userAgent({ userAgentOptions: { userAgentPrefix: prefix } })).toThrow(
      /^userAgentPrefix must be printable ASCII\. Troubleshooting: \S+#user-agent$/,
    );
  });
});

describe('HttpClient userAgent', () => {
  it('sets User-Agent on every request, keeping the headers the request has', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({}));
    const http = new HttpClient({ fetch, userAgent: 'app/1 identity.js/1.0.0' });
    await http.send({ url: 'https://example.test/a', method: 'POST', headers: { 'x-one': '1' }, body: 'b' });
    await http.send({ url: 'https://example.test/b', method: 'GET' });
    expect(requests.map((request) => request.headers)).toEqual([
      { 'x-one': '1', 'user-agent': 'app/1 identity.js/1.0.0' },
      { 'user-agent': 'app/1 identity.js/1.0.0' },
    ]);
  });

  it('leaves the headers alone without one', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({}));
    await new HttpClient({ fetch }).send({
      url: 'https://example.test/',
      method: 'GET',
      headers: { a: '1' },
    });
    expect(requests[0]?.headers).toEqual({ a: '1' });
  });
});

// Over real loopback HTTP with the runtime's fetch: what reaches the wire.
describe('a token request, as the server sees it', () => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ access_token: 'token', expires_in: 3599, token_type: 'Bearer' }));
  });
  let authorityHost: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    authorityHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const getToken = (options: object) =>
    new EntraClient({
      credentialName: 'TestCredential',
      tenantId,
      clientId,
      options: { authorityHost, ...options },
    }).getToken('https://vault.azure.net/.default', undefined, () => ({ grant_type: 'client_credentials' }));

  it('carries the prefix, then identity.js and its version', async () => {
    await getToken({ userAgentOptions: { userAgentPrefix: 'contoso-billing/2.1' } });
    expect(seen.at(-1)?.['user-agent']).toBe(`contoso-billing/2.1 identity.js/${VERSION}`);
  });

  it("carries the runtime's own User-Agent without one", async () => {
    await getToken({});
    expect(seen.at(-1)?.['user-agent']).not.toContain('identity.js');
  });

  it('is refused before anything is sent when the prefix is not a valid header value', () => {
    const sent = seen.length;
    expect(() => getToken({ userAgentOptions: { userAgentPrefix: 'a\nb' } })).toThrow(InvalidArgumentError);
    expect(seen).toHaveLength(sent);
  });
});
