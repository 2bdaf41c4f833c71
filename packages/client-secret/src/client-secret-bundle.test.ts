// ClientSecretCredential as it is deployed. For Node: bundled into one file (ESM and CommonJS), or with code
// splitting into an entry and its chunks, and run from a folder with no node_modules against the emulator over
// HTTPS, with proxy variables set and through a real CONNECT proxy. For edge runtimes: bundled without anything
// of Node's. Build first: pnpm turbo run build.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { bundleChunks, bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { startConnectProxy, type TestProxy } from '@identity/tooling/test-proxy';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SCOPE = 'https://vault.azure.net/.default';
// A name that resolves nowhere: only the proxy, which maps it to the emulator, can reach it.
const PROXIED_HOST = 'login.test';

// Errors come back as data, so the tests can read their messages.
const APP = `import { ClientSecretCredential } from '@identity/client-secret';
async function main({ tenantId, clientId, clientSecret, ...options }) {
  const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, options);
  try {
    return { token: (await credential.getToken('${SCOPE}')).token };
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
}`;

interface AppResult {
  token?: string;
  error?: { name: string; message: string };
}

let emulator: Emulator;
let caDir: string;
let caFile: string;

beforeAll(async () => {
  emulator = await startEmulator({ https: true, hostNames: [PROXIED_HOST] });
  caDir = temporaryFolder('client-secret-bundle');
  caFile = join(caDir, 'emulator-ca.pem');
  writeFileSync(caFile, emulator.caCertificate ?? '', { mode: 0o600 });
});
afterAll(async () => {
  await emulator.stop();
  rmSync(caDir, { recursive: true, force: true });
});

describe.each(['esm', 'cjs'] as const)('a Node app bundled into one file (%s)', (format) => {
  const emulatorPort = () => Number(new URL(emulator.url).port);
  const run = (input: Record<string, unknown>, env: Record<string, string> = {}) => {
    const app = emulator.registerApp({});
    return runBundledApp({
      source: APP,
      resolveDir: packageDir,
      format,
      input: { tenantId: app.tenantId, clientId: app.clientId, clientSecret: app.clientSecret, ...input },
      // The emulator's certificate is trusted the way an app trusts a corporate CA.
      env: { NODE_EXTRA_CA_CERTS: caFile, ...env },
    }) as Promise<AppResult>;
  };
  let proxy: TestProxy;
  afterAll(() => proxy?.stop());

  it('gets a token with HTTPS_PROXY set when NO_PROXY covers the host, and the proxy sees nothing', async () => {
    proxy = await startConnectProxy({ routes: {} });
    const result = await run(
      { authorityHost: emulator.url },
      { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: 'localhost' },
    );
    expect(result.error).toBeUndefined();
    await expect(emulator.verifyAccessToken(result.token ?? '')).resolves.toMatchObject({
      aud: 'https://vault.azure.net',
    });
    expect(proxy.tunnels).toEqual([]);
    await proxy.stop();
  });

  it('gets a token through a CONNECT proxy named by HTTPS_PROXY: one tunnel, TLS to the real host', async () => {
    proxy = await startConnectProxy({ routes: { [`${PROXIED_HOST}:443`]: emulatorPort() } });
    const result = await run({ authorityHost: `https://${PROXIED_HOST}` }, { HTTPS_PROXY: proxy.url });
    expect(result.error).toBeUndefined();
    await expect(emulator.verifyAccessToken(result.token ?? '')).resolves.toMatchObject({
      aud: 'https://vault.azure.net',
    });
    expect(proxy.tunnels).toEqual([`${PROXIED_HOST}:443`]);
    expect(proxy.authorizations).toEqual([undefined]);
    await proxy.stop();
  });

  it('sends the proxy credentials of https_proxy, and of proxyOptions, as Proxy-Authorization', async () => {
    const password = testSecret('proxy-password');
    proxy = await startConnectProxy({
      routes: { [`${PROXIED_HOST}:443`]: emulatorPort() },
      credentials: `builder:${password}`,
    });
    const fromVariable = await run(
      { authorityHost: `https://${PROXIED_HOST}` },
      { https_proxy: `http://builder:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}` },
    );
    const fromOptions = await run({
      authorityHost: `https://${PROXIED_HOST}`,
      proxyOptions: { host: 'http://127.0.0.1', port: proxy.port, username: 'builder', password },
    });
    for (const result of [fromVariable, fromOptions]) {
      expect(result.error).toBeUndefined();
      expect(await emulator.verifyAccessToken(result.token ?? '')).toBeDefined();
    }
    const expected = `Basic ${Buffer.from(`builder:${password}`).toString('base64')}`;
    expect(proxy.authorizations).toEqual([expected, expected]);
    await proxy.stop();
  });

  it('fails clearly when the proxy refuses the credentials (407): the proxy is named, its password is not', async () => {
    const password = testSecret('proxy-password');
    proxy = await startConnectProxy({
      routes: { [`${PROXIED_HOST}:443`]: emulatorPort() },
      credentials: 'builder:the-right-one',
    });
    const result = await run(
      { authorityHost: `https://${PROXIED_HOST}` },
      { HTTPS_PROXY: `http://builder:${password}@127.0.0.1:${proxy.port}` },
    );
    expect(result.error?.name).toBe('AuthenticationError');
    expect(result.error?.message).toContain(`the proxy 127.0.0.1:${proxy.port} answered CONNECT with 407`);
    expect(result.error?.message).toContain('check the proxy username and password');
    expect(result.error?.message).not.toContain(password);
    // Not retried: the proxy said no, and asking again would not change its mind.
    expect(proxy.tunnels).toHaveLength(1);
    await proxy.stop();
  });

  it('fails clearly when the proxy cannot be reached, naming it', async () => {
    const result = await run(
      { authorityHost: `https://${PROXIED_HOST}`, retryOptions: { maxRetries: 0 } },
      { HTTPS_PROXY: 'http://127.0.0.1:9' },
    );
    expect(result.error?.name).toBe('AuthenticationError');
    expect(result.error?.message).toMatch(/the proxy 127\.0\.0\.1:9: connect ECONNREFUSED/);
  });
});

describe('a Node app bundled with code splitting (ESM, a folder of chunks)', () => {
  const run = (split: 'all' | 'startup', authorityHost: string, env: Record<string, string> = {}) => {
    const app = emulator.registerApp({});
    return runBundledApp({
      source: APP,
      resolveDir: packageDir,
      format: 'esm',
      split,
      input: {
        tenantId: app.tenantId,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        authorityHost,
      },
      env: { NODE_EXTRA_CA_CERTS: caFile, ...env },
    }) as Promise<AppResult>;
  };

  it('keeps the proxy tunnel in a chunk of its own, which nothing loads at start', async () => {
    const files = await bundleChunks(APP, { platform: 'node', resolveDir: packageDir });
    expect(files.filter((file) => file.startup).some((file) => file.text.includes('CONNECT'))).toBe(false);
    expect(files.filter((file) => !file.startup && file.text.includes('CONNECT'))).toHaveLength(1);
  });

  it('gets a token without a proxy from a folder that holds only what loads at start', async () => {
    const result = await run('startup', emulator.url);
    expect(result.error).toBeUndefined();
    expect(await emulator.verifyAccessToken(result.token ?? '')).toBeDefined();
  });

  it('loads the tunnel chunk from the folder when HTTPS_PROXY is set, and gets a token through the proxy', async () => {
    const proxy = await startConnectProxy({
      routes: { [`${PROXIED_HOST}:443`]: Number(new URL(emulator.url).port) },
    });
    try {
      const result = await run('all', `https://${PROXIED_HOST}`, { HTTPS_PROXY: proxy.url });
      expect(result.error).toBeUndefined();
      expect(await emulator.verifyAccessToken(result.token ?? '')).toBeDefined();
      expect(proxy.tunnels).toEqual([`${PROXIED_HOST}:443`]);
    } finally {
      await proxy.stop();
    }
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('holds the credential and nothing of Node: no node: import, no built-in, no undici, no tunnel', async () => {
    const code = await bundleCode(`${APP}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    expect(code).toContain('client_credentials');
    expect(nodeOnlyImports(code)).toEqual([]);
    expect(code).not.toContain('CONNECT');
  });
});
