import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { proxyFor } from './node-proxy.js';

const url = (u: string) => new URL(u);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

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

  it('honours NO_PROXY: *, exact hosts, domain suffixes and ports', () => {
    const target = url('https://login.microsoftonline.com/x');
    expect(proxyFor(target, { ...env, NO_PROXY: '*' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: 'login.microsoftonline.com' })).toBeUndefined();
    expect(proxyFor(target, { ...env, no_proxy: '.microsoftonline.com' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: 'microsoftonline.com, other' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: 'login.microsoftonline.com:8443' })).toBe(
      'http://proxy.corp:3128',
    );
    expect(proxyFor(target, { ...env, NO_PROXY: 'login.microsoftonline.com:443' })).toBeUndefined();
    expect(proxyFor(target, { ...env, NO_PROXY: 'notmicrosoftonline.com' })).toBe('http://proxy.corp:3128');
  });
});

describe('requests through a real proxy (Node, undici)', () => {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const target = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"through":"proxy"}');
  });
  const proxy = createServer();
  proxy.on('connect', (req, client: Socket, head) => {
    tunnels.push(req.url ?? '');
    // Whatever host was asked for, the tunnel ends at the local target: nothing leaves the machine.
    const upstream = connect((target.address() as AddressInfo).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
  });
  const ready = Promise.all([
    new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve)),
  ]);
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    target.close();
    proxy.close();
  });

  it('sends requests through HTTP_PROXY with undici, loaded only then', async () => {
    await ready;
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    // A separate Node process imports the built package as a user would; the variable-specifier import of
    // @identity/core/node-proxy and of undici happens there.
    const script = `import { HttpClient, proxyAwareFetch } from '@identity/core/internal';
      const r = await new HttpClient({ fetch: proxyAwareFetch(process.env) }).send({ url: 'http://login.example.test/t', method: 'GET' });
      console.log(r.status, r.body);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageRoot,
      env: { PATH: process.env.PATH, HTTP_PROXY: proxyUrl },
      timeout: 15_000,
    });
    expect(stdout.trim()).toBe('200 {"through":"proxy"}');
    expect(tunnels).toEqual(['login.example.test:80']);
  });
});

describe('bundles for edge runtimes', () => {
  it('contain neither undici nor any Node built-in', async () => {
    const result = await build({
      stdin: {
        contents: "export * from './dist/index.js'; export * from './dist/internal.js';",
        resolveDir: packageRoot,
      },
      bundle: true,
      write: false,
      platform: 'neutral',
      format: 'esm',
      logLevel: 'silent',
    });
    const text = result.outputFiles[0]?.text ?? '';
    expect(text).toMatch(/HttpClient = class/);
    expect(text).not.toMatch(/from\s*["'](node:|undici)/);
    expect(text).not.toMatch(/require\(["'](node:|undici)/);
  });
});
