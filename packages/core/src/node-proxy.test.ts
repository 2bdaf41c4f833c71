// Proxies on Node: which requests go through which proxy, and requests through a real CONNECT proxy on loopback.
// (Over TLS, from a one-file bundle, the client-secret package's bundle test takes the same path end to end.)
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { startEmulator } from '@identity/emulator';
import { startConnectProxy, type TestProxy } from '@identity/tooling/test-proxy';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError, NetworkError } from './errors.js';
import { HttpClient } from './http-transport.js';
import { fetchThroughProxy, proxyFor, runtimeHonoursProxyVariables } from './node-proxy.js';
// What the `node` entry hands out: it loads node-proxy.js when a proxy is configured, so these cases cover both.
import { nodeProxyAwareFetch } from './node-proxy-fetch.js';

const url = (u: string) => new URL(u);

describe('proxyFor', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' };

  it('picks the proxy by scheme, in either case of the variable', () => {
    expect(proxyFor(url('https://login.microsoftonline.com/x'), env)).toBe('http://proxy.corp:3128');
    expect(proxyFor(url('http://example.com/x'), env)).toBe('http://plain.corp:8080');
    expect(proxyFor(url('https://login.microsoftonline.com/x'), { https_proxy: 'http://lower:1' })).toBe(
      'http://lower:1',
    );
    expect(proxyFor(url('https://login.microsoftonline.com/x'), {})).toBeUndefined();
  });

  it('never proxies loopback or the IMDS address', () => {
    for (const direct of [
      'http://127.0.0.1:9/x',
      'http://localhost/x',
      'http://[::1]/x',
      'http://169.254.169.254/metadata',
    ]) {
      expect(proxyFor(url(direct), env), direct).toBeUndefined();
    }
  });

  it('honours NO_PROXY: *, exact hosts, domain suffixes and ports, in either case', () => {
    const target = url('https://login.microsoftonline.com/x');
    expect(proxyFor(target, { ...env, NO_PROXY: '*' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: 'login.microsoftonline.com' })).toBeUndefined();
    expect(proxyFor(target, { ...env, no_proxy: '.microsoftonline.com' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: 'MicrosoftOnline.com, other' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: '*.microsoftonline.com' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: 'login.microsoftonline.com:8443' })).toBe(
      'http://proxy.corp:3128',
    );
    expect(proxyFor(target, { ...env, NO_PROXY: 'login.microsoftonline.com:443' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: 'notmicrosoftonline.com' })).toBe('http://proxy.corp:3128');
  });
});

describe('runtimeHonoursProxyVariables', () => {
  it('is true only with NODE_USE_ENV_PROXY=1 on a Node whose fetch follows it (24+, 22.21+)', () => {
    const on = { NODE_USE_ENV_PROXY: '1' };
    expect(runtimeHonoursProxyVariables(on, '24.0.0')).toBe(true);
    expect(runtimeHonoursProxyVariables(on, '25.2.1')).toBe(true);
    expect(runtimeHonoursProxyVariables(on, '22.21.0')).toBe(true);
    expect(runtimeHonoursProxyVariables(on, '22.20.0')).toBe(false);
    expect(runtimeHonoursProxyVariables(on, '23.11.0')).toBe(false);
    expect(runtimeHonoursProxyVariables(on, '20.19.5')).toBe(false);
    expect(runtimeHonoursProxyVariables({}, '24.0.0')).toBe(false);
    expect(runtimeHonoursProxyVariables({ NODE_USE_ENV_PROXY: '0' }, '24.0.0')).toBe(false);
  });
});

describe('nodeProxyAwareFetch, with a real CONNECT proxy', () => {
  // Whatever a request asks the proxy for, its tunnel ends at this server: nothing leaves the machine.
  let target: Server;
  let targetPort: number;
  let proxy: TestProxy;
  const TARGET = 'http://login.example.test/t';
  beforeAll(async () => {
    target = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ through: 'proxy', method: request.method, host: request.headers.host }));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetPort = (target.address() as AddressInfo).port;
  });
  afterEach(() => proxy?.stop());
  afterAll(() => new Promise((resolve) => target.close(resolve)));

  const routes = () => ({ 'login.example.test:80': targetPort });

  it('sends a request through the HTTP_PROXY tunnel, and its answer comes back as a Response', async () => {
    proxy = await startConnectProxy({ routes: routes() });
    const response = await nodeProxyAwareFetch({ HTTP_PROXY: proxy.url })(TARGET, {
      method: 'POST',
      body: 'x',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ through: 'proxy', method: 'POST', host: 'login.example.test' });
    expect(proxy.tunnels).toEqual(['login.example.test:80']);
  });

  it('reads the variables at each request, and takes a bare host:port as an http proxy', async () => {
    proxy = await startConnectProxy({ routes: routes() });
    const env: Record<string, string> = {};
    const fetchLater = nodeProxyAwareFetch(env);
    env.http_proxy = `127.0.0.1:${proxy.port}`;
    expect((await fetchLater(TARGET, { method: 'GET' })).status).toBe(200);
    expect(proxy.tunnels).toEqual(['login.example.test:80']);
  });

  it('uses proxyOptions over the variables, with its credentials as Proxy-Authorization', async () => {
    const password = testSecret('proxy-password');
    proxy = await startConnectProxy({ routes: routes(), credentials: `builder:${password}` });
    const fetchWithOptions = nodeProxyAwareFetch(
      { HTTP_PROXY: 'http://127.0.0.1:9' },
      { host: '127.0.0.1', port: proxy.port, username: 'builder', password },
    );
    expect((await fetchWithOptions(TARGET, { method: 'GET' })).status).toBe(200);
    expect(proxy.authorizations).toEqual([`Basic ${Buffer.from(`builder:${password}`).toString('base64')}`]);
  });

  it('turns a 407 into a NetworkError that names the proxy and never its password; HttpClient does not retry it', async () => {
    const password = testSecret('proxy-password');
    proxy = await startConnectProxy({ routes: routes(), credentials: 'builder:another' });
    const http = new HttpClient({
      fetch: nodeProxyAwareFetch({ HTTP_PROXY: `http://builder:${password}@127.0.0.1:${proxy.port}` }),
    });
    const error = await http.send({ url: TARGET, method: 'GET' }).catch((e: unknown) => e);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `GET http://login.example.test/t failed: the proxy 127.0.0.1:${proxy.port} answered CONNECT with 407 Proxy Authentication Required; check the proxy username and password.`,
    );
    expect((error as Error).message).not.toContain(password);
    expect(proxy.tunnels).toHaveLength(1);
  });

  it('names a proxy that refuses the tunnel, and one that cannot be reached', async () => {
    proxy = await startConnectProxy({ routes: {} });
    const refused = await nodeProxyAwareFetch({ HTTP_PROXY: proxy.url })(TARGET, { method: 'GET' }).catch(
      (e: unknown) => e,
    );
    expect((refused as Error).message).toContain(
      `the proxy 127.0.0.1:${proxy.port} answered CONNECT with 403`,
    );
    const unreachable = await nodeProxyAwareFetch({ HTTP_PROXY: 'http://127.0.0.1:9' })(TARGET, {
      method: 'GET',
    }).catch((e: unknown) => e);
    expect((unreachable as Error).message).toMatch(/^the proxy 127\.0\.0\.1:9: connect ECONNREFUSED/);
  });

  it('is bounded by the request signal while the proxy says nothing to CONNECT', async () => {
    const silent = createTcpServer((socket: Socket) => socket.on('error', () => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const http = new HttpClient({
        fetch: nodeProxyAwareFetch({ HTTP_PROXY: `http://127.0.0.1:${port}` }),
        timeoutInMs: 200,
        retryPolicy: { maxRetries: 0, totalTimeoutInMs: 1000, shouldRetry: () => false, delayInMs: () => 0 },
      });
      const error = await http.send({ url: TARGET, method: 'GET' }).catch((e: unknown) => e);
      expect(NetworkError.isInstance(error) && error.code).toBe('REQUEST_TIMEOUT');
    } finally {
      silent.close();
    }
  });

  it('refuses a proxy variable that is not a URL, without quoting it (it may hold a password)', async () => {
    const password = testSecret('proxy-password');
    const error = await nodeProxyAwareFetch({ HTTPS_PROXY: `http://user:${password}@proxy.corp:port` })(
      'https://login.example.test/t',
      { method: 'GET' },
    ).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/is not a URL such as http:\/\/proxy\.example:3128/);
    expect((error as Error).message).not.toContain(password);
  });
});

describe('nodeProxyAwareFetch, going direct', () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = () => new Response('ok');

  it('uses the global fetch, looked up at each request, when no proxy is configured', async () => {
    const fetchNow = nodeProxyAwareFetch({});
    const installedLater = vi.fn(async () => answer());
    vi.stubGlobal('fetch', installedLater);
    await fetchNow('https://login.microsoftonline.com/t', { method: 'GET' });
    expect(installedLater).toHaveBeenCalledWith('https://login.microsoftonline.com/t', { method: 'GET' });
  });

  it('sends loopback direct, even with a proxy variable or proxyOptions', async () => {
    const global = vi.fn(async () => answer());
    vi.stubGlobal('fetch', global);
    await nodeProxyAwareFetch({ HTTP_PROXY: 'http://127.0.0.1:9' })('http://127.0.0.1:8080/token', {});
    await nodeProxyAwareFetch({}, { host: '127.0.0.1', port: 9 })('http://localhost:8080/token', {});
    expect(global).toHaveBeenCalledTimes(2);
  });

  it('leaves a host NO_PROXY lists to the global fetch', async () => {
    const global = vi.fn(async () => answer());
    vi.stubGlobal('fetch', global);
    const env = { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '.microsoftonline.com' };
    await nodeProxyAwareFetch(env)('https://login.microsoftonline.com/t', {});
    expect(global).toHaveBeenCalledOnce();
  });

  it('on Bun and Deno, whose fetch follows the variables itself, is the portable fetch', async () => {
    vi.stubGlobal('Bun', {});
    const global = vi.fn(async () => answer());
    vi.stubGlobal('fetch', global);
    await nodeProxyAwareFetch({ HTTPS_PROXY: 'http://127.0.0.1:9' })(
      'https://login.microsoftonline.com/t',
      {},
    );
    expect(global).toHaveBeenCalledOnce();
  });
});

describe('fetchThroughProxy', () => {
  it('checks the TLS certificate of the real host at the end of the tunnel', async () => {
    // An HTTPS server (the emulator) whose certificate names login.example.test, and no CA here vouches for.
    const emulator = await startEmulator({ https: true, hostNames: ['login.example.test'] });
    const proxy = await startConnectProxy({
      routes: { 'login.example.test:443': Number(new URL(emulator.url).port) },
    });
    try {
      const error = await fetchThroughProxy(proxy.url, url('https://login.example.test/t'), {
        method: 'GET',
      }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/self.signed certificate/);
      expect(proxy.tunnels).toEqual(['login.example.test:443']);
      expect(emulator.requests).toHaveLength(0);
    } finally {
      await proxy.stop();
      await emulator.stop();
    }
  });
});
