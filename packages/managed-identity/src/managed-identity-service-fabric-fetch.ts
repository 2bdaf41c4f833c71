// Node only. Service Fabric's endpoint presents a certificate the cluster issued, which no public CA vouches
// for; it is trusted by its thumbprint instead. The TLS connection is made and checked first, and only then is
// the request (with its secret header) written to it.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import type { FetchLike } from '@identity/core';
import { AuthenticationError } from '@identity/core';

const MAX_BODY_BYTES = 1024 * 1024;

function normalize(thumbprint: string): string {
  return thumbprint.replace(/[\s:]/g, '').toUpperCase();
}

function mismatch(): AuthenticationError {
  return new AuthenticationError(
    0,
    {
      error: 'untrusted_server',
      error_description:
        "the Service Fabric endpoint's certificate does not match IDENTITY_SERVER_THUMBPRINT; nothing was sent.",
    },
    {
      credentialName: 'ManagedIdentityCredential',
      nextStep: 'Check that IDENTITY_ENDPOINT and IDENTITY_SERVER_THUMBPRINT come from the same cluster.',
      anchor: 'managed-identity-service-fabric',
    },
  );
}

function toResponse(message: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    for (const item of [value ?? []].flat()) headers.append(name, item);
  }
  const status = message.statusCode ?? 502;
  const empty = status === 204 || status === 304 || body.length === 0;
  return new Response(empty ? null : new Uint8Array(body), { status, headers });
}

/**
 * A fetch over node:https that accepts the server only when its certificate's SHA-1 or SHA-256 fingerprint
 * equals `thumbprint` (hex, any case, colons allowed). The request is written after the check, so a wrong
 * server never sees it. Honours `init.signal`.
 *
 * @example
 * ```ts
 * const fetchPinned = pinnedFetch(process.env.IDENTITY_SERVER_THUMBPRINT!);
 * await fetchPinned('https://localhost:2377/metadata/identity/oauth2/token?...', { method: 'GET', headers: { secret } });
 * ```
 */
export function pinnedFetch(thumbprint: string): FetchLike {
  const expected = normalize(thumbprint);
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'https:') return reject(new TypeError('pinnedFetch needs an https URL.'));
      const signal = init.signal;
      if (signal?.aborted) return reject(signal.reason);
      const host = target.hostname.replace(/^\[|\]$/g, '');
      const socket: TLSSocket = connect({
        host,
        port: Number(target.port || 443),
        ...(isIP(host) ? {} : { servername: host }),
        // The chain is not CA-signed; the fingerprint check below is the trust decision.
        rejectUnauthorized: false,
      });
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(error);
      };
      const onAbort = () => fail(signal?.reason ?? new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', fail);
      socket.once('secureConnect', () => {
        const certificate = socket.getPeerCertificate();
        const presented = [certificate?.fingerprint, certificate?.fingerprint256].filter(Boolean).map(String);
        if (!presented.some((fingerprint) => normalize(fingerprint) === expected)) return fail(mismatch());
        const outgoing = request(
          {
            host,
            port: target.port || 443,
            path: `${target.pathname}${target.search}`,
            method: init.method ?? 'GET',
            headers: Object.fromEntries(new Headers(init.headers).entries()),
            createConnection: () => socket,
          },
          (message) => {
            const chunks: Buffer[] = [];
            let size = 0;
            message.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_BODY_BYTES) return fail(new Error('The response body is too large.'));
              chunks.push(chunk);
            });
            message.on('error', fail);
            message.on('end', () => {
              if (settled) return;
              settled = true;
              signal?.removeEventListener('abort', onAbort);
              socket.end();
              resolve(toResponse(message, Buffer.concat(chunks)));
            });
          },
        );
        outgoing.on('error', fail);
        outgoing.end(typeof init.body === 'string' ? init.body : undefined);
      });
    });
}
