// @identity/cache-redis: a fleet of processes that start at once, each with its own ClientSecretCredential, three
// ways: our memory-only cache, our RedisTokenCache on one redis-server, and @azure/identity. Token requests the
// emulator sees (expected N, 1, N) and time to first token (p50, p99); and cached getToken through the Redis-backed
// cache beside the memory-only one, in one process (budget: within 2×).
// Fleet sizes: 10 by default (the whole bench runs in CI); BENCH_FLEET_SIZES=10,50,100 for the full run.
import { startRedisServer } from '../../vitest/redis-server.mjs';
import { attempt, installedVersion, metric } from '../harness.mjs';
import { withEmulator } from '../measure/emulator.mjs';
import { percentile, runFleet } from '../measure/fleet.mjs';
import { resolveFrom } from '../measure/get-token.mjs';

const OURS = '@identity/cache-redis';
const CREDENTIAL = '@identity/client-secret';
const PEER = '@azure/identity';
const SCOPE = 'https://vault.azure.net/.default';
const SIZES = (process.env.BENCH_FLEET_SIZES ?? '10').split(',').map(Number);
const KEY = Buffer.alloc(32, 5).toString('base64');
// The package's defaults, but for a lease and a store limit long enough that a fleet of up to 100 Node processes
// starting at once on a shared two-core machine (where a process may not run for seconds) does not take its own
// slowness for a Redis outage; a row counts the instances that did all the same.
const CACHE_OPTIONS = { keys: [KEY], leaseMs: 30_000, operationTimeoutMs: 3_000 };
// Cached getToken through the Redis-backed cache: at least half the memory-only rate, in one process.
const CACHED_MIN_SHARE = 0.5;

const round = (value) => Math.round(value * 10) / 10;

// One fleet of `size` instances on one side; the emulator's token requests, and the time to first token.
async function fleet({ emulator, size, env }) {
  const before = emulator.requestCount('token');
  const results = await runFleet({ size, env });
  const failures = results.filter((result) => result.error);
  if (failures.length)
    throw new Error(`${failures.length} of ${size} instances failed: ${failures[0].error}`);
  const times = results.map((result) => result.firstTokenMs);
  const outage = (result) => result.diagnostics.some(({ text }) => text.includes('token cache unavailable'));
  return {
    requests: emulator.requestCount('token') - before,
    outages: results.filter(outage).length,
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
  };
}

async function fleets(context) {
  const redis = await startRedisServer();
  try {
    return await withEmulator(async (emulator, caFile) => {
      const ours = context.ours(CREDENTIAL);
      const cacheModule = resolveFrom(context.ours(OURS), OURS);
      const peer = context.peer(`${PEER}@latest`);
      const rows = [];
      for (const size of SIZES) {
        // A new app per fleet: every fleet starts with nothing cached anywhere.
        const { tenantId, clientId, clientSecret } = emulator.registerApp({});
        const env = (cwd, specifier, options) => ({
          NODE_EXTRA_CA_CERTS: caFile,
          BENCH_MODULE: resolveFrom(cwd, specifier),
          BENCH_CLASS: 'ClientSecretCredential',
          BENCH_ARGS: JSON.stringify([tenantId, clientId, clientSecret, options]),
          BENCH_SCOPE: SCOPE,
        });
        const ourEnv = env(ours, CREDENTIAL, { authorityHost: emulator.url });
        const memory = await attempt(() => fleet({ emulator, size, env: ourEnv }));
        const shared = await attempt(() =>
          fleet({
            emulator,
            size,
            env: {
              ...ourEnv,
              FLEET_CACHE_MODULE: cacheModule,
              FLEET_CACHE_OPTIONS: JSON.stringify({
                url: redis.url,
                prefix: `bench-${size}`,
                ...CACHE_OPTIONS,
              }),
            },
          }),
        );
        const azure = await attempt(() =>
          fleet({
            emulator,
            size,
            env: env(peer, PEER, { authorityHost: emulator.url, disableInstanceDiscovery: true }),
          }),
        );
        const pick = (side, field) =>
          side && typeof side === 'object' && field in side ? side[field] : side;
        const prefix = `fleet of ${size}`;
        rows.push(
          metric(
            `${prefix}, token requests, memory-only cache`,
            'count',
            pick(memory, 'requests'),
            pick(azure, 'requests'),
          ),
          metric(
            `${prefix}, token requests, RedisTokenCache`,
            'count',
            pick(shared, 'requests'),
            pick(azure, 'requests'),
            {
              equals: 1,
              label: '= 1',
            },
          ),
          metric(
            `${prefix}, instances that saw a store outage, RedisTokenCache`,
            'count',
            pick(shared, 'outages'),
          ),
          metric(
            `${prefix}, first token p50, memory-only cache`,
            'ms',
            pick(memory, 'p50'),
            pick(azure, 'p50'),
          ),
          metric(
            `${prefix}, first token p99, memory-only cache`,
            'ms',
            pick(memory, 'p99'),
            pick(azure, 'p99'),
          ),
          metric(
            `${prefix}, first token p50, RedisTokenCache`,
            'ms',
            pick(shared, 'p50'),
            pick(azure, 'p50'),
          ),
          metric(
            `${prefix}, first token p99, RedisTokenCache`,
            'ms',
            pick(shared, 'p99'),
            pick(azure, 'p99'),
          ),
        );
      }
      return rows;
    });
  } finally {
    await redis.stop();
  }
}

// Cached getToken through the Redis-backed cache as a share of the memory-only rate, both in one process.
async function cached(context) {
  const redis = await startRedisServer();
  try {
    return await withEmulator(async (emulator, caFile) => {
      const { tenantId, clientId, clientSecret } = emulator.registerApp({});
      const share = await attempt(async () => {
        const [result] = await runFleet({
          size: 1,
          env: {
            NODE_EXTRA_CA_CERTS: caFile,
            BENCH_MODULE: resolveFrom(context.ours(CREDENTIAL), CREDENTIAL),
            BENCH_CLASS: 'ClientSecretCredential',
            BENCH_ARGS: JSON.stringify([tenantId, clientId, clientSecret, { authorityHost: emulator.url }]),
            BENCH_SCOPE: SCOPE,
            FLEET_MODE: 'throughput',
            BENCH_DURATION_MS: '2000',
            FLEET_CACHE_MODULE: resolveFrom(context.ours(OURS), OURS),
            FLEET_CACHE_OPTIONS: JSON.stringify({ url: redis.url, prefix: 'bench-cached', ...CACHE_OPTIONS }),
          },
        });
        if (result.error) throw new Error(result.error);
        return result.redisOpsPerSecond / result.memoryOpsPerSecond;
      });
      return [
        metric('cached getToken, RedisTokenCache rate as a share of memory-only', 'share', share, undefined, {
          min: CACHED_MIN_SHARE,
          label: `≥ ${CACHED_MIN_SHARE * 100}% (within 2×)`,
        }),
      ];
    });
  } finally {
    await redis.stop();
  }
}

export default {
  name: 'cache-redis',
  ours: OURS,
  peer: PEER,
  versions: (context) => ({
    ours: installedVersion(context.ours(OURS), OURS),
    peer: installedVersion(context.peer(`${PEER}@latest`), PEER),
  }),
  measures: { fleets, 'cached getToken': cached },
};
