// RedisTokenCache against a real redis-server and the emulator, each cache an instance of a fleet in this process
// (its own connections): what is stored, how instances share it, and what happens when Redis goes away.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ClientSecretCredential } from '@identity/client-secret';
import { InvalidArgumentError, setLogLevel, setLogSink } from '@identity/core';
import { systemClock } from '@identity/core/internal';
import { DefaultAzureCredential } from '@identity/default';
import { type Emulator, startEmulator } from '@identity/emulator';
import { ManagedIdentityCredential } from '@identity/managed-identity';
import { type RedisServer, startRedisServer } from '@identity/tooling/test-redis';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisTokenCache, type RedisTokenCacheOptions } from './index.node.js';

const SCOPE = 'https://vault.azure.net/.default';
const newKey = () => randomBytes(32).toString('base64');

let emulator: Emulator;
let redis: RedisServer;
const caches: RedisTokenCache[] = [];

beforeAll(async () => {
  [emulator, redis] = await Promise.all([startEmulator(), startRedisServer()]);
});
afterEach(async () => {
  await Promise.all(caches.splice(0).map((cache) => cache.close()));
  setLogSink(undefined);
  setLogLevel(undefined);
});
afterAll(() => Promise.all([emulator?.stop(), redis?.stop()]));

// One instance of the fleet: a cache of its own (own connections), in its own prefix per test. The store limit is
// generous: on a busy shared machine a loopback reply can take longer than the default 250 ms, and an outage there
// would be a slow machine, not what a test looks at (the outage test kills Redis: calls then fail at once).
function instance(options: Partial<RedisTokenCacheOptions> & { prefix: string }): RedisTokenCache {
  const cache = new RedisTokenCache({ url: redis.url, keys: [KEY], operationTimeoutMs: 2_000, ...options });
  caches.push(cache);
  return cache;
}
const KEY = newKey();

function app(registration: { refreshInSeconds?: number } = {}) {
  const registered = emulator.registerApp(registration);
  const { tenantId, clientId } = registered;
  const clientSecret = registered.clientSecret as string;
  const credential = (tokenCache: RedisTokenCache) =>
    new ClientSecretCredential(tenantId, clientId, clientSecret, { authorityHost: emulator.url, tokenCache });
  return { tenantId, clientId, clientSecret, credential };
}

async function rawRedis() {
  const client = createClient({ url: redis.url });
  await client.connect();
  return client;
}

// What a reader of the Redis database sees under a prefix: every key with its value and time to live.
async function rawContents(prefix: string) {
  const client = await rawRedis();
  try {
    const keys = await client.keys(`${prefix}:*`);
    return await Promise.all(
      keys.map(async (key) => ({ key, value: (await client.get(key)) ?? '', ttl: await client.pTTL(key) })),
    );
  } finally {
    client.destroy();
  }
}

const tokenRequests = () => emulator.requestCount('token');

describe('RedisTokenCache', () => {
  it('hands a token one instance got to another instance without a request', async () => {
    const { credential } = app();
    const first = await credential(instance({ prefix: 'share' })).getToken(SCOPE);
    const before = tokenRequests();
    const second = await credential(instance({ prefix: 'share' })).getToken(SCOPE);
    expect(second.token).toBe(first.token);
    expect(second.expiresOnTimestamp).toBe(first.expiresOnTimestamp);
    expect(tokenRequests() - before).toBe(0);
  });

  it('stores nothing readable: no token, secret, tenant, client id or scope in keys or values', async () => {
    const { tenantId, clientId, clientSecret, credential } = app();
    const { token, expiresOnTimestamp } = await credential(instance({ prefix: 'raw' })).getToken(SCOPE);
    // The write happens behind the caller: wait for it.
    await expect.poll(async () => (await rawContents('raw')).length).toBeGreaterThan(0);
    const contents = await rawContents('raw');
    const everything = JSON.stringify(contents).toLowerCase();
    const claims = token.split('.')[1] as string;
    for (const secret of [token, claims, clientSecret, tenantId, clientId, 'vault.azure.net', SCOPE]) {
      expect(everything).not.toContain(secret.toLowerCase());
    }
    const stored = contents.find(({ key }) => key.endsWith(':token'));
    expect(stored?.value).toMatch(/^e1\.[\w-]+$/);
    // It lives exactly as long as the token.
    expect(stored?.ttl).toBeGreaterThan(expiresOnTimestamp - Date.now() - 5_000);
    expect(stored?.ttl).toBeLessThanOrEqual(expiresOnTimestamp - Date.now() + 1_000);
  });

  it('reads tokens sealed with an older key after a rotation, and ignores what no key opens', async () => {
    const { credential } = app();
    const oldKey = newKey();
    const first = await credential(instance({ prefix: 'rotate', keys: [oldKey] })).getToken(SCOPE);
    await expect.poll(async () => (await rawContents('rotate')).length).toBeGreaterThan(0);
    const before = tokenRequests();
    const rotated = await credential(instance({ prefix: 'rotate', keys: [newKey(), oldKey] })).getToken(
      SCOPE,
    );
    expect(rotated.token).toBe(first.token);
    expect(tokenRequests() - before).toBe(0);
    // A key that never sealed it: the entry counts as missing, and a new token is requested.
    const stranger = await credential(instance({ prefix: 'rotate', keys: [newKey()] })).getToken(SCOPE);
    expect(stranger.token).not.toBe(first.token);
    expect(tokenRequests() - before).toBe(1);
  });

  it('shares a token whose expiry is not a whole millisecond (a clock with fractions), with no outage', async () => {
    const warnings: string[] = [];
    setLogLevel('warning');
    setLogSink((level, _namespace, message) => level === 'warning' && warnings.push(message));
    const { tenantId, clientId, clientSecret } = app();
    const clock = { now: () => Date.now() + 0.25, sleep: systemClock.sleep };
    const credential = (tokenCache: RedisTokenCache) =>
      new ClientSecretCredential(tenantId, clientId, clientSecret, {
        authorityHost: emulator.url,
        tokenCache,
        clock,
      });
    const first = await credential(instance({ prefix: 'fraction' })).getToken(SCOPE);
    expect(Number.isInteger(first.expiresOnTimestamp)).toBe(false);
    await expect
      .poll(async () => (await rawContents('fraction')).map(({ key }) => key))
      .toEqual([expect.stringMatching(/:token$/)]);
    const before = tokenRequests();
    const second = await credential(instance({ prefix: 'fraction' })).getToken(SCOPE);
    expect(second.token).toBe(first.token);
    expect(tokenRequests() - before).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('serves no value tampered with in Redis (in clear): an expired token marked fresh is replaced', async () => {
    const { credential } = app();
    const options = { prefix: 'tampered', keys: [], unencrypted: true };
    await credential(instance(options)).getToken(SCOPE);
    await expect.poll(async () => (await rawContents('tampered')).length).toBeGreaterThan(0);
    const [stored] = (await rawContents('tampered')).filter(({ key }) => key.endsWith(':token'));
    const client = await rawRedis();
    for (const hostile of [
      { token: 'stale', expiresOnTimestamp: 1000, refreshAfterTimestamp: Date.now() + 3_600_000 },
      { token: '', expiresOnTimestamp: Date.now() + 3_600_000, refreshAfterTimestamp: Date.now() },
    ]) {
      await client.set(stored?.key as string, `p1.${JSON.stringify(hostile)}`, { EX: 3600 });
      const before = tokenRequests();
      const { token } = await credential(instance(options)).getToken(SCOPE);
      expect(token).not.toBe(hostile.token);
      expect(token.split('.')).toHaveLength(3);
      expect(tokenRequests() - before).toBe(1);
    }
    client.destroy();
  });

  it('keeps instances under different prefixes apart', async () => {
    const { credential } = app();
    await credential(instance({ prefix: 'apart-a' })).getToken(SCOPE);
    const before = tokenRequests();
    await credential(instance({ prefix: 'apart-b' })).getToken(SCOPE);
    expect(tokenRequests() - before).toBe(1);
  });

  it('makes one token request for ten instances asking at once', async () => {
    const { credential } = app();
    const before = tokenRequests();
    const credentials = Array.from({ length: 10 }, () => credential(instance({ prefix: 'burst' })));
    const tokens = await Promise.all(credentials.map((each) => each.getToken(SCOPE)));
    expect(new Set(tokens.map(({ token }) => token)).size).toBe(1);
    expect(tokenRequests() - before).toBe(1);
  });

  it('refreshes a token ahead of expiry from one instance for the whole fleet', async () => {
    const { credential } = app({ refreshInSeconds: 5 });
    const fleet = Array.from({ length: 5 }, () => credential(instance({ prefix: 'refresh' })));
    const tokenOf = async () =>
      (await Promise.all(fleet.map((each) => each.getToken(SCOPE)))).map(({ token }) => token);
    const [first] = await tokenOf();
    await new Promise((resolve) => setTimeout(resolve, 5_200));
    const before = tokenRequests();
    // Due: every instance answers at once with the token it has, and starts a refresh behind it.
    expect(new Set(await tokenOf())).toEqual(new Set([first]));
    // One of them refreshes it; the others take the new token from Redis.
    // A bound on the wait, not on speed: a loaded machine can take more than poll's default second to refresh.
    await expect
      .poll(async () => new Set(await tokenOf()).size === 1 && (await tokenOf())[0] !== first, {
        timeout: 15_000,
      })
      .toBe(true);
    expect(tokenRequests() - before).toBe(1);
  });

  it('lets a waiter take over at once when the lease holder fails', async () => {
    const { credential } = app();
    // The failing answer comes after a second, so the second instance is surely waiting on the lease by then (on a
    // loaded machine the first could otherwise fail and give the lease back before the second asked for it).
    emulator.faults.add({ route: 'token', status: 400, error: 'invalid_grant', latencyMs: 1_000, times: 1 });
    const before = tokenRequests();
    const started = Date.now();
    const outcomes = await Promise.allSettled(
      [1, 2].map(() => credential(instance({ prefix: 'fail', leaseMs: 30_000 })).getToken(SCOPE)),
    );
    expect(outcomes.map(({ status }) => status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(tokenRequests() - before).toBe(2);
    // The failed holder gave its lease back: nobody waited for the lease (30 s) to expire.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('works on the app own client, and leaves it open on close', async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const { credential } = app();
      const cache = new RedisTokenCache({ client, keys: [KEY], prefix: 'own' });
      const first = await credential(cache).getToken(SCOPE);
      const before = tokenRequests();
      expect((await credential(instance({ prefix: 'own' })).getToken(SCOPE)).token).toBe(first.token);
      expect(tokenRequests() - before).toBe(0);
      await cache.close();
      expect(client.isReady).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('closes its connections at the end of an `await using` block', async () => {
    const { credential } = app();
    const name = `using-${randomBytes(4).toString('hex')}`;
    const connections = async () => {
      const client = await rawRedis();
      try {
        return (await client.clientList()).filter((connection) => connection.name === name).length;
      } finally {
        client.destroy();
      }
    };
    {
      await using cache = new RedisTokenCache({
        url: redis.url,
        keys: [KEY],
        prefix: 'using',
        clientOptions: { name },
      });
      await credential(cache).getToken(SCOPE);
      expect(await connections()).toBeGreaterThan(0);
    }
    await expect.poll(connections).toBe(0);
  });

  it('serves managed identity and DefaultAzureCredential through the tokenCache option', async () => {
    const identity = emulator.managedIdentity.assign();
    const env = emulator.managedIdentity.environment('IMDS');
    const managed = (tokenCache: RedisTokenCache) =>
      new ManagedIdentityCredential(identity.clientId, { env, tokenCache });
    const first = await managed(instance({ prefix: 'mi' })).getToken(SCOPE);
    const before = emulator.requestCount('imds');
    expect((await managed(instance({ prefix: 'mi' })).getToken(SCOPE)).token).toBe(first.token);
    expect(emulator.requestCount('imds') - before).toBe(0);

    const { tenantId, clientId, clientSecret } = app();
    const appEnv = {
      AZURE_TENANT_ID: tenantId,
      AZURE_CLIENT_ID: clientId,
      AZURE_CLIENT_SECRET: clientSecret,
      AZURE_AUTHORITY_HOST: emulator.url,
    };
    const viaDefault = (tokenCache: RedisTokenCache) =>
      new DefaultAzureCredential({ env: appEnv, tokenCache });
    const fromDefault = await viaDefault(instance({ prefix: 'dac' })).getToken(SCOPE);
    const beforeDefault = tokenRequests();
    expect((await viaDefault(instance({ prefix: 'dac' })).getToken(SCOPE)).token).toBe(fromDefault.token);
    expect(tokenRequests() - beforeDefault).toBe(0);
  });
});

describe('RedisTokenCache when Redis goes away', () => {
  it('never fails getToken, warns once, and shares tokens again once Redis is back', async () => {
    const warnings: string[] = [];
    setLogLevel('warning');
    setLogSink((level, _namespace, message) => level === 'warning' && warnings.push(message));
    const { credential } = app();
    const fleet = Array.from({ length: 5 }, () => credential(instance({ prefix: 'outage' })));
    await Promise.all(fleet.map((each) => each.getToken(SCOPE)));

    await redis.kill();
    // New scopes: none is in memory, so every call needs Redis, which is gone.
    for (const [index, each] of fleet.entries()) {
      const started = Date.now();
      const scopes = [`api://outage-${index}/.default`, `api://outage-${index}-again/.default`];
      for (const scope of scopes) await expect(each.getToken(scope)).resolves.toHaveProperty('token');
      // A bound, not a timing: one short store timeout at most, never the lease or a connect timeout.
      expect(Date.now() - started).toBeLessThan(3_000);
    }
    // The tokens in memory still serve, with no store call at all.
    await expect(fleet[0]?.getToken(SCOPE)).resolves.toHaveProperty('token');
    expect(warnings.filter((message) => message.includes('Redis token cache unavailable'))).toHaveLength(5);

    await redis.start();
    // The clients reconnect by themselves; the fleet converges: one request for a scope all ask for at once.
    const converged = async () => {
      const before = tokenRequests();
      const scope = `api://converged-${Date.now()}/.default`;
      await Promise.all(fleet.map((each) => each.getToken(scope)));
      return tokenRequests() - before;
    };
    await expect.poll(converged, { timeout: 10_000, interval: 500 }).toBe(1);
  });
});

describe('RedisTokenCache close() while Redis is gone', () => {
  it('returns even when its notification connection never connected (Redis refused it, then went away)', async () => {
    // A Redis of its own: this test fills its connection slots and kills it.
    const own = await startRedisServer();
    const admin = createClient({ url: own.url });
    admin.on('error', () => {});
    await admin.connect();
    const tokenAt = () => ({
      token: 'eyJ0eXAiOiJKV1QifQ.e30.c2ln',
      expiresOnTimestamp: Date.now() + 3_600_000,
      refreshAfterTimestamp: Date.now() + 1_800_000,
    });
    const [holder, waiter] = [1, 2].map(
      () => new RedisTokenCache({ url: own.url, keys: [KEY], operationTimeoutMs: 2_000, leaseMs: 500 }),
    ) as [RedisTokenCache, RedisTokenCache];
    try {
      // Both connected; then no connection more: the waiter's notification connection keeps being refused.
      await holder.getToken('warm-holder', async () => tokenAt());
      await waiter.getToken('warm-waiter', async () => tokenAt());
      await admin.configSet('maxclients', String((await admin.clientList()).length));
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const holding = holder.getToken('shared', async () => {
        await held;
        return tokenAt();
      });
      const waiting = waiter.getToken('shared', async () => tokenAt());
      await expect
        .poll(async () => Number(/rejected_connections:(\d+)/.exec(await admin.info('stats'))?.[1] ?? 0))
        .toBeGreaterThan(0);
      admin.destroy();
      await own.kill();
      release();
      await Promise.all([holding, waiting]);
      // Before the fix this waited for a connect that retries for as long as Redis is gone.
      await Promise.all([holder.close(), waiter.close()]);
    } finally {
      admin.destroy();
      await own.stop();
    }
  });
});

describe('RedisTokenCache with a password Redis refuses', () => {
  // A Redis that wants a password, a URL with another one, and the warnings the app logs; the test gets the URL.
  async function withRefusedPassword(test: (url: string) => Promise<void>): Promise<void> {
    const server = await startRedisServer({ extraArgs: ['--requirepass', randomBytes(12).toString('hex')] });
    const wrong = randomBytes(12).toString('hex');
    const warnings: string[] = [];
    setLogLevel('warning');
    setLogSink((level, _namespace, message) => level === 'warning' && warnings.push(message));
    try {
      await test(server.url.replace('redis://', `redis://:${wrong}@`));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/Redis token cache unavailable \(WRONGPASS /);
      expect(warnings[0]).not.toContain(wrong);
    } finally {
      await Promise.all(caches.splice(0).map((cache) => cache.close()));
      await server.stop();
    }
  }

  it('goes on without Redis and warns why (the refusal, not a timeout), never showing the password', () =>
    withRefusedPassword(async (url) => {
      const { credential } = app();
      const before = tokenRequests();
      const cache = instance({ url, prefix: 'refused' });
      await expect(credential(cache).getToken(SCOPE)).resolves.toHaveProperty('token');
      expect(tokenRequests() - before).toBe(1);
    }));

  it('warns why even when the first token is asked for after the refusal came (a cache made at start-up)', () =>
    withRefusedPassword(async (url) => {
      const cache = instance({ url, prefix: 'refused-later' });
      // The app makes its cache when it starts and asks for a token later: Redis has refused the password by then.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expect(app().credential(cache).getToken(SCOPE)).resolves.toHaveProperty('token');
    }));
});

describe('RedisTokenCache over TLS, as an ACL user', () => {
  it('shares tokens with only the permissions the README lists', async () => {
    const dir = temporaryFolder('identity-redis-tls');
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    // A certificate for localhost, made by openssl (argument array, no shell).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const password = randomBytes(12).toString('hex');
    // The user may use only what the cache needs, under its prefix (the default user is off).
    const acl = [
      'token-cache',
      'on',
      `>${password}`,
      '~tls:*',
      '&tls:*',
      '+get',
      '+set',
      '+eval',
      '+pttl',
      '+del',
      '+publish',
      '+subscribe',
    ];
    const server = await startRedisServer({
      tls: { certFile, keyFile },
      extraArgs: ['--user', 'default', 'off', '--user', ...acl],
    });
    try {
      const secure = () => {
        const cache = new RedisTokenCache({
          url: server.url,
          clientOptions: {
            username: 'token-cache',
            password,
            socket: { tls: true, ca: readFileSync(certFile) },
          },
          keys: [KEY],
          prefix: 'tls',
          operationTimeoutMs: 2_000,
        });
        caches.push(cache);
        return cache;
      };
      const { credential } = app();
      const before = tokenRequests();
      const tokens = await Promise.all([1, 2, 3].map(() => credential(secure()).getToken(SCOPE)));
      expect(new Set(tokens.map(({ token }) => token)).size).toBe(1);
      expect(tokenRequests() - before).toBe(1);
    } finally {
      await Promise.all(caches.splice(0).map((cache) => cache.close()));
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('RedisTokenCache options', () => {
  it('refuses to store tokens in clear unless told to', () => {
    expect(() => new RedisTokenCache({ url: redis.url })).toThrow(InvalidArgumentError);
    expect(() => new RedisTokenCache({ url: redis.url, keys: [] })).toThrow(/no encryption key/);
    const clear = new RedisTokenCache({ url: redis.url, unencrypted: true });
    caches.push(clear);
    expect(clear).toBeInstanceOf(RedisTokenCache);
  });

  it('refuses a key that is not 32 bytes, without showing it', () => {
    const short = randomBytes(16).toString('base64');
    const error = (() => {
      try {
        new RedisTokenCache({ url: redis.url, keys: [newKey(), short] });
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error?.message).toMatch(/key 2 is not 32 bytes/);
    expect(error?.message).not.toContain(short);
    expect(error?.message).toMatch(/TROUBLESHOOTING\.md#token-cache-encryption$/);
  });

  it('refuses a missing or malformed Redis address, without showing it', () => {
    expect(() => new RedisTokenCache({ keys: [KEY] })).toThrow(/pass `client`/);
    const url = 'http://user:hunter2@cache.example';
    expect(() => new RedisTokenCache({ url, keys: [KEY] })).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => new RedisTokenCache({ url, keys: [KEY] })).not.toThrow(/hunter2/);
  });

  it('refuses a redis:// address that does not parse, showing its password nowhere (not even in the error inspected)', async () => {
    const { inspect } = await import('node:util');
    for (const url of [
      'redis://user:hunter2@cache.example:notaport',
      'redis://user:hunter2@[::1',
      'rediss://:hunter2@cache.example/not-a-db',
    ]) {
      const error = (() => {
        try {
          caches.push(new RedisTokenCache({ url, keys: [KEY] }));
        } catch (thrown) {
          return thrown as Error;
        }
      })();
      expect(error, url).toBeInstanceOf(InvalidArgumentError);
      expect(error?.message).toMatch(
        /url is not a valid redis:\/\/ or rediss:\/\/ address.*#token-cache-redis$/,
      );
      const everything = `${inspect(error, { showHidden: true, depth: null })} ${JSON.stringify(error)} ${error?.stack}`;
      expect(everything).not.toContain('hunter2');
    }
  });

  it('refuses out-of-range timings and prefixes', () => {
    for (const options of [
      { leaseMs: 10 },
      { leaseMs: Number.NaN },
      { operationTimeoutMs: 0 },
      { prefix: 'a b' },
    ]) {
      expect(() => new RedisTokenCache({ url: redis.url, keys: [KEY], ...options })).toThrow(
        InvalidArgumentError,
      );
    }
  });
});
