import { afterEach, describe, expect, it, vi } from 'vitest';
import { isNodeRuntime, proxyAwareFetch } from './proxy-fetch.js';

const answer = () => new Response('ok');

afterEach(() => vi.unstubAllGlobals());

describe('proxyAwareFetch', () => {
  it('uses the global fetch, looked up at each request, when no proxy is configured', async () => {
    const viaProxy = proxyAwareFetch({});
    const installedLater = vi.fn(async () => answer());
    vi.stubGlobal('fetch', installedLater);
    await viaProxy('https://login.microsoftonline.com/t', { method: 'GET' });
    expect(installedLater).toHaveBeenCalledWith('https://login.microsoftonline.com/t', { method: 'GET' });
  });

  it('leaves proxies to the runtime outside Node proper (Bun and Deno fetch honour HTTPS_PROXY themselves)', async () => {
    vi.stubGlobal('Bun', {});
    expect(isNodeRuntime()).toBe(false);
    const global = vi.fn(async () => answer());
    vi.stubGlobal('fetch', global);
    await proxyAwareFetch({ HTTPS_PROXY: 'http://proxy.invalid:3128' })(
      'https://login.microsoftonline.com/t',
      {},
    );
    expect(global).toHaveBeenCalledOnce();
  });

  it('sends a request to loopback direct on Node even with a proxy set', async () => {
    expect(isNodeRuntime()).toBe(true);
    const global = vi.fn(async () => answer());
    vi.stubGlobal('fetch', global);
    await proxyAwareFetch({ HTTP_PROXY: 'http://proxy.invalid:3128' })('http://127.0.0.1:8080/token', {});
    expect(global).toHaveBeenCalledOnce();
  });
});
