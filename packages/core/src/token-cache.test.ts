import { manualClock } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
import { AbortError } from './errors.js';
import type { CachedToken, TokenCacheStore } from './token-cache.js';
import {
  EXPIRY_MARGIN_MS,
  REFRESH_RETRY_INTERVAL_MS,
  refreshAfter,
  StoredTokenCache,
  TokenCache,
} from './token-cache.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

function tokenFactory(clock: { now(): number }, lifetime = HOUR) {
  let issued = 0;
  const acquire = async (): Promise<CachedToken> => {
    issued++;
    const now = clock.now();
    return {
      token: `token-${issued}`,
      expiresOnTimestamp: now + lifetime,
      refreshAfterTimestamp: refreshAfter(now, now + lifetime),
    };
  };
  return { acquire, issued: () => issued };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('refreshAfter', () => {
  const now = Date.UTC(2026, 0, 1);
  it('uses refresh_in when the service gives it', () => {
    expect(refreshAfter(now, now + 24 * HOUR, 12 * HOUR)).toBe(now + 12 * HOUR);
  });
  it('refreshes long tokens (over two hours) at half their life', () => {
    expect(refreshAfter(now, now + 24 * HOUR)).toBe(now + 12 * HOUR);
  });
  it('refreshes other tokens five minutes before expiry, never before half their life', () => {
    expect(refreshAfter(now, now + HOUR)).toBe(now + 55 * MINUTE);
    expect(refreshAfter(now, now + 4 * MINUTE)).toBe(now + 2 * MINUTE);
  });
});

describe('TokenCache', () => {
  it('makes one request for 100 concurrent callers of the same key', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire, issued } = tokenFactory(clock);
    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => cache.getToken('k', acquire, { clock })),
    );
    expect(issued()).toBe(1);
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['token-1']));
  });

  it('keeps keys apart', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire, issued } = tokenFactory(clock);
    await Promise.all([
      cache.getToken('a', acquire, { clock }),
      cache.getToken('b', acquire, { clock }),
      cache.getToken('a', acquire, { clock }),
    ]);
    expect(issued()).toBe(2);
  });

  it('serves the cached token until it is due for refresh, without asking again', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    await clock.advance(54 * MINUTE);
    expect((await cache.getToken('k', acquire, { clock })).token).toBe('token-1');
    expect(issued()).toBe(1);
  });

  it('refreshes in the background once due, while callers keep getting the valid token', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    await clock.advance(56 * MINUTE);
    expect((await cache.getToken('k', acquire, { clock })).token).toBe('token-1');
    await tick();
    expect(issued()).toBe(2);
    expect((await cache.getToken('k', acquire, { clock })).token).toBe('token-2');
  });

  it('serves the still-valid token when a refresh fails, and retries only after an interval', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    await clock.advance(56 * MINUTE);
    let failures = 0;
    const failing = async (): Promise<CachedToken> => {
      failures++;
      throw new Error('service down');
    };
    expect((await cache.getToken('k', failing, { clock })).token).toBe('token-1');
    await tick();
    expect((await cache.getToken('k', failing, { clock })).token).toBe('token-1');
    await tick();
    expect(failures).toBe(1);
    await clock.advance(REFRESH_RETRY_INTERVAL_MS);
    await cache.getToken('k', failing, { clock });
    await tick();
    expect(failures).toBe(2);
  });

  it('waits for a new token once the cached one is within the expiry margin, still serving it if that fails', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    await clock.advance(HOUR - EXPIRY_MARGIN_MS);
    expect((await cache.getToken('k', acquire, { clock })).token).toBe('token-2');
    expect(issued()).toBe(2);

    await clock.advance(HOUR - EXPIRY_MARGIN_MS / 2);
    const stale = await cache.getToken(
      'k',
      async () => {
        throw new Error('down');
      },
      { clock },
    );
    expect(stale.token).toBe('token-2');
  });

  it('throws once the token has expired and no new one can be had', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    await clock.advance(HOUR);
    await expect(
      cache.getToken('k', async () => Promise.reject(new Error('down')), { clock }),
    ).rejects.toThrow('down');
  });

  it('forces a new token for a claims challenge, still sharing the request', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    const forced = await Promise.all([
      cache.getToken('k', acquire, { clock, forceRefresh: true }),
      cache.getToken('k', acquire, { clock, forceRefresh: true }),
    ]);
    expect(forced.map((t) => t.token)).toEqual(['token-2', 'token-2']);
    expect(issued()).toBe(2);
  });

  it('does not cache a failure: the next call asks again', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    let calls = 0;
    const flaky = async (): Promise<CachedToken> => {
      calls++;
      if (calls === 1) throw new Error('first fails');
      return {
        token: 't',
        expiresOnTimestamp: Date.UTC(2027, 0, 1),
        refreshAfterTimestamp: Date.UTC(2027, 0, 1),
      };
    };
    await expect(cache.getToken('k', flaky, { clock })).rejects.toThrow('first fails');
    expect((await cache.getToken('k', flaky, { clock })).token).toBe('t');
  });

  it('judges each call by the clock it brings, so a shared cache serves every credential by its own time', async () => {
    const cache = new TokenCache();
    // Years before the system clock: by the system clock this token expired long ago.
    const past = manualClock(Date.UTC(2000, 0, 1));
    const { acquire, issued } = tokenFactory(past);
    await cache.getToken('k', acquire, { clock: past });
    expect((await cache.getToken('k', acquire, { clock: past })).token).toBe('token-1');
    expect(issued()).toBe(1);
    await past.advance(HOUR);
    expect((await cache.getToken('k', acquire, { clock: past })).token).toBe('token-2');
  });

  it('rejects a caller that has already aborted, starting nothing, even with a cached token', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire, issued } = tokenFactory(clock);
    await expect(
      cache.getToken('k', acquire, { clock, abortSignal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(issued()).toBe(0);
    await cache.getToken('k', acquire, { clock });
    await expect(
      cache.getToken('k', acquire, { clock, abortSignal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(issued()).toBe(1);
  });

  it('stops the shared request once every caller waiting for it has aborted, and the next caller starts anew', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const signals: AbortSignal[] = [];
    const acquire = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<CachedToken>(() => {});
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = cache.getToken('k', acquire, { clock, abortSignal: first.signal });
    const b = cache.getToken('k', acquire, { clock, abortSignal: second.signal });
    first.abort();
    await expect(a).rejects.toBeInstanceOf(AbortError);
    expect(signals.map((s) => s.aborted)).toEqual([false]);
    second.abort();
    await expect(b).rejects.toBeInstanceOf(AbortError);
    expect(signals.map((s) => s.aborted)).toEqual([true]);
    void cache.getToken('k', acquire, { clock });
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
  });

  it('lets go of a request once every caller has timed out: the next caller starts anew, the old one runs on', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const signals: AbortSignal[] = [];
    let land: (token: CachedToken) => void = () => {};
    const stuck = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<CachedToken>((resolve) => {
        land = resolve;
      });
    };
    await expect(cache.getToken('k', stuck, { clock, requestOptions: { timeout: 5 } })).rejects.toMatchObject(
      { code: 'REQUEST_TIMEOUT' },
    );
    const { acquire } = tokenFactory(clock);
    const next = await cache.getToken('k', acquire, { clock, requestOptions: { timeout: 2000 } });
    expect(next.token).toBe('token-1');
    // Not stopped: its token, when it comes, still lands in the cache.
    expect(signals.map((s) => s.aborted)).toEqual([false]);
    land({
      token: 'late',
      expiresOnTimestamp: clock.now() + 2 * HOUR,
      refreshAfterTimestamp: clock.now() + HOUR,
    });
    await tick();
    expect((await cache.getToken('k', acquire, { clock })).token).toBe('late');
  });

  it('never stops a background refresh for a caller that aborts', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    await clock.advance(56 * MINUTE);
    const signals: AbortSignal[] = [];
    const slow = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<CachedToken>(() => {});
    };
    expect((await cache.getToken('k', slow, { clock })).token).toBe('token-1');
    const caller = new AbortController();
    const forced = cache.getToken('k', slow, { clock, forceRefresh: true, abortSignal: caller.signal });
    caller.abort();
    await expect(forced).rejects.toBeInstanceOf(AbortError);
    // The background refresh (first) runs on; only the forced caller's own request stopped.
    expect(signals.map((signal) => signal.aborted)).toEqual([false, true]);
  });

  it('never makes a caller who needs a token wait for a background refresh, which may never settle', async () => {
    // Cloudflare Workers stops a request's I/O once its response is sent: a refresh started in the background by
    // one request never settles, and a later request waiting for it would hang for good.
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    await clock.advance(56 * MINUTE);
    const never = () => new Promise<CachedToken>(() => {});
    expect((await cache.getToken('k', never, { clock })).token).toBe('token-1');
    await clock.advance(HOUR - 56 * MINUTE - EXPIRY_MARGIN_MS);
    const token = cache.getToken('k', acquire, { clock });
    await tick();
    expect(issued()).toBe(2);
    expect((await token).token).toBe('token-2');
    // Callers who need a token still share one request.
    await clock.advance(HOUR);
    await Promise.all([cache.getToken('k', acquire, { clock }), cache.getToken('k', acquire, { clock })]);
    expect(issued()).toBe(3);
  });

  it('drops expired entries: 500 keys used once do not stay in memory', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire } = tokenFactory(clock);
    for (let tenant = 0; tenant < 500; tenant++) await cache.getToken(`tenant-${tenant}`, acquire, { clock });
    expect(cache.size).toBe(500);
    await clock.advance(HOUR);
    await cache.getToken('tenant-new', acquire, { clock });
    expect(cache.size).toBe(1);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const clock = manualClock();
    const cache = new TokenCache({ maxEntries: 2 });
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('a', acquire, { clock });
    await cache.getToken('b', acquire, { clock });
    await cache.getToken('a', acquire, { clock });
    expect(cache.fresh('a', clock.now())).toBeDefined();
    await cache.getToken('c', acquire, { clock });
    expect(cache.size).toBe(2);
    expect(issued()).toBe(3);
    await cache.getToken('a', acquire, { clock });
    expect(issued()).toBe(3);
    await cache.getToken('b', acquire, { clock });
    expect(issued()).toBe(4);
  });

  it('refuses a maxEntries below 1', () => {
    for (const maxEntries of [0, -1, 0.5, Number.NaN]) {
      expect(() => new TokenCache({ maxEntries })).toThrow(/maxEntries/);
    }
  });
});

describe('TokenCache.fresh', () => {
  it('hands out the cached token at once, as one settled promise, until it is due for refresh', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire } = tokenFactory(clock);
    expect(cache.fresh('k', clock.now())).toBeUndefined();
    await cache.getToken('k', acquire, { clock });
    const ready = cache.fresh('k', clock.now());
    expect(ready).toBe(cache.fresh('k', clock.now()));
    expect((await ready)?.token).toBe('token-1');
    expect(cache.fresh('k', clock.now() + 55 * MINUTE)).toBeUndefined();
  });

  it('keeps handing it out while a refresh runs and for the retry interval after one failed', async () => {
    const clock = manualClock();
    const cache = new TokenCache();
    const { acquire } = tokenFactory(clock);
    await cache.getToken('k', acquire, { clock });
    await clock.advance(56 * MINUTE);
    await cache.getToken('k', async () => Promise.reject(new Error('down')), { clock });
    await tick();
    expect((await cache.fresh('k', clock.now()))?.token).toBe('token-1');
    expect(cache.fresh('k', clock.now() + REFRESH_RETRY_INTERVAL_MS)).toBeUndefined();
  });
});

describe('StoredTokenCache', () => {
  function memoryStore(fail = false) {
    const entries = new Map<string, CachedToken>();
    const store: TokenCacheStore = {
      get: async (key) => {
        if (fail) throw new Error('store down');
        return entries.get(key);
      },
      set: async (key, token) => {
        if (fail) throw new Error('store down');
        entries.set(key, token);
      },
    };
    return { store, entries };
  }

  it('shares tokens between processes through the store', async () => {
    const clock = manualClock();
    const { store, entries } = memoryStore();
    const first = tokenFactory(clock);
    await new StoredTokenCache(store).getToken('k', first.acquire, { clock });
    await tick();
    expect(entries.get('k')?.token).toBe('token-1');

    const second = tokenFactory(clock);
    const token = await new StoredTokenCache(store).getToken('k', second.acquire, { clock });
    expect(token.token).toBe('token-1');
    expect(second.issued()).toBe(0);
  });

  it('ignores stored tokens that are due for refresh', async () => {
    const clock = manualClock();
    const { store } = memoryStore();
    await new StoredTokenCache(store).getToken('k', tokenFactory(clock).acquire, { clock });
    await tick();
    await clock.advance(56 * MINUTE);
    const fresh = tokenFactory(clock);
    await new StoredTokenCache(store).getToken('k', fresh.acquire, { clock });
    expect(fresh.issued()).toBe(1);
  });

  it("hands the store the credential's clock, on which the tokens' times are", async () => {
    const clock = manualClock();
    const seen: unknown[] = [];
    const store: TokenCacheStore = {
      get: (_key, on) => void seen.push(['get', on]),
      set: (_key, _token, on) => void seen.push(['set', on]),
    };
    await new StoredTokenCache(store).getToken('k', tokenFactory(clock).acquire, { clock });
    await tick();
    expect(seen).toEqual([
      ['get', clock],
      ['set', clock],
    ]);
  });

  it('keeps authenticating when the store is broken', async () => {
    const clock = manualClock();
    const warnings: string[] = [];
    const logger = { verbose() {}, info() {}, error() {}, warning: (m: string) => warnings.push(m) };
    const { store } = memoryStore(true);
    const token = await new StoredTokenCache(store).getToken('k', tokenFactory(clock).acquire, {
      clock,
      logger,
    });
    await tick();
    expect(token.token).toBe('token-1');
    expect(warnings).toEqual(['token store read failed: store down', 'token store write failed: store down']);
  });

  it('asks the store inside the shared request, and sends nothing once every caller has left meanwhile', async () => {
    const clock = manualClock();
    let answer: (token: CachedToken | undefined) => void = () => {};
    const reads: string[] = [];
    const store: TokenCacheStore = {
      get: (key) => {
        reads.push(key);
        return new Promise((resolve) => (answer = resolve));
      },
      set: () => {},
    };
    const cache = new StoredTokenCache(store);
    const { acquire, issued } = tokenFactory(clock);
    const caller = new AbortController();
    const waiting = [1, 2, 3].map(() => cache.getToken('k', acquire, { clock, abortSignal: caller.signal }));
    caller.abort();
    for (const call of waiting) await expect(call).rejects.toBeInstanceOf(AbortError);
    answer(undefined);
    await tick();
    expect(reads).toEqual(['k']);
    expect(issued()).toBe(0);
  });

  it("judges stored tokens by the calling credential's clock", async () => {
    const { store } = memoryStore();
    const past = manualClock(Date.UTC(2000, 0, 1));
    await new StoredTokenCache(store).getToken('k', tokenFactory(past).acquire, { clock: past });
    await tick();
    const second = tokenFactory(past);
    const token = await new StoredTokenCache(store).getToken('k', second.acquire, { clock: past });
    expect(token.token).toBe('token-1');
    expect(second.issued()).toBe(0);
  });
});
