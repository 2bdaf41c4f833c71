// A fleet of real processes, each with its own credential and its own RedisTokenCache (the BUILT package), on one
// redis-server, against the emulator: the whole fleet makes one token request, and an instance that dies holding
// the lease delays the others by no more than the lease. Heavy (50 Node processes): build first.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { forwardDiagnostics } from '@identity/tooling/test-child-process';
import { type FleetResult, runFleet, startInstance } from '@identity/tooling/test-fleet';
import { type RedisServer, startRedisServer } from '@identity/tooling/test-redis';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(packageDir, 'dist', 'index.node.js');
const dependency = (name: string, entry: string) =>
  join(packageDir, 'node_modules', '@identity', name, 'dist', entry);
const SCOPE = 'https://vault.azure.net/.default';
const FLEET_SIZE = 50;
const KEY = Buffer.alloc(32, 7).toString('base64');

let emulator: Emulator;
let redis: RedisServer;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error('build @identity/cache-redis first: pnpm turbo run build');
  [emulator, redis] = await Promise.all([startEmulator(), startRedisServer()]);
});
afterAll(() => Promise.all([emulator?.stop(), redis?.stop()]));

// The environment of one instance: its credential's library, class and arguments, and its cache's options. The
// timings are generous: 50 processes start on a shared two-core machine, where a process may not run for seconds,
// and what is tested is that the fleet makes one request while the holder does its work within the lease.
const GENEROUS = { leaseMs: 30_000, operationTimeoutMs: 3_000 };
function fleetEnv(credential: { module: string; className: string; args: unknown[] }, cache: object) {
  return {
    BENCH_MODULE: pathToFileURL(credential.module).href,
    BENCH_CLASS: credential.className,
    BENCH_ARGS: JSON.stringify(credential.args),
    BENCH_SCOPE: SCOPE,
    FLEET_CACHE_MODULE: pathToFileURL(built).href,
    FLEET_CACHE_OPTIONS: JSON.stringify({ url: redis.url, keys: [KEY], ...cache }),
  };
}

function clientSecretApp() {
  const { tenantId, clientId, clientSecret } = emulator.registerApp({});
  return {
    module: dependency('client-secret', 'index.js'),
    className: 'ClientSecretCredential',
    args: [tenantId, clientId, clientSecret, { authorityHost: emulator.url }],
  };
}

// Every instance got the same token, and nothing it logged or threw leaks a secret (the suite's leak check).
function expectOneToken(results: FleetResult[]) {
  for (const result of results) forwardDiagnostics(result.diagnostics);
  expect(results.filter((result) => result.error)).toEqual([]);
  expect(new Set(results.map((result) => result.digest)).size).toBe(1);
}

describe(`a fleet of ${FLEET_SIZE} processes on one Redis`, () => {
  it('makes one token request to Entra for all of them (client secret)', async () => {
    const before = emulator.requestCount('token');
    const results = await runFleet({
      size: FLEET_SIZE,
      env: fleetEnv(clientSecretApp(), { prefix: 'fleet-cs', ...GENEROUS }),
    });
    expectOneToken(results);
    expect(emulator.requestCount('token') - before).toBe(1);
  }, 120_000);

  it('makes one token request to IMDS for all of them (managed identity)', async () => {
    const identity = emulator.managedIdentity.assign();
    const credential = {
      module: dependency('managed-identity', 'index.node.js'),
      className: 'ManagedIdentityCredential',
      // The emulator's IMDS on loopback: never the real 169.254.169.254.
      args: [identity.clientId, { env: emulator.managedIdentity.environment('IMDS') }],
    };
    const before = emulator.requestCount('imds');
    const results = await runFleet({
      size: FLEET_SIZE,
      env: fleetEnv(credential, { prefix: 'fleet-mi', ...GENEROUS }),
    });
    expectOneToken(results);
    expect(emulator.requestCount('imds') - before).toBe(1);
  }, 120_000);
});

describe('an instance that dies holding the lease', () => {
  it('delays the others by no more than the lease', async () => {
    const leaseMs = 2_000;
    const env = fleetEnv(clientSecretApp(), { prefix: 'fleet-kill', leaseMs });
    // The holder's request hangs in the emulator, far longer than the lease.
    emulator.faults.add({ route: 'token', latencyMs: 8_000, times: 1 });
    const holder = startInstance({ env });
    const waiter = startInstance({ env });
    await Promise.all([holder.ready, waiter.ready]);
    holder.go();
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      await expect.poll(() => raw.keys('fleet-kill:*:lease'), { timeout: 10_000 }).toHaveLength(1);
    } finally {
      raw.destroy();
    }
    // The waiter finds the lease taken; the holder dies in the middle of its request.
    waiter.go();
    holder.kill();
    await expect(holder.result).rejects.toThrow(/SIGKILL/);
    const result = await waiter.result;
    forwardDiagnostics(result.diagnostics);
    expect(result.error).toBeUndefined();
    expect(result.digest).toMatch(/^[0-9a-f]{16}$/);
    // The lease, one poll interval, and the waiter's own request (with room for a busy machine): well before the
    // hung request would have answered.
    expect(result.firstTokenMs).toBeLessThan(leaseMs + 3_000);
  }, 60_000);
});
