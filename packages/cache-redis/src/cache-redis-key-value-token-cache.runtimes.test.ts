// KeyValueTokenCache in workerd, on miniflare's real KV implementation: two workers (two isolates) bound to one KV
// namespace share one token, what the namespace holds is sealed, and the cache bundles for the edge without Redis.
// Runs the BUILT package: pnpm turbo run build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@identity/emulator';
import { forwardDiagnostics } from '@identity/tooling/test-child-process';
import { bundleWorker } from '@identity/tooling/test-runtimes';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { Miniflare, type Request as MiniflareRequest, fetch as miniflareFetch, Response } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCOPE = 'https://vault.azure.net/.default';
const KEY = Buffer.alloc(32, 9).toString('base64');

// The worker, as wrangler would bundle it (workerd conditions, so the package's portable entry). Its credential and
// cache live in module scope, as in a real worker; it answers with the token's tail, never the token.
const WORKER = `import { ClientSecretCredential } from '@identity/client-secret';
import { KeyValueTokenCache } from '@identity/cache-redis';
let credential;
const diagnostics = [];
globalThis[Symbol.for('@identity/core.diagnostics')] = (kind, text) => diagnostics.push({ kind, text });
export default {
  async fetch(_request, env) {
    try {
      credential ??= new ClientSecretCredential(env.TENANT_ID, env.CLIENT_ID, env.CLIENT_SECRET, {
        authorityHost: env.AUTHORITY_HOST,
        tokenCache: new KeyValueTokenCache({ kv: env.TOKENS, keys: [env.TOKEN_CACHE_KEY], prefix: 'edge' }),
      });
      const { token, expiresOnTimestamp } = await credential.getToken('${SCOPE}');
      return Response.json({ tail: token.slice(-16), expiresOnTimestamp, diagnostics: diagnostics.splice(0) });
    } catch (error) {
      return Response.json({ error: String(error?.stack ?? error), diagnostics: diagnostics.splice(0) });
    }
  },
};`;

let emulator: Emulator;
let workerSource: string;

beforeAll(async () => {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
    throw new Error('build @identity/cache-redis first: pnpm turbo run build');
  }
  emulator = await startEmulator();
  workerSource = await bundleWorker(WORKER, packageDir);
});
afterAll(() => emulator?.stop());

describe('KeyValueTokenCache in workerd', () => {
  it('bundles for the edge without Redis or any Node built-in', () => {
    expect(workerSource).not.toMatch(/@redis\/client|node:net|node:tls|require\("net"\)/);
    expect(workerSource).toContain('KeyValueTokenCache');
  });

  it('shares one token between two isolates bound to one KV namespace, sealed in the store', async () => {
    const { tenantId, clientId, clientSecret } = emulator.registerApp({});
    const bindings = {
      TENANT_ID: tenantId,
      CLIENT_ID: clientId,
      CLIENT_SECRET: clientSecret as string,
      AUTHORITY_HOST: emulator.url,
      TOKEN_CACHE_KEY: KEY,
    };
    const worker = (name: string) => ({
      name,
      modules: [{ type: 'ESModule' as const, path: join(packageDir, `${name}.mjs`), contents: workerSource }],
      modulesRoot: packageDir,
      compatibilityDate: '2026-04-01',
      bindings,
      // Both bind the same namespace id: one store, as two workers of one account would share it.
      kvNamespaces: { TOKENS: 'shared-token-namespace' },
      outboundService: (request: MiniflareRequest) =>
        new URL(request.url).origin === emulator.url
          ? miniflareFetch(request)
          : new Response('only the emulator', { status: 403 }),
    });
    // The namespace in a folder of the test's own: miniflare removes its own temporary folder without waiting.
    const miniflare = new Miniflare({
      defaultPersistRoot: temporaryFolder('miniflare'),
      workers: [worker('first'), worker('second')],
    });
    try {
      const ask = async (name: string) => {
        const fetcher = (await miniflare.getWorker(name)) as unknown as {
          fetch(url: string): Promise<globalThis.Response>;
        };
        const response = await fetcher.fetch('http://worker.test/');
        const body = (await response.json()) as {
          tail?: string;
          error?: string;
          diagnostics: { kind: string; text: string }[];
        };
        forwardDiagnostics(body.diagnostics);
        expect(body.error).toBeUndefined();
        return body.tail;
      };
      const before = emulator.requestCount('token');
      const first = await ask('first');
      const second = await ask('second');
      expect(second).toBe(first);
      expect(emulator.requestCount('token') - before).toBe(1);

      // What the namespace holds: hashed names, sealed values.
      const kv = (await miniflare.getKVNamespace('TOKENS', 'first')) as unknown as {
        list(): Promise<{ keys: { name: string }[] }>;
        get(name: string): Promise<string | null>;
      };
      const { keys } = await kv.list();
      expect(keys.map(({ name }) => name)).toEqual([expect.stringMatching(/^edge:[\w-]{43}:token$/)]);
      const stored = (await kv.get(keys[0]?.name as string)) ?? '';
      expect(stored).toMatch(/^e1\.[\w-]+$/);
      for (const secret of [first as string, tenantId, clientId, clientSecret as string, 'vault.azure.net']) {
        expect(stored).not.toContain(secret);
      }
    } finally {
      await miniflare.dispose();
    }
  }, 30_000);
});
