// The README says ClientSecretCredential runs on Cloudflare Workers, Deno, Bun, Vercel's edge runtime and in
// browsers. Bundling checks only show that no Node built-in is reachable; these tests run the BUILT package in
// each real runtime against the emulator on loopback (from a page on another origin in Chromium: CORS applies),
// and check what comes back. Build first: pnpm turbo run build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { bundleWorker, type Runtime, runInRuntime, startWorker } from '@identity/tooling/test-runtimes';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(packageDir, 'dist', 'index.js');
const scope = 'https://vault.azure.net/.default';

// What each runtime runs: the credential from the built package, with every option explicit and nothing read
// from an environment (Deno gets no --allow-env). Errors come back as data, so the test can look at them.
const SCRIPT = `import { AuthenticationError, ClientSecretCredential } from ${JSON.stringify(built)};
export default async ({ tenantId, clientId, clientSecret, authorityHost }) => {
  const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, { authorityHost });
  try {
    const { token, tokenType, expiresOnTimestamp } = await credential.getToken(${JSON.stringify(scope)});
    return { token, tokenType, expiresOnTimestamp };
  } catch (error) {
    return {
      error: {
        isAuthenticationError: AuthenticationError.isInstance(error),
        name: error.name,
        statusCode: error.statusCode,
        message: error.message,
      },
    };
  }
};`;

const RUNTIMES: Runtime[] = ['workerd', 'deno', 'bun', 'edge-runtime', 'chromium'];

describe.each(RUNTIMES)('ClientSecretCredential, built, in %s', (runtime) => {
  let emulator: Emulator;
  beforeAll(async () => {
    if (!existsSync(built)) throw new Error('build @identity/client-secret first: pnpm turbo run build');
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  function runScript(input: Record<string, string>) {
    return runInRuntime(runtime, {
      source: SCRIPT,
      resolveDir: packageDir,
      input: { authorityHost: emulator.url, ...input },
      allowNet: [emulator.url],
    }) as Promise<{
      token?: string;
      tokenType?: string;
      expiresOnTimestamp?: number;
      error?: { isAuthenticationError: boolean; name: string; statusCode: number; message: string };
    }>;
  }

  it("gets the emulator's signed token for the app and the resource", async () => {
    const secret = testSecret('app');
    const app = emulator.registerApp({ clientSecret: secret });
    const outcome = await runScript({ tenantId: app.tenantId, clientId: app.clientId, clientSecret: secret });
    expect(outcome.error).toBeUndefined();
    expect(outcome.tokenType).toBe('Bearer');
    expect(outcome.expiresOnTimestamp).toBeGreaterThan(Date.now());
    expect(await emulator.verifyAccessToken(outcome.token ?? '')).toMatchObject({
      appid: app.clientId,
      aud: 'https://vault.azure.net',
      tid: app.tenantId,
    });
  });

  it('reports a wrong secret as an AuthenticationError whose message does not contain the secret', async () => {
    const app = emulator.registerApp({ clientSecret: testSecret('right') });
    const wrong = testSecret('wrong');
    const outcome = await runScript({ tenantId: app.tenantId, clientId: app.clientId, clientSecret: wrong });
    expect(outcome.token).toBeUndefined();
    expect(outcome.error).toMatchObject({
      isAuthenticationError: true,
      name: 'AuthenticationError',
      statusCode: 401,
    });
    expect(outcome.error?.message).toMatch(/^ClientSecretCredential failed \(HTTP 401\): invalid_client/);
    expect(outcome.error?.message).not.toContain(wrong);
  });
});

// A worker keeps its credential in module scope, so that every request shares its token cache; workerd stops the
// I/O a request started once its response is sent. The worker's clock is the request's: `offset` ms ahead.
const WORKER = `import { ClientSecretCredential } from ${JSON.stringify(built)};
let offset = 0;
let credential;
export default {
  async fetch(request, env) {
    offset = Number(new URL(request.url).searchParams.get('offset'));
    credential ??= new ClientSecretCredential(env.tenantId, env.clientId, env.clientSecret, {
      authorityHost: env.authorityHost,
      clock: { now: () => Date.now() + offset, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    });
    try {
      const token = await credential.getToken(${JSON.stringify(scope)}, { requestOptions: { timeout: 5000 } });
      return Response.json({ ...token, now: Date.now() });
    } catch (error) {
      return Response.json({ error: error.message });
    }
  },
};`;

describe('ClientSecretCredential, built, kept across requests by a worker in workerd', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    if (!existsSync(built)) throw new Error('build @identity/client-secret first: pnpm turbo run build');
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it('gets a new token once the cached one expires, though the refresh an earlier request began was stopped', async () => {
    const clientSecret = testSecret('app');
    const app = emulator.registerApp({ clientSecret });
    const worker = startWorker({
      contents: await bundleWorker(WORKER, packageDir),
      modulesRoot: packageDir,
      bindings: { tenantId: app.tenantId, clientId: app.clientId, clientSecret, authorityHost: emulator.url },
      allowNet: [emulator.url],
    });
    type Answer = { token?: string; expiresOnTimestamp: number; refreshAfterTimestamp: number; now: number };
    const ask = async (offset: number) =>
      JSON.parse((await worker.fetch(`/?offset=${offset}`)).text) as Answer;
    try {
      const first = await ask(0);
      // Due for refresh: served from the cache while a refresh starts in the background, which the emulator holds
      // until this request has answered, so workerd stops it.
      emulator.faults.add({ route: 'token', latencyMs: 2000 });
      const cached = await ask(first.refreshAfterTimestamp - first.now + 1000);
      expect(cached.token).toBe(first.token);
      // Expired: this request must get a token of its own, not wait for the stopped refresh.
      const renewed = await ask(first.expiresOnTimestamp - first.now + 1000);
      expect(renewed).toMatchObject({ token: expect.any(String) });
      expect(renewed.token).not.toBe(first.token);
      expect(await emulator.verifyAccessToken(renewed.token ?? '')).toMatchObject({ appid: app.clientId });
    } finally {
      await worker.stop();
    }
  });
});
