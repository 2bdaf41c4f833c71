// A loopback port nothing listens on, for tests that need an endpoint which refuses at once (a managed-identity
// endpoint that is not there: nothing leaves the machine) or a port of their own to listen on.
import { createServer } from 'node:net';

/**
 * A port of 127.0.0.1 that was listened on and closed again: nothing listens there now.
 *
 * @example
 * ```ts
 * const imds = `http://127.0.0.1:${await closedPort()}`;
 * ```
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
