// A Node app that uses RedisTokenCache, bundled into one file (ESM and CommonJS) and run from a folder with no
// node_modules: node-redis travels inside the bundle, and two runs of the app share one token through Redis.
// node-redis is CommonJS and requires Node built-ins, so an ESM bundle of it needs the `createRequire` banner that
// esbuild documents for such code (as any app bundling node-redis to ESM does); the README says so.
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { ESM_REQUIRE_BANNER, runBundledApp } from '@identity/tooling/test-bundled-app';
import { type RedisServer, startRedisServer } from '@identity/tooling/test-redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const SCOPE = 'https://vault.azure.net/.default';

const APP = `import { RedisTokenCache } from '@identity/cache-redis';
import { ClientSecretCredential } from '@identity/client-secret';
async function main({ tenantId, clientId, clientSecret, authorityHost, url, key, prefix }) {
  const tokenCache = new RedisTokenCache({ url, keys: [key], prefix, operationTimeoutMs: 2000 });
  try {
    const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, { authorityHost, tokenCache });
    return { tail: (await credential.getToken('${SCOPE}')).token.slice(-16) };
  } finally {
    await tokenCache.close();
  }
}`;

let emulator: Emulator;
let redis: RedisServer;
beforeAll(async () => {
  [emulator, redis] = await Promise.all([startEmulator(), startRedisServer()]);
});
afterAll(() => Promise.all([emulator?.stop(), redis?.stop()]));

describe.each(['esm', 'cjs'] as const)('an app bundled into one %s file', (format) => {
  it('shares its token through Redis with the next run of the app', async () => {
    const { tenantId, clientId, clientSecret } = emulator.registerApp({});
    const input = {
      tenantId,
      clientId,
      clientSecret,
      authorityHost: emulator.url,
      url: redis.url,
      key: Buffer.alloc(32, 3).toString('base64'),
      prefix: `bundle-${format}`,
    };
    const banner = format === 'esm' ? ESM_REQUIRE_BANNER : undefined;
    const run = () =>
      runBundledApp({ source: APP, resolveDir: packageDir, format, banner, input, timeoutInMs: 20_000 });
    const before = emulator.requestCount('token');
    const first = (await run()) as { tail: string };
    const second = (await run()) as { tail: string };
    expect(first.tail).toMatch(/^[\w-]{16}$/);
    expect(second.tail).toBe(first.tail);
    expect(emulator.requestCount('token') - before).toBe(1);
  }, 60_000);
});
