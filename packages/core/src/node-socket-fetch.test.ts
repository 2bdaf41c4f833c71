// fetchOverSocket: one request on a socket opened by someone else (here a plain TCP connection to a local server).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOverSocket } from './node-socket-fetch.js';

let server: Server;
let port: number;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request);
    if (request.url === '/empty') return response.writeHead(204).end();
    if (request.url === '/stall') return;
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'text/plain', 'x-answer': '42' });
      response.end(`${request.method} ${request.url} ${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const socket = () => connect(port, '127.0.0.1');

describe('fetchOverSocket', () => {
  it('sends method, path, query, headers and body, and resolves with status, headers and body', async () => {
    const response = await fetchOverSocket(
      new URL('http://login.example.test/t/token?x=1'),
      { method: 'POST', headers: new Headers({ 'content-type': 'text/plain' }), body: 'hello' },
      socket(),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('x-answer')).toBe('42');
    expect(await response.text()).toBe('POST /t/token?x=1 hello');
    const request = seen.at(-1);
    // The URL's host as fetch would send it: no port where it is the scheme's default.
    expect(request?.headers.host).toBe('login.example.test');
    expect(request?.headers['content-type']).toBe('text/plain');
  });

  it('names a port that is not the default one, and gives a 204 no body', async () => {
    const response = await fetchOverSocket(new URL('https://login.example.test:8443/empty'), {}, socket());
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(seen.at(-1)?.headers.host).toBe('login.example.test:8443');
  });

  it('without a socket, opens a plain-http connection of its own, closed after the answer', async () => {
    const response = await fetchOverSocket(new URL(`http://127.0.0.1:${port}/imds?api-version=1`), {
      method: 'GET',
      headers: { Metadata: 'true' },
    });
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('GET /imds?api-version=1 ');
    const request = seen.at(-1);
    expect(request?.headers.host).toBe(`127.0.0.1:${port}`);
    expect(request?.headers.metadata).toBe('true');
    // Not pooled: nothing is left open once the answer is read.
    expect(request?.headers.connection).toBe('close');
  });

  it('without a socket, rejects with the system error when nothing listens', async () => {
    await expect(fetchOverSocket(new URL('http://127.0.0.1:9/'), { method: 'GET' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('rejects when the signal fires before the answer', async () => {
    const pending = fetchOverSocket(
      new URL('http://login.example.test/stall'),
      { method: 'GET', signal: AbortSignal.timeout(50) },
      socket(),
    );
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
