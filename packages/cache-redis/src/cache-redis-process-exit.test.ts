// A process that uses RedisTokenCache (the BUILT package) and never calls close() ends by itself once its work is
// done, whether Redis is up, was never reachable, or went away in the middle of the run: the cache holds no
// connection, reconnect timer or retry loop that keeps Node alive.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { runProcess } from '@identity/tooling/test-child-process';
import { closedPort } from '@identity/tooling/test-closed-port';
import { type RedisServer, startRedisServer } from '@identity/tooling/test-redis';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(packageDir, 'dist', 'index.node.js');
const clientSecret = join(packageDir, 'node_modules', '@identity', 'client-secret', 'dist', 'index.js');
const KEY = Buffer.alloc(32, 9).toString('base64');

let emulator: Emulator;
let redis: RedisServer;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error('build @identity/cache-redis first: pnpm turbo run build');
  [emulator, redis] = await Promise.all([startEmulator(), startRedisServer()]);
});
afterAll(() => Promise.all([emulator?.stop(), redis?.stop()]));

// The app: one token, then (once `go` exists) a token for another scope, then nothing: no close(), no exit().
// It prints when its work was done; the test measures how long Node takes to end after that.
const APP = `
import { existsSync } from 'node:fs';
import { RedisTokenCache } from ${JSON.stringify(pathToFileURL(built).href)};
import { ClientSecretCredential } from ${JSON.stringify(pathToFileURL(clientSecret).href)};
const { url, go, app } = JSON.parse(process.env.APP);
const tokenCache = new RedisTokenCache({ url, keys: [${JSON.stringify(KEY)}], prefix: 'exit' });
const credential = new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret, { authorityHost: app.authorityHost, tokenCache });
await credential.getToken('https://vault.azure.net/.default');
console.error('first token');
while (go && !existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 50));
await credential.getToken('https://graph.microsoft.com/.default');
console.log(Date.now());
`;

async function run(url: string, between?: () => Promise<void>) {
  const registered = emulator.registerApp({});
  const app = { ...registered, authorityHost: emulator.url };
  const go = between ? join(temporaryFolder('identity-redis-exit'), 'go') : undefined;
  const { stdout } = await runProcess(process.execPath, ['--input-type=module', '-e', APP], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', APP: JSON.stringify({ url, go, app }) },
    timeoutInMs: 10_000,
    onStderr: (chunk) => {
      if (go && chunk.includes('first token')) between?.().then(() => writeFileSync(go, ''));
    },
  });
  return Date.now() - Number(stdout.trim());
}

describe('a process using RedisTokenCache without close()', () => {
  it('ends by itself when Redis is up', async () => {
    expect(await run(redis.url)).toBeLessThan(3_000);
  }, 30_000);

  it('ends by itself when Redis was never reachable', async () => {
    expect(await run(`redis://127.0.0.1:${await closedPort()}`)).toBeLessThan(3_000);
  }, 30_000);

  it('ends by itself when Redis went away in the middle of the run', async () => {
    const gone = await startRedisServer();
    try {
      expect(await run(gone.url, () => gone.kill())).toBeLessThan(3_000);
    } finally {
      await gone.stop();
    }
  }, 30_000);
});
