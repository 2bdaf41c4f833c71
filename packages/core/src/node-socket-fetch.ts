// Node only. One HTTP/1.1 request over node:http: on a connection someone else opened and secured (a tunnel
// through a proxy, TLS pinned to a thumbprint, TLS that trusts only a cluster's CA; fetch cannot be handed a
// socket, node:http can), or on a plain-http connection of its own. What comes back is a web Response, so the code
// above it is the same on every runtime.
import type { Duplex } from 'node:stream';

/**
 * Sends `init` to `url` over `socket` (already connected, and secured when `url` is https), or, without one, over
 * a plain-http connection of its own (`url` must be http; the connection is closed after the answer, never
 * pooled). Resolves with the response once its head arrives; the body streams. Honours `init.signal`: an abort
 * destroys the socket. Nothing on the way out touches the fetch globals (`Headers`, `fetch`), so a request that
 * gets no answer never makes Node load its fetch implementation (tens of ms on a process's first request).
 *
 * @example
 * ```ts
 * const response = await fetchOverSocket(new URL(tokenUrl), { method: 'POST', body }, tlsSocket);
 * const imds = await fetchOverSocket(new URL('http://169.254.169.254/metadata/identity/oauth2/token?...'), { headers });
 * ```
 */
export async function fetchOverSocket(url: URL, init: RequestInit, socket?: Duplex): Promise<Response> {
  // Imported when first needed, so that loading this package does not load node:http.
  const { request } = await import('node:http');
  // Pairs (a Headers object or an array) through their iterator; a plain object as it is.
  const headers = init.headers as Iterable<[string, string]> | Record<string, string> | undefined;
  return new Promise((resolve, reject) => {
    request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: url.pathname + url.search,
        method: init.method,
        // The URL's own host: node:http would name the port even where it is the scheme's default.
        headers: {
          host: url.host,
          ...(headers && Symbol.iterator in headers ? Object.fromEntries(headers) : headers),
        },
        signal: init.signal as AbortSignal,
        ...(socket ? { createConnection: () => socket } : { agent: false }),
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

/**
 * The fetch for endpoints on this host or its link-local network (managed identity's): plain-http URLs over
 * node:http ({@link fetchOverSocket} without a socket), anything else through the global fetch. A request that
 * gets no answer then costs no more than the connection attempt: Node's fetch implementation is never started.
 *
 * @example
 * ```ts
 * const http = new HttpClient({ fetch: nodeHttpFetch });
 * await http.send({ url: 'http://169.254.169.254/metadata/identity/oauth2/token?...', method: 'GET' });
 * ```
 */
export function nodeHttpFetch(url: string, init: RequestInit): Promise<Response> {
  return url.startsWith('http:') ? fetchOverSocket(new URL(url), init) : globalThis.fetch(url, init);
}
