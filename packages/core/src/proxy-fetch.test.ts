// The portable proxyAwareFetch: what runtimes without Node's proxy support get (edge runtimes, browsers; Deno and
// Bun through the Node entry, whose fetch honours HTTPS_PROXY itself).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialUnavailableError } from './errors.js';
import { isNodeRuntime, proxyAwareFetch } from './proxy-fetch.js';

const answer = () => new Response('ok');

afterEach(() => vi.unstubAllGlobals());

describe('proxyAwareFetch (portable)', () => {
  it('is the global fetch, looked up at each request, whatever the variables say', async () => {
    const fetchNow = proxyAwareFetch({ HTTPS_PROXY: 'http://proxy.invalid:3128' });
    const installedLater = vi.fn(async () => answer());
    vi.stubGlobal('fetch', installedLater);
    await fetchNow('https://login.microsoftonline.com/t', { method: 'GET' });
    expect(installedLater).toHaveBeenCalledWith('https://login.microsoftonline.com/t', { method: 'GET' });
  });

  it('says plainly that proxyOptions cannot be honoured here, and sends nothing', async () => {
    const global = vi.fn(async () => answer());
    vi.stubGlobal('fetch', global);
    const error = await proxyAwareFetch({}, { host: 'proxy.corp', port: 3128 })(
      'https://login.example/t',
      {},
    ).catch((e: unknown) => e);
    expect(CredentialUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/proxyOptions works on Node\.js only.*#proxy$/);
    expect(global).not.toHaveBeenCalled();
  });
});

describe('isNodeRuntime', () => {
  it('is true on Node, false where Bun or Deno stand in for it', () => {
    expect(isNodeRuntime()).toBe(true);
    vi.stubGlobal('Bun', {});
    expect(isNodeRuntime()).toBe(false);
    vi.unstubAllGlobals();
    vi.stubGlobal('Deno', {});
    expect(isNodeRuntime()).toBe(false);
  });
});
