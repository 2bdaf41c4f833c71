// The README says the credential needs only fetch and reads through the cache object it is given: a Node app bundled
// into one file, run from a folder with no node_modules, signs a user in with DeviceCodeCredential into a cache of its
// own (an account store that lists, as the persistent cache's does) and gets a token from SharedTokenCacheCredential;
// without a cache or plugin it hears which line to add. Edge bundles hold nothing of Node's. Build first:
// pnpm turbo run build.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@identity/emulator';
import { startEmulator } from '@identity/emulator';
import { bundleCode } from '@identity/tooling/test-bundle';
import { EDGE_BUILDS, nodeOnlyImports, runBundledApp } from '@identity/tooling/test-bundled-app';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const APP = `import { TokenCache } from '@identity/core';
import { DeviceCodeCredential } from '@identity/device-code';
import { SharedTokenCacheCredential } from '@identity/shared-token-cache';

class ListingCache extends TokenCache {
  constructor() {
    super();
    const entries = new Map();
    this.accounts = {
      get: (key) => entries.get(key),
      set: (key, account) => entries.set(key, account),
      list: async () => [...entries.values()],
    };
  }
}

async function main({ clientId, authorityHost }) {
  const tokenCache = new ListingCache();
  await new DeviceCodeCredential({
    clientId,
    authorityHost,
    tokenCache,
    clock: { now: () => Date.now(), sleep: () => new Promise((resolve) => setTimeout(resolve, 10)) },
    userPromptCallback: (info) => {
      fetch(authorityHost + '/test/approve', { method: 'POST', body: new URLSearchParams({ user_code: info.userCode }) });
    },
  }).authenticate('https://graph.microsoft.com/User.Read');
  const shared = new SharedTokenCacheCredential({ clientId, authorityHost, tokenCache, env: {} });
  const { token } = await shared.getToken('https://vault.azure.net/.default');
  await shared.close();
  const none = await new SharedTokenCacheCredential({ env: {} }).getToken('https://vault.azure.net/.default').catch((e) => e);
  return { token, unavailable: { name: none.name, message: none.message } };
}`;

let emulator: Emulator;
let user = '';
beforeAll(async () => {
  emulator = await startEmulator();
  emulator.addRoute('POST', '/test/approve', 'test-approve', (ctx) => {
    emulator.approveDeviceCode(ctx.form.get('user_code') ?? '', user);
    return { json: {} };
  });
});
afterAll(() => emulator.stop());

describe.each(['esm', 'cjs'] as const)('a Node app bundled into one file (%s)', (format) => {
  it('gets the signed-in user’s token from the cache it gave, and without one hears which line to add', async () => {
    const app = emulator.registerApp({ publicClient: true, multiTenant: true, adminConsent: true });
    user = emulator.registerUser({
      username: `ada.${app.clientId}@contoso.example`,
      password: testSecret('password'),
    }).username;
    const outcome = (await runBundledApp({
      source: APP,
      resolveDir: packageDir,
      format,
      input: { clientId: app.clientId, authorityHost: emulator.url },
    })) as { token: string; unavailable: { name: string; message: string } };
    expect(await emulator.verifyAccessToken(outcome.token)).toMatchObject({
      aud: 'https://vault.azure.net',
      upn: user,
    });
    expect(outcome.unavailable.name).toBe('CredentialUnavailableError');
    expect(outcome.unavailable.message).toMatch(/add `useIdentityPlugin\(cachePersistencePlugin\)`/);
  });
});

describe.each(EDGE_BUILDS)('a $name bundle', ({ platform, conditions }) => {
  it('holds the credential and nothing of Node', async () => {
    const code = await bundleCode(`${APP}\nexport { main };`, {
      platform,
      conditions,
      resolveDir: packageDir,
    });
    expect(code).toContain('the shared token cache holds several accounts');
    expect(nodeOnlyImports(code)).toEqual([]);
  });
});
