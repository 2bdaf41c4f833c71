// The `node` entry's fetch loads the tunnel only for a request that finds a proxy configured; what the tunnel
// does with it is node-proxy.test.ts's.
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('./node-proxy.js');
  vi.unstubAllGlobals();
  vi.resetModules();
});

// A fresh copy of node-proxy-fetch.ts, and a record of whether it imported the tunnel (the real one).
async function freshFetchModule() {
  vi.resetModules();
  const loads = vi.fn();
  vi.doMock('./node-proxy.js', async (importOriginal) => {
    loads();
    return importOriginal();
  });
  return { ...(await import('./node-proxy-fetch.js')), loads };
}

describe('nodeProxyAwareFetch', () => {
  it('without a proxy, goes to the global fetch and never loads the tunnel', async () => {
    const { nodeProxyAwareFetch, loads } = await freshFetchModule();
    const global = vi.fn(async () => new Response('ok'));
    vi.stubGlobal('fetch', global);
    await nodeProxyAwareFetch({ NO_PROXY: '*' })('https://login.microsoftonline.com/t', { method: 'GET' });
    expect(global).toHaveBeenCalledWith('https://login.microsoftonline.com/t', { method: 'GET' });
    expect(loads).not.toHaveBeenCalled();
  });

  it('loads the tunnel for a request that finds a proxy variable or proxyOptions', async () => {
    const { nodeProxyAwareFetch, loads } = await freshFetchModule();
    const global = vi.fn(async () => new Response('ok'));
    vi.stubGlobal('fetch', global);
    // Loopback goes direct even through the tunnel's rules, so nothing is sent anywhere else.
    await nodeProxyAwareFetch({ https_proxy: 'http://127.0.0.1:9' })('http://127.0.0.1:8080/t', {});
    await nodeProxyAwareFetch({}, { host: '127.0.0.1', port: 9 })('http://127.0.0.1:8080/t', {});
    expect(loads).toHaveBeenCalledOnce();
    expect(global).toHaveBeenCalledTimes(2);
  });
});
