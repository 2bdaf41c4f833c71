import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntraClient } from './entra-client.js';
import { InvalidArgumentError } from './errors.js';
import { userAgentHeaders } from './user-agent.js';
import { VERSION } from './version.js';

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const clientId = '11111111-2222-3333-4444-555555555555';

describe('userAgentHeaders: userAgentOptions.userAgentPrefix', () => {
  it("puts the app's prefix before this library's own user agent", () => {
    expect(userAgentHeaders({ userAgentOptions: { userAgentPrefix: 'contoso-billing/2.1 (prod)' } })).toEqual(
      {
        'user-agent': `contoso-billing/2.1 (prod) identity.js/${VERSION}`,
      },
    );
  });

  it("adds no header without a prefix: the runtime's User-Agent stays", () => {
    expect(userAgentHeaders({})).toBeUndefined();
    expect(userAgentHeaders({ userAgentOptions: {} })).toBeUndefined();
    expect(userAgentHeaders({ userAgentOptions: { userAgentPrefix: '' } })).toBeUndefined();
  });

  it.each([
    ['a line break (header injection)', 'app/1\r\nX-Injected: 1'],
    ['a control character', 'app/1\u0000'],
    ['non-ASCII text', 'app/1 — café'],
    ['more than 1024 characters', 'a'.repeat(1025)],
  ])('refuses %s when the credential is built, with the next step', (_, prefix) => {
    const build = () => userAgentHeaders({ userAgentOptions: { userAgentPrefix: prefix } });
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(/^userAgentPrefix "[^\r\n\0]*" is not valid\. Troubleshooting: \S+#user-agent$/);
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
