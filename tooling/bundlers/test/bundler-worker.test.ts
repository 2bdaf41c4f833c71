// Every worker bundle works as deployed: `wrangler deploy --dry-run --outdir` bundles a Cloudflare worker that uses
// DefaultAzureCredential (the edge entry, which the `workerd` condition picks) exactly as it would upload it,
// offline and without an account; the module it wrote runs in workerd (through miniflare), configured from its
// bindings, against the emulator on loopback. A cell passes when the emulator verifies the token the worker got.
// Build first: pnpm turbo run build.
import { type Emulator, startEmulator } from '@identity/emulator';
import { nodeOnlyImports } from '@identity/tooling/test-bundled-app';
import { fetchFromWorker } from '@identity/tooling/test-runtimes';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, WORKER_APP } from './bundler-apps.js';
import { buildWorkerWithWrangler, PACKAGE_DIR } from './bundler-builds.js';

let emulator: Emulator;
let worker: string;

beforeAll(async () => {
  [emulator, worker] = await Promise.all([startEmulator(), buildWorkerWithWrangler(WORKER_APP)]);
}, 90_000);
afterAll(() => emulator?.stop());

describe('wrangler deploy --dry-run, Cloudflare Workers', () => {
  it('uploads the edge chain: nothing of Node, no developer tool, no managed identity', () => {
    expect(worker).toContain('EnvironmentCredential');
    expect(nodeOnlyImports(worker)).toEqual([]);
    expect(worker).not.toMatch(/get-access-token|Get-AzAccessToken|metadata\/identity\/oauth2\/token/);
  });

  it("gets the emulator's token in workerd, for the service principal its bindings name", async () => {
    const secret = testSecret('worker');
    const app = emulator.registerApp({ clientSecret: secret });
    const { status, text } = await fetchFromWorker({
      contents: worker,
      modulesRoot: PACKAGE_DIR,
      bindings: {
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_SECRET: secret,
        AZURE_AUTHORITY_HOST: emulator.url,
      },
      allowNet: [emulator.url],
      timeoutInMs: 20_000,
    });
    expect(status).toBe(200);
    const outcome = JSON.parse(text) as { token?: string; error?: unknown };
    expect(outcome.error).toBeUndefined();
    expect(await emulator.verifyAccessToken(outcome.token ?? '')).toMatchObject({
      aud: AUDIENCE,
      appid: app.clientId,
    });
  });
});
