// Instances whose clocks disagree share tokens through Redis: a token one instance stored is served by the others no
// later than it really expires, and Redis keeps it no longer, whatever the storing instance's clock said.
import { randomBytes } from 'node:crypto';
import { ClientSecretCredential } from '@identity/client-secret';
import { systemClock } from '@identity/core/internal';
import { type Emulator, startEmulator } from '@identity/emulator';
import { type RedisServer, startRedisServer } from '@identity/tooling/test-redis';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenCache } from './index.node.js';

const SCOPE = 'https://vault.azure.net/.default';
const KEY = randomBytes(32).toString('base64');
const TEN_MINUTES = 600_000;

let emulator: Emulator;
let redis: RedisServer;
const caches: RedisTokenCache[] = [];

beforeAll(async () => {
  [emulator, redis] = await Promise.all([startEmulator(), startRedisServer()]);
});
afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.close()));
  await Promise.all([emulator?.stop(), redis?.stop()]);
});

// When the token really expires: its `exp` claim (the emulator's clock is the true one here).
const realExpiry = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).exp * 1000;

describe('RedisTokenCache across instances whose clocks disagree', () => {
  it('never serves a token that an instance with a fast clock stored past its real expiry', async () => {
    const { tenantId, clientId, clientSecret } = emulator.registerApp({}) as {
      tenantId: string;
      clientId: string;
      clientSecret: string;
    };
    const credential = (clock: typeof systemClock) => {
      const tokenCache = new RedisTokenCache({
        url: redis.url,
        keys: [KEY],
        prefix: 'skew',
        operationTimeoutMs: 2_000,
      });
      caches.push(tokenCache);
      return new ClientSecretCredential(tenantId, clientId, clientSecret, {
        authorityHost: emulator.url,
        tokenCache,
        clock,
      });
    };
    // This instance's clock runs ten minutes ahead: it gets the token and stores it for the fleet.
    const fast = { now: () => Date.now() + TEN_MINUTES, sleep: systemClock.sleep };
    const stored = await credential(fast).getToken(SCOPE);
    const expires = realExpiry(stored.token);
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      await expect.poll(async () => (await raw.keys('skew:*:token')).length).toBe(1);
      // Redis drops it when it really expires, not ten minutes later.
      const [name] = await raw.keys('skew:*:token');
      expect(Date.now() + (await raw.pTTL(name as string))).toBeLessThanOrEqual(expires + 1_000);
    } finally {
      raw.destroy();
    }
    // An instance with a right clock reads it: it knows when it really expires.
    const before = emulator.requestCount('token');
    const shared = await credential(systemClock).getToken(SCOPE);
    expect(shared.token).toBe(stored.token);
    expect(emulator.requestCount('token') - before).toBe(0);
    expect(shared.expiresOnTimestamp).toBeLessThanOrEqual(expires + 1_000);
    expect(shared.refreshAfterTimestamp).toBeLessThan(expires);
  });
});
