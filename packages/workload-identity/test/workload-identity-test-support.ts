// Test helpers: a throwaway CA and server certificate made with openssl (argument arrays, no shell), and a
// local HTTPS "AKS token proxy" that forwards token requests under a path prefix to the emulator.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';

/**
 * A CA and a server certificate it signed for `serverName`, as PEM.
 *
 * @example
 * ```ts
 * const tls: TestTls = createTestTls('proxy.aks.test');
 * ```
 */
export interface TestTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * Makes a CA and a server certificate for `serverName` with openssl.
 *
 * @example
 * ```ts
 * const { caPem, certPem, keyPem } = createTestTls('proxy.aks.test');
 * ```
 */
export function createTestTls(serverName: string): TestTls {
  const dir = temporaryFolder('wi-tls');
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', timeout: 30_000 });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '1',
    '-subj',
    '/CN=workload identity test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    `/CN=${serverName}`,
  );
  writeFileSync(
    file('ext.cnf'),
    `subjectAltName=DNS:${serverName}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.crt'),
    '-days',
    '1',
    '-extfile',
    file('ext.cnf'),
  );
  const read = (name: string) => readFileSync(file(name), 'utf8');
  return { caPem: read('ca.crt'), certPem: read('server.crt'), keyPem: read('server.key') };
}

/**
 * A running test proxy and what it saw.
 *
 * @example
 * ```ts
 * const proxy: TestProxy = await startTestProxy(tls, emulator.url, '/aks-proxy');
 * ```
 */
export interface TestProxy {
  url: string;
  /** Each request: its path as received and the TLS server name the client sent. */
  seen: { path: string; servername: string | false | undefined }[];
  stop(): Promise<void>;
}

/**
 * Starts an HTTPS server with the test certificate that forwards requests under `prefix` to `target`.
 *
 * @example
 * ```ts
 * const proxy = await startTestProxy(createTestTls('proxy.aks.test'), emulator.url, '/aks-proxy');
 * ```
 */
export async function startTestProxy(tls: TestTls, target: string, prefix: string): Promise<TestProxy> {
  const seen: TestProxy['seen'] = [];
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (request, response) => {
    const path = request.url ?? '/';
    seen.push({ path, servername: (request.socket as { servername?: string | false }).servername });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      if (!path.startsWith(`${prefix}/`)) {
        response.writeHead(404).end();
        return;
      }
      const forwarded = await fetch(`${target}${path.slice(prefix.length)}`, {
        method: request.method,
        headers: { 'content-type': String(request.headers['content-type'] ?? '') },
        body: Buffer.concat(chunks).toString('utf8') || undefined,
      });
      response.writeHead(forwarded.status, {
        'content-type': forwarded.headers.get('content-type') ?? 'text/plain',
      });
      response.end(await forwarded.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
