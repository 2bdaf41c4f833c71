import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { jsonResponse, manualClock, scriptedFetch, settleOnClock } from '@identity/tooling/test-world';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, NetworkError } from './errors.js';
import { exponentialRetryPolicy, HttpClient, MAX_RESPONSE_BYTES } from './http-transport.js';

const request = {
  url: 'https://login.example.test/t/oauth2/v2.0/token',
  method: 'POST' as const,
  body: 'a=b',
};
const noJitter = () => 1;

/** Runs `send` while advancing the manual clock through every backoff, and returns what the waits were. */
function sendThroughBackoff(http: HttpClient, clock: ReturnType<typeof manualClock>) {
  return settleOnClock(clock, http.send(request));
}

describe('HttpClient retries', () => {
  it('retries 5xx, 429 and 408 with exponential backoff, then returns the success', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(
      () => new Response('', { status: 503 }),
      () => new Response('', { status: 429 }),
      () => new Response('', { status: 408 }),
      () => jsonResponse({ ok: true }),
    );
    const http = new HttpClient({ fetch, clock, retryPolicy: exponentialRetryPolicy({}, noJitter) });
    const { value, waits } = await sendThroughBackoff(http, clock);
    expect(value?.status).toBe(200);
    expect(requests).toHaveLength(4);
    expect(waits).toEqual([800, 1600, 3200]);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
    const { fetch } = scriptedFetch(
      () => new Response('', { status: 429, headers: { 'retry-after': '7' } }),
      () => new Response('', { status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:19 GMT' } }),
      () => jsonResponse({}),
    );
    const http = new HttpClient({ fetch, clock, retryPolicy: exponentialRetryPolicy({}, noJitter) });
    const { waits } = await sendThroughBackoff(http, clock);
    expect(waits).toEqual([7000, 12000]);
  });

  it('never retries a 4xx other than 408 and 429', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({ error: 'invalid_client' }, 401));
    const response = await new HttpClient({ fetch }).send(request);
    expect(response.status).toBe(401);
    expect(response.body).toContain('invalid_client');
    expect(requests).toHaveLength(1);
  });

  it('retries network errors and reports the last one as a NetworkError', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    });
    const http = new HttpClient({
      fetch,
      clock,
      retryPolicy: exponentialRetryPolicy({ maxRetries: 2 }, noJitter),
    });
    const { error } = await sendThroughBackoff(http, clock);
    expect(requests).toHaveLength(3);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).code).toBe('NETWORK_ERROR');
    expect((error as Error).message).toBe(
      'POST https://login.example.test/t/oauth2/v2.0/token failed: connect ECONNREFUSED 127.0.0.1:9.',
    );
  });

  it("ends its message with one period, whatever the system error's text ends with", async () => {
    const { fetch } = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: new Error('socket hang up.') });
    });
    const http = new HttpClient({ fetch, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    const error = await http.send(request).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'POST https://login.example.test/t/oauth2/v2.0/token failed: socket hang up.',
    );
  });

  it("keeps the request's secrets out of the error and its cause when fetch quotes a header value", async () => {
    const secret = 'header-TEST-SECRET-1\ninjected';
    const failed = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    // The recording fetch builds real Headers first, which refuse the line break as Node's fetch does, quoting the
    // value ('Headers.append: "..." is an invalid header value.'); a clean request gets `failed`.
    const { fetch } = scriptedFetch(() => {
      throw failed;
    });
    const http = new HttpClient({ fetch, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    const error = await http
      .send({ ...request, headers: { 'X-IDENTITY-HEADER': secret }, secrets: [secret] })
      .catch((e: Error) => e);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Headers.append: "\[redacted\]" is an invalid header value\.$/);
    expect(inspect(error, { showHidden: true, depth: 5 })).not.toContain('TEST-SECRET');
    // An error that quotes no secret is kept as the cause.
    const plain = await http.send(request).catch((e: Error) => e);
    expect((plain as Error).cause).toBe(failed);
  });

  it('stops retrying when the next wait would pass the total bound, returning the last response', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(() => new Response('', { status: 500 }));
    const policy = exponentialRetryPolicy(
      { maxRetries: 10, retryDelayInMs: 1000, totalTimeoutInMs: 5000 },
      noJitter,
    );
    const { value, waits } = await sendThroughBackoff(
      new HttpClient({ fetch, clock, retryPolicy: policy }),
      clock,
    );
    expect(value?.status).toBe(500);
    expect(waits).toEqual([1000, 2000]);
    expect(requests).toHaveLength(3);
  });

  it('does not wait for a Retry-After longer than the total bound', async () => {
    const clock = manualClock();
    const { fetch, requests } = scriptedFetch(
      () => new Response('', { status: 429, headers: { 'retry-after': '3600' } }),
    );
    const { value, waits } = await sendThroughBackoff(new HttpClient({ fetch, clock }), clock);
    expect(value?.status).toBe(429);
    expect(waits).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('adds jitter in the upper half of each delay', () => {
    const policy = exponentialRetryPolicy({ retryDelayInMs: 1000 }, () => 0);
    expect(policy.delayInMs({}, 0)).toBe(500);
    expect(policy.delayInMs({}, 3)).toBe(4000);
    const capped = exponentialRetryPolicy({ retryDelayInMs: 1000, maxRetryDelayInMs: 5000 }, () => 1);
    expect(capped.delayInMs({}, 10)).toBe(5000);
  });
});

describe('HttpClient timeouts and aborts, against a real server', () => {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    if (req.url === '/stall-headers') return; // never answers
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":'); // starts the body, never finishes it
  });
  server.on('connection', (socket) => sockets.add(socket));
  afterEach(() => {
    for (const socket of sockets) socket.destroy();
  });
  const listening = new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

  it('times out an attempt that gets no response', async () => {
    const base = await listening;
    const http = new HttpClient({ timeoutInMs: 100, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    const error = await http.send({ url: `${base}/stall-headers`, method: 'GET' }).catch((e: unknown) => e);
    expect(NetworkError.isInstance(error) && error.code).toBe('REQUEST_TIMEOUT');
    expect((error as Error).message).toContain('timed out after 100 ms');
  });

  it('times out a body that stalls half way', async () => {
    const base = await listening;
    const http = new HttpClient({ timeoutInMs: 100, retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }) });
    const error = await http.send({ url: `${base}/stall-body`, method: 'GET' }).catch((e: unknown) => e);
    expect(NetworkError.isInstance(error) && error.code).toBe('REQUEST_TIMEOUT');
  });

  it('rejects with AbortError as soon as the caller aborts', async () => {
    const base = await listening;
    const controller = new AbortController();
    const pending = new HttpClient({ timeoutInMs: 10_000 }).send(
      { url: `${base}/stall-headers`, method: 'GET' },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('rejects at once when the signal has already fired', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse({}));
    await expect(new HttpClient({ fetch }).send(request, AbortSignal.abort())).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(requests).toHaveLength(0);
  });
});

// A response whose body is made chunk by chunk as the client reads it (no read-ahead), counting what was read
// and whether the client cancelled the rest.
function streamedResponse(chunks: Iterable<Uint8Array>) {
  const seen = { bytesRead: 0, cancelled: false };
  const source = chunks[Symbol.iterator]();
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = source.next();
        if (next.done) return controller.close();
        seen.bytesRead += next.value.length;
        controller.enqueue(next.value);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { response: new Response(body), seen };
}

function* repeat(chunk: Uint8Array, times = Number.POSITIVE_INFINITY) {
  for (let i = 0; i < times; i++) yield chunk;
}

describe('HttpClient response size cap', () => {
  const KIB_64 = new Uint8Array(64 * 1024).fill(0x61);

  it('is 1 MiB, as the message says', () => {
    expect(MAX_RESPONSE_BYTES).toBe(1024 * 1024);
  });

  it('reads a body of exactly 1 MiB', async () => {
    const { response } = streamedResponse(repeat(KIB_64, 16));
    const { fetch } = scriptedFetch(() => response);
    const { body } = await new HttpClient({ fetch }).send(request);
    expect(body).toHaveLength(MAX_RESPONSE_BYTES);
  });

  it('decodes UTF-8 characters split across chunks', async () => {
    const encoded = new TextEncoder().encode('{"name":"Zoë"}');
    const split = encoded.indexOf(0xc3) + 1; // between the two bytes of ë
    const { response } = streamedResponse([encoded.slice(0, split), encoded.slice(split)]);
    const { fetch } = scriptedFetch(() => response);
    expect((await new HttpClient({ fetch }).send(request)).body).toBe('{"name":"Zoë"}');
  });

  it('stops reading an endless body at 1 MiB: the rest is cancelled, and the NetworkError is not retried', async () => {
    const { response, seen } = streamedResponse(repeat(KIB_64));
    const { fetch, requests } = scriptedFetch(() => response);
    // The default policy retries network errors; this one must not be.
    const error = await new HttpClient({ fetch }).send(request).catch((e: unknown) => e);
    expect(NetworkError.isInstance(error) && error.code).toBe('NETWORK_ERROR');
    expect((error as Error).message).toBe(
      'POST https://login.example.test/t/oauth2/v2.0/token sent over 1 MiB: not a token response.',
    );
    expect(requests).toHaveLength(1);
    expect(seen.cancelled).toBe(true);
    expect(seen.bytesRead).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + KIB_64.length);
  });

  it('refuses a 100 MB body after reading 1 MiB of it', async () => {
    const { response, seen } = streamedResponse(repeat(KIB_64, 1600));
    const { fetch } = scriptedFetch(() => response);
    await expect(new HttpClient({ fetch }).send(request)).rejects.toThrow(/sent over 1 MiB/);
    expect(seen.bytesRead).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + KIB_64.length);
  });
});

describe('HttpClient response size cap, against a real server that never stops sending', () => {
  const sent = { bytes: 0, closed: false };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.on('close', () => {
      sent.closed = true;
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    // Writes as fast as the client reads (honouring backpressure) until the connection closes.
    const pump = () => {
      while (!res.destroyed) {
        sent.bytes += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  });
  const listening = new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
  afterEach(() => {
    server.closeAllConnections();
  });

  it('fails with a NetworkError at 1 MiB, long before the timeout, and closes the connection', async () => {
    const base = await listening;
    const http = new HttpClient({ timeoutInMs: 60_000 });
    const error = await http.send({ url: `${base}/endless`, method: 'GET' }).catch((e: unknown) => e);
    // NETWORK_ERROR, not REQUEST_TIMEOUT: the cap ended the read, not the 60 s timer.
    expect(NetworkError.isInstance(error) && error.code).toBe('NETWORK_ERROR');
    expect((error as Error).message).toContain('sent over 1 MiB');
    await vi.waitFor(() => expect(sent.closed).toBe(true));
    // What the server got out: the client's 1 MiB plus what the sockets' buffers held (a few MiB).
    expect(sent.bytes).toBeLessThan(16 * MAX_RESPONSE_BYTES);
  });
});
