import { HttpClient } from '@identity/core/internal';
import { jsonResponse, manualClock, scriptedFetch, settleOnClock } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { imdsRetryPolicy } from './managed-identity-retry-policy.js';

const IMDS = 'http://127.0.0.1:9/metadata/identity/oauth2/token';
const answer = (status: number) => () => jsonResponse({ error: 'busy' }, status);
const sum = (waits: number[]) => waits.reduce((a, b) => a + b, 0);
// The two ends of the jitter.
const LOWEST = () => 0;
const HIGHEST = () => 1;

/**
 * Sends one IMDS request through core's HttpClient with the policy, on a manual clock: the waits the policy
 * asked for, the number of requests, and the final status (0 when the request failed without one).
 */
async function schedule(
  answers: (() => Response)[],
  random: () => number,
  options = {},
): Promise<{ waits: number[]; requests: number; status: number }> {
  const clock = manualClock();
  const { fetch, requests } = scriptedFetch(...answers);
  const http = new HttpClient({ fetch, clock, retryPolicy: imdsRetryPolicy(options, random) });
  const { waits, value } = await settleOnClock(clock, http.send({ url: IMDS, method: 'GET' }));
  return { waits, requests: requests.length, status: value?.status ?? 0 };
}

describe('IMDS 410 (upgrading): fast first, and at least 70 s in all', () => {
  it('recovers from two 410s within 2.2 s (the peer takes 6.5-8 s)', async () => {
    const twice = [answer(410), answer(410), answer(200)];
    const low = await schedule(twice, LOWEST);
    expect(low).toEqual({ waits: [600, 1200], requests: 3, status: 200 });
    expect((await schedule(twice, HIGHEST)).waits).toEqual([720, 1440]);
  });

  it('waits 0.6 s doubling to 38.4 s: 76.2 s at least, 91.4 s at most, within the 120 s bound', async () => {
    const low = await schedule([answer(410)], LOWEST);
    expect(low).toEqual({
      waits: [600, 1200, 2400, 4800, 9600, 19200, 38400],
      requests: 8,
      status: 410,
    });
    expect(sum(low.waits)).toBeGreaterThanOrEqual(70_000);
    const high = await schedule([answer(410)], HIGHEST);
    expect(high.waits).toEqual([720, 1440, 2880, 5760, 11520, 23040, 46080]);
    expect(sum(high.waits)).toBe(91_440);
  });

  it('keeps its schedule whatever retryOptions say', async () => {
    const options = { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 10 };
    const { waits, requests } = await schedule([answer(410)], LOWEST, options);
    expect(requests).toBe(8);
    expect(sum(waits)).toBe(76_200);
  });
});

describe('IMDS 404, 408, 429 and 5xx: exponential from 600 ms, 3 retries', () => {
  it('gives up on a 500 that lasts after 4 requests and at most 4.2 s of waiting (the peer: 4 over 4.6 s)', async () => {
    const high = await schedule([answer(500)], HIGHEST);
    expect(high).toEqual({ waits: [600, 1200, 2400], requests: 4, status: 500 });
    expect(sum(high.waits)).toBeLessThanOrEqual(4_600);
    // Jitter spreads each wait over the upper half of its step.
    expect((await schedule([answer(500)], LOWEST)).waits).toEqual([300, 600, 1200]);
  });

  it('retries 404 (identity being set up), 408, 429, 502, 503 and 504', async () => {
    for (const status of [404, 408, 429, 502, 503, 504]) {
      expect(await schedule([answer(status), answer(200)], HIGHEST)).toEqual({
        waits: [600],
        requests: 2,
        status: 200,
      });
    }
  });

  it('does not retry 400 (identity not assigned), 401, 403, 501 or 505', async () => {
    for (const status of [400, 401, 403, 501, 505]) {
      expect(await schedule([answer(status)], HIGHEST)).toEqual({ waits: [], requests: 1, status });
    }
  });

  it('does not retry a network failure: an endpoint that is not there stays absent', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    };
    expect(await schedule([refused], HIGHEST)).toEqual({ waits: [], requests: 1, status: 0 });
  });

  it('takes maxRetries, retryDelayInMs and maxRetryDelayInMs from retryOptions', async () => {
    const options = { maxRetries: 5, retryDelayInMs: 1000, maxRetryDelayInMs: 4000 };
    expect((await schedule([answer(503)], HIGHEST, options)).waits).toEqual([1000, 2000, 4000, 4000, 4000]);
  });
});
