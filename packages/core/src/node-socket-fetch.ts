// Node only. One HTTP/1.1 request on a connection someone else opened and secured: a tunnel through a proxy,
// TLS pinned to a thumbprint, TLS that trusts only a cluster's CA. fetch cannot be handed a socket, node:http
// can; what comes back is a web Response, so the code above it is the same on every runtime.
import type { Duplex } from 'node:stream';

/**
 * Sends `init` to `url` over `socket` (already connected, and secured when `url` is https) and resolves with
 * the response once its head arrives; the body streams. Honours `init.signal`: an abort destroys the socket.
 *
 * @example
 * ```ts
 * const response = await fetchOverSocket(new URL(tokenUrl), { method: 'POST', body }, tlsSocket);
 * ```
 */
export async function fetchOverSocket(url: URL, init: RequestInit, socket: Duplex): Promise<Response> {
  // Imported when first needed, so that loading this package does not load node:http.
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method,
        // The URL's own host: node:http would name the port even where it is the scheme's default.
        headers: { host: url.host, ...Object.fromEntries(new Headers(init.headers)) },
        signal: init.signal as AbortSignal,
        createConnection: () => socket,
      },
      (message) => {
        const status = message.statusCode as number;
        // 204, 205 and 304 have no body, and Response refuses one for them.
        const body = /^(204|205|304)$/.test(`${status}`) ? null : (message as unknown as BodyInit);
        resolve(new Response(body, { status, headers: message.headers as HeadersInit }));
      },
    )
      .on('error', reject)
      .end(init.body as string | undefined);
  });
}
