// The Entra client of the `node` entry sends through the configured proxy; the portable one leaves proxies to the
// runtime. Both are pointed at a name only the proxy can reach; the proxy's log says which one went through it.
import { type Emulator, startEmulator } from '@identity/emulator';
import { startConnectProxy, type TestProxy } from '@identity/tooling/test-proxy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EntraClientBase,
  type EntraClientConfig,
  EntraClient as PortableEntraClient,
} from './entra-client.js';
import { CredentialUnavailableError } from './errors.js';
import { EntraClient } from './node-entra-client.js';

let emulator: Emulator;
let proxy: TestProxy;
beforeAll(async () => {
  emulator = await startEmulator({ https: true, hostNames: ['login.example.test'] });
});
afterEach(() => proxy?.stop());
afterAll(() => emulator.stop());

const grant = () => ({ grant_type: 'client_credentials', client_secret: 'unused' });
const request = (Client: new (config: EntraClientConfig) => EntraClientBase, options: object) =>
  new Client({
    credentialName: 'TestCredential',
    tenantId: 'tenant',
    clientId: 'client',
    options: { authorityHost: 'https://login.example.test', retryOptions: { maxRetries: 0 }, ...options },
  })
    .getToken('api://x/.default', undefined, grant)
    .catch((e: unknown) => e);

describe('EntraClient of the node entry', () => {
  it('shares its base with the portable one, and its name', () => {
    expect(Object.getPrototypeOf(EntraClient)).toBe(EntraClientBase);
    expect(Object.getPrototypeOf(PortableEntraClient)).toBe(EntraClientBase);
    expect(EntraClient.name).toBe(PortableEntraClient.name);
  });

  it('sends token requests through the proxy HTTPS_PROXY names (TLS to the real host follows)', async () => {
    proxy = await startConnectProxy({
      routes: { 'login.example.test:443': Number(new URL(emulator.url).port) },
    });
    const error = await request(EntraClient, { env: { HTTPS_PROXY: proxy.url } });
    // This process does not trust the emulator's certificate: the TLS check at the end of the tunnel says so.
    expect((error as Error).message).toMatch(/self.signed certificate/);
    expect(proxy.tunnels).toEqual(['login.example.test:443']);
  });
});

describe('EntraClient of the portable entry', () => {
  it("leaves HTTPS_PROXY to the runtime's fetch (Node's ignores it)", async () => {
    proxy = await startConnectProxy({ routes: {} });
    await request(PortableEntraClient, { env: { HTTPS_PROXY: proxy.url } });
    expect(proxy.tunnels).toEqual([]);
  });

  it('refuses proxyOptions it cannot honour, sending nothing', async () => {
    proxy = await startConnectProxy({ routes: {} });
    const error = await request(PortableEntraClient, {
      env: {},
      proxyOptions: { host: '127.0.0.1', port: proxy.port },
    });
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect(proxy.tunnels).toEqual([]);
  });
});
