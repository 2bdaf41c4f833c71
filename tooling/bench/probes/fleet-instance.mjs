// One instance of a fleet, in a process of its own: it builds its credential (with a RedisTokenCache when
// FLEET_CACHE_MODULE is set, else the library's own memory cache), prints "ready", waits for a line on stdin so that
// the whole fleet starts at once, and prints one JSON line. Everything comes from the environment:
//   BENCH_MODULE  file URL of the credential's library   BENCH_CLASS  class   BENCH_ARGS  constructor args (JSON)
//   BENCH_SCOPE   the scope                              FLEET_MODE   'first' (default) | 'throughput'
//   FLEET_CACHE_MODULE  file URL of @identity/cache-redis   FLEET_CACHE_OPTIONS  RedisTokenCache options (JSON)
//   BENCH_DURATION_MS   throughput: how long to loop, both sides together
import { createHash } from 'node:crypto';
import { rate } from './rate.mjs';

const env = process.env;
// What the libraries log and throw goes back to the parent (the test suite's leak check reads it).
const diagnostics = [];
globalThis[Symbol.for('@identity/core.diagnostics')] = (kind, text) => diagnostics.push({ kind, text });

const library = await import(env.BENCH_MODULE);
const Credential = library[env.BENCH_CLASS];
const scope = env.BENCH_SCOPE;
const cacheModule = env.FLEET_CACHE_MODULE ? await import(env.FLEET_CACHE_MODULE) : undefined;
const cacheOptions = env.FLEET_CACHE_OPTIONS ? JSON.parse(env.FLEET_CACHE_OPTIONS) : {};
const caches = [];

// A credential with the given cache (or none: the library's default), its last argument carrying the option.
function credential(tokenCache) {
  const args = JSON.parse(env.BENCH_ARGS);
  if (tokenCache) args[args.length - 1] = { ...args.at(-1), tokenCache };
  return new Credential(...args);
}
function redisCache() {
  const cache = new cacheModule.RedisTokenCache(cacheOptions);
  caches.push(cache);
  return cache;
}

// The first token of the instance, timed from the fleet's start.
async function first(start) {
  const instance = credential(cacheModule && redisCache());
  await start;
  const started = performance.now();
  const { token } = await instance.getToken(scope);
  return {
    firstTokenMs: performance.now() - started,
    digest: createHash('sha256').update(token).digest('hex').slice(0, 16),
  };
}

// Cached getToken through the Redis-backed cache beside the memory-only one, in this one process, in alternating
// short rounds; the best round of each counts (other work on a shared machine only slows a round down).
async function throughput(start) {
  const memory = credential();
  const redis = credential(redisCache());
  await start;
  await memory.getToken(scope);
  await redis.getToken(scope);
  const rounds = 5;
  const roundMs = Number(env.BENCH_DURATION_MS ?? 1000) / rounds / 2;
  let memoryOpsPerSecond = 0;
  let redisOpsPerSecond = 0;
  for (let round = 0; round < rounds; round++) {
    memoryOpsPerSecond = Math.max(memoryOpsPerSecond, await rate(() => memory.getToken(scope), roundMs));
    redisOpsPerSecond = Math.max(redisOpsPerSecond, await rate(() => redis.getToken(scope), roundMs));
  }
  return { memoryOpsPerSecond, redisOpsPerSecond };
}

const start = new Promise((resolve) => process.stdin.once('data', resolve));
const modes = { first, throughput };
const pending = modes[env.FLEET_MODE ?? 'first'](start);
process.stdout.write('ready\n');
let outcome;
try {
  outcome = await pending;
} catch (error) {
  outcome = { error: `${error?.name}: ${error?.message}` };
}
await Promise.all(caches.map((cache) => cache.close()));
process.stdout.write(`${JSON.stringify({ ...outcome, diagnostics })}\n`);
// Some libraries keep sockets alive; the instance is done.
process.exit(0);
