import { manualClock } from '@identity/tooling/test-world';
import { describe, expect, it } from 'vitest';
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
    const cache = new TokenCache({ clock });
    const { acquire, issued } = tokenFactory(clock);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => cache.getToken('k', acquire)));
    expect(issued()).toBe(1);
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['token-1']));
  });

  it('keeps keys apart', async () => {
    const clock = manualClock();
    const cache = new TokenCache({ clock });
    const { acquire, issued } = tokenFactory(clock);
    await Promise.all([
      cache.getToken('a', acquire),
      cache.getToken('b', acquire),
      cache.getToken('a', acquire),
    ]);
    expect(issued()).toBe(2);
  });

  it('serves the cached token until it is due for refresh, without asking again', async () => {
    const clock = manualClock();
    const cache = new TokenCache({ clock });
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire);
    await clock.advance(54 * MINUTE);
    expect((await cache.getToken('k', acquire)).token).toBe('token-1');
    expect(issued()).toBe(1);
  });

  it('refreshes in the background once due, while callers keep getting the valid token', async () => {
    const clock = manualClock();
    const cache = new TokenCache({ clock });
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire);
    await clock.advance(56 * MINUTE);
    expect((await cache.getToken('k', acquire)).token).toBe('token-1');
    await tick();
    expect(issued()).toBe(2);
    expect((await cache.getToken('k', acquire)).token).toBe('token-2');
  });

  it('serves the still-valid token when a refresh fails, and retries only after an interval', async () => {
    const clock = manualClock();
    const cache = new TokenCache({ clock });
    const { acquire } = tokenFactory(clock);
    await cache.getToken('k', acquire);
    await clock.advance(56 * MINUTE);
    let failures = 0;
    const failing = async (): Promise<CachedToken> => {
      failures++;
      throw new Error('service down');
    };
    expect((await cache.getToken('k', failing)).token).toBe('token-1');
    await tick();
    expect((await cache.getToken('k', failing)).token).toBe('token-1');
    await tick();
    expect(failures).toBe(1);
    await clock.advance(REFRESH_RETRY_INTERVAL_MS);
    await cache.getToken('k', failing);
    await tick();
    expect(failures).toBe(2);
  });

  it('waits for a new token once the cached one is within the expiry margin, still serving it if that fails', async () => {
    const clock = manualClock();
    const cache = new TokenCache({ clock });
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire);
    await clock.advance(HOUR - EXPIRY_MARGIN_MS);
    expect((await cache.getToken('k', acquire)).token).toBe('token-2');
    expect(issued()).toBe(2);

    await clock.advance(HOUR - EXPIRY_MARGIN_MS / 2);
    const stale = await cache.getToken('k', async () => {
      throw new Error('down');
    });
    expect(stale.token).toBe('token-2');
  });

  it('throws once the token has expired and no new one can be had', async () => {
    const clock = manualClock();
    const cache = new TokenCache({ clock });
    const { acquire } = tokenFactory(clock);
    await cache.getToken('k', acquire);
    await clock.advance(HOUR);
    await expect(cache.getToken('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });

  it('forces a new token for a claims challenge, still sharing the request', async () => {
    const clock = manualClock();
    const cache = new TokenCache({ clock });
    const { acquire, issued } = tokenFactory(clock);
    await cache.getToken('k', acquire);
    const forced = await Promise.all([
      cache.getToken('k', acquire, true),
      cache.getToken('k', acquire, true),
    ]);
    expect(forced.map((t) => t.token)).toEqual(['token-2', 'token-2']);
    expect(issued()).toBe(2);
  });

  it('does not cache a failure: the next call asks again', async () => {
    const cache = new TokenCache({ clock: manualClock() });
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
    await expect(cache.getToken('k', flaky)).rejects.toThrow('first fails');
    expect((await cache.getToken('k', flaky)).token).toBe('t');
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
      delete: async (key) => {
        entries.delete(key);
      },
    };
    return { store, entries };
  }

  it('shares tokens between processes through the store', async () => {
    const clock = manualClock();
    const { store, entries } = memoryStore();
    const first = tokenFactory(clock);
    await new StoredTokenCache(store, { clock }).getToken('k', first.acquire);
    await tick();
    expect(entries.get('k')?.token).toBe('token-1');

    const second = tokenFactory(clock);
    const token = await new StoredTokenCache(store, { clock }).getToken('k', second.acquire);
    expect(token.token).toBe('token-1');
    expect(second.issued()).toBe(0);
  });

  it('ignores stored tokens that are due for refresh', async () => {
    const clock = manualClock();
    const { store } = memoryStore();
    await new StoredTokenCache(store, { clock }).getToken('k', tokenFactory(clock).acquire);
    await tick();
    await clock.advance(56 * MINUTE);
    const fresh = tokenFactory(clock);
    await new StoredTokenCache(store, { clock }).getToken('k', fresh.acquire);
    expect(fresh.issued()).toBe(1);
  });

  it('keeps authenticating when the store is broken', async () => {
    const clock = manualClock();
    const warnings: string[] = [];
    const logger = { verbose() {}, info() {}, error() {}, warning: (m: string) => warnings.push(m) };
    const { store } = memoryStore(true);
    const token = await new StoredTokenCache(store, { clock, logger }).getToken(
      'k',
      tokenFactory(clock).acquire,
    );
    await tick();
    expect(token.token).toBe('token-1');
    expect(warnings).toEqual(['token store read failed: store down', 'token store write failed: store down']);
  });
});
