import { describe, expect, it } from 'vitest';
import { withCallerLimits } from './caller-limits.js';
import { exponentialRetryPolicy, HttpClient } from './http-transport.js';

// Real timers: Node fires an over-long delay after 1 ms, so an answer that comes after a 30 ms timer is the proof,
// and the order of two timers does not depend on how busy the machine is.
const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

const UNBOUNDED = [Number.POSITIVE_INFINITY, 2 ** 31, 1e12];

describe('a time bound of Infinity (or 1e9 ms and more) is no bound', () => {
  it.each(UNBOUNDED)('HttpClient with timeoutInMs %d waits for a slow answer', async (timeoutInMs) => {
    const fetch = (_url: string, init?: { signal?: AbortSignal | null }) =>
      after(30, undefined).then(() => {
        if (init?.signal?.aborted) throw init.signal.reason;
        return new Response('{}', { status: 200 });
      });
    const http = new HttpClient({
      fetch,
      timeoutInMs,
      retryPolicy: exponentialRetryPolicy({ maxRetries: 0 }),
    });
    await expect(http.send({ url: 'https://login.example.test/t', method: 'GET' })).resolves.toMatchObject({
      status: 200,
    });
  });

  it.each(UNBOUNDED)('getToken with requestOptions.timeout %d waits for the token', async (timeout) => {
    const token = withCallerLimits(after(30, 'token'), { requestOptions: { timeout } });
    await expect(token).resolves.toBe('token');
  });
});
