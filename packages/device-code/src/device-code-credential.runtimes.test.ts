// The README says DeviceCodeCredential runs on every runtime: it needs only fetch. These tests run the BUILT package
// in workerd, Deno and Bun, and bundled into one Node file run from a folder with no node_modules, through a whole
// sign-in against the emulator: the app's prompt hands the user code to a test route of the emulator, which
// approves it as the user would. Edge bundles are checked for anything of Node's. Build first:
// pnpm turbo run build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { type Runtime, runInRuntime } from '@identity/tooling/test-runtimes';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(packageDir, 'dist', 'index.js');
const GRAPH = 'https://graph.microsoft.com/User.Read';
const VAULT = 'https://vault.azure.net/user_impersonation';

// The app: signs in (its prompt posts the user code to the emulator's test route), then gets a token for a second
// resource silently. Polling waits 10 ms instead of Entra's 5 seconds. Errors come back as data.
const app = (specifier: string) => `import { DeviceCodeCredential } from ${JSON.stringify(specifier)};
async function main({ clientId, authorityHost }) {
  const credential = new DeviceCodeCredential({
    clientId,
    authorityHost,
    clock: { now: () => Date.now(), sleep: () => new Promise((resolve) => setTimeout(resolve, 10)) },
    userPromptCallback: (info) => {
      fetch(authorityHost + '/test/approve', { method: 'POST', body: new URLSearchParams({ user_code: info.userCode }) });
    },
  });
  try {
    const record = await credential.authenticate(${JSON.stringify(GRAPH)});
    const { token } = await credential.getToken(${JSON.stringify(VAULT)});
    return { record, token };
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
}`;

interface Outcome {
  record?: { username: string };
  token?: string;
  error?: { name: string; message: string };
}

let emulator: Emulator;
// Who the test route signs in as.
let user = '';
beforeAll(async () => {
  emulator = await startEmulator();
  emulator.addRoute('POST', '/test/approve', 'test-approve', (ctx) => {
    emulator.approveDeviceCode(ctx.form.get('user_code') ?? '', user);
    return { json: {} };
  });
});
afterAll(() => emulator.stop());

// A public client app and its user, whom the test route signs in as from now on.
function register() {
  const registered = emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
  const { username } = emulator.registerUser({
    username: `ada.${registered.clientId}@contoso.example`,
    password: testSecret('password'),
  });
  user = username;
  return { clientId: registered.clientId, username };
}

async function expectSignedIn(outcome: Outcome, username: string) {
  expect(outcome.error).toBeUndefined();
  expect(outcome.record?.username).toBe(username);
  expect(await emulator.verifyAccessToken(outcome.token ?? '')).toMatchObject({
    aud: 'https://vault.azure.net',
    upn: username,
  });
}

describe.each(['workerd', 'deno', 'bun'] as Runtime[])('DeviceCodeCredential, built, in %s', (runtime) => {
  it('signs a user in and gets a second token silently', async () => {
    if (!existsSync(built)) throw new Error('build @identity/device-code first: pnpm turbo run build');
    const { clientId, username } = register();
    const outcome = (await runInRuntime(runtime, {
      source: `${app(built)}\nexport default main;`,
      resolveDir: packageDir,
      input: { clientId, authorityHost: emulator.url },
      allowNet: [emulator.url],
    })) as Outcome;
    await expectSignedIn(outcome, username);
  });
});

describe('a Node app bundled into one file', () => {
  it('signs a user in and gets a second token silently', async () => {
    const { clientId, username } = register();
    const outcome = (await runBundledApp({
      source: app('@identity/device-code'),
      resolveDir: packageDir,
      format: 'esm',
      input: { clientId, authorityHost: emulator.url },
    })) as Outcome;
    await expectSignedIn(outcome, username);
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('holds the credential and nothing of Node', async () => {
    const code = await bundleCode(`${app('@identity/device-code')}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    expect(code).toContain('urn:ietf:params:oauth:grant-type:device_code');
    expect(nodeOnlyImports(code)).toEqual([]);
  });
});
