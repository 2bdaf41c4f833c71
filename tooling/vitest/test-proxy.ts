// A forward proxy for tests, as corporate networks have them: it answers CONNECT and tunnels bytes. Every tunnel
// ends on loopback: `routes` maps the host:port a client asks for (a name that resolves nowhere, such as
// `login.test:443`) to a local port, so nothing leaves the machine. It records what it was asked, and can demand
// Basic credentials (a 407 otherwise).
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface TestProxy {
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY or `proxyOptions`. */
  readonly url: string;
  readonly port: number;
  /** Each CONNECT target asked for, in order (refused ones too). */
  readonly tunnels: string[];
  /** The `Proxy-Authorization` header of each CONNECT, in the same order. */
  readonly authorizations: (string | undefined)[];
  stop(): Promise<void>;
}

export interface TestProxyOptions {
  /** Where each allowed target is tunnelled: `'login.test:443'` → a port on 127.0.0.1. Others get a 403. */
  routes: Record<string, number>;
  /** `user:password` the proxy demands (Basic); without it, anyone may connect. */
  credentials?: string;
}

/**
 * Starts the proxy on an ephemeral loopback port.
 *
 * @example
 * ```ts
 * const proxy = await startConnectProxy({ routes: { 'login.test:443': Number(new URL(emulator.url).port) } });
 * // HTTPS_PROXY=proxy.url; after the request: expect(proxy.tunnels).toEqual(['login.test:443'])
 * ```
 */
export async function startConnectProxy(options: TestProxyOptions): Promise<TestProxy> {
  const tunnels: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials && `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const server: Server = createServer((_request, response) => response.writeHead(405).end());
  server.on('connect', (request, client: Socket, head: Buffer) => {
    sockets.add(client);
    const target = request.url ?? '';
    const authorization = request.headers['proxy-authorization'];
    tunnels.push(target);
    authorizations.push(authorization);
    const refuse = (status: string, extra = '') => client.end(`HTTP/1.1 ${status}\r\n${extra}\r\n`);
    if (expected && authorization !== expected) {
      return refuse('407 Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="test"\r\n');
    }
    const port = options.routes[target];
    if (port === undefined) return refuse('403 Forbidden');
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    authorizations,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
