// What the loopback tests share: whether anything still listens where a sign-in's server was.
import { connect } from 'node:net';
import { expect } from 'vitest';

/**
 * Whether something accepts TCP connections at host:port.
 *
 * @example
 * ```ts
 * await acceptsConnections('::1', 53123); // false once the server closed
 * ```
 */
export function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Asserts that nothing listens any more at a redirect URI's port, on 127.0.0.1 or on ::1.
 *
 * @example
 * ```ts
 * await expectNoServerAt(listener.redirectUri);
 * ```
 */
export async function expectNoServerAt(redirectUri: string): Promise<void> {
  const port = Number(new URL(redirectUri).port);
  expect(await acceptsConnections('127.0.0.1', port)).toBe(false);
  expect(await acceptsConnections('::1', port)).toBe(false);
}
