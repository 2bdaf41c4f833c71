import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@identity/client-secret';
import { CredentialUnavailableError, InvalidArgumentError, useIdentityPlugin } from '@identity/core';
import { type Emulator, startEmulator } from '@identity/emulator';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cacheDirectory } from './cache-persistence-location.js';
import { cachePersistencePlugin } from './cache-persistence-plugin.js';
import { PersistentTokenCache, persistentTokenCache } from './cache-persistence-token-cache.js';

const VAULT = 'https://vault.azure.net/.default';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
afterEach(() => vi.unstubAllEnvs());

const folder = () => join(temporaryFolder('cache-persistence'), '.IdentityService');
const plainCache = (directory: string) =>
  new PersistentTokenCache({ directory, unsafeAllowUnencryptedStorage: true });

function setup() {
  const app = emulator.registerApp();
  const credential = (tokenCache: PersistentTokenCache) =>
    new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret as string, {
      authorityHost: emulator.url,
      tokenCache,
    });
  return { app, credential };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('PersistentTokenCache with an app credential', () => {
  it("keeps the app's token in the .nocae file as MSAL does, and a later process's cache serves it with no request", async () => {
    const { app, credential } = setup();
    const directory = folder();
    const cache = plainCache(directory);
    const first = await credential(cache).getToken(VAULT);
    // Written in the background; close() waits for it.
    await cache.close();
    const written = readJson(join(directory, 'msal.cache.nocae'));
    expect(Object.values(written.AccessToken)).toEqual([
      expect.objectContaining({
        home_account_id: '',
        environment: new URL(emulator.url).host,
        credential_type: 'AccessToken',
        client_id: app.clientId,
        realm: app.tenantId,
        target: VAULT,
        secret: first.token,
        token_type: 'Bearer',
      }),
    ]);

    const requests = emulator.requestCount('token');
    const next = await credential(plainCache(directory)).getToken(VAULT);
    // MSAL's file keeps times in whole seconds.
    expect(next).toMatchObject({ token: first.token, tokenType: 'Bearer' });
    expect(Math.abs(next.expiresOnTimestamp - first.expiresOnTimestamp)).toBeLessThan(1000);
    expect(emulator.requestCount('token')).toBe(requests);
  });

  it('serves a later run from the file while another process holds its lock, and that run creates, locks and writes nothing, close() included', async () => {
    const { credential } = setup();
    const directory = folder();
    const cache = plainCache(directory);
    const first = await credential(cache).getToken(VAULT);
    await cache.close();
    const path = join(directory, 'msal.cache.nocae');
    // A live holder of this host (this process): a run that waited for the lock would fail after 200 ms.
    writeFileSync(
      `${path}.lockfile`,
      JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() }),
    );
    const listing = () =>
      readdirSync(directory).map((name) => [name, statSync(join(directory, name)).mtimeMs]);
    const before = { listing: listing(), folder: statSync(directory).mtimeMs };
    const requests = emulator.requestCount('token');
    const next = new PersistentTokenCache({
      directory,
      unsafeAllowUnencryptedStorage: true,
      lockTimeoutMs: 200,
    });
    expect((await credential(next).getToken(VAULT)).token).toBe(first.token);
    await next.close();
    expect(emulator.requestCount('token')).toBe(requests);
    expect(listing()).toEqual(before.listing);
    expect(statSync(directory).mtimeMs).toBe(before.folder);
  });

  it('serves a token from the file only until it is due for refresh, as memory does', async () => {
    const { credential } = setup();
    const directory = folder();
    const cache = plainCache(directory);
    const first = await credential(cache).getToken(VAULT);
    await cache.close();
    // Another process's token, due for refresh now: the next run asks for a new one.
    const path = join(directory, 'msal.cache.nocae');
    const document = readJson(path);
    for (const entity of Object.values(document.AccessToken) as Record<string, string>[]) {
      entity.refresh_on = String(Math.floor(Date.now() / 1000) - 1);
    }
    writeFileSync(path, JSON.stringify(document));
    const requests = emulator.requestCount('token');
    const next = await credential(plainCache(directory)).getToken(VAULT);
    expect(next.token).not.toBe(first.token);
    expect(emulator.requestCount('token')).toBe(requests + 1);
  });

  it('keeps CAE tokens in the .cae file, apart, and never stores a token asked for with a claims challenge', async () => {
    const { credential } = setup();
    const directory = folder();
    const cache = plainCache(directory);
    const cae = await credential(cache).getToken(VAULT, { enableCae: true });
    await credential(cache).getToken(VAULT, { claims: '{"access_token":{"nbf":{"essential":true}}}' });
    await cache.close();
    const secrets = (file: string) =>
      Object.values(readJson(join(directory, file)).AccessToken).map(
        (entity) => (entity as { secret: string }).secret,
      );
    expect(secrets('msal.cache.cae')).toEqual([cae.token]);
    expect(() => readJson(join(directory, 'msal.cache.nocae'))).toThrow(/ENOENT/);
  });

  it.runIf(process.platform === 'linux')(
    'refuses to write tokens in clear without unsafeAllowUnencryptedStorage when no OS secret store is available',
    async () => {
      // A machine with no D-Bus session: no Secret Service to keep the key in (the real store is tested beside
      // keyringProtection, inside a dbus-run-session).
      vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', undefined);
      const { credential } = setup();
      const directory = folder();
      const error = await credential(new PersistentTokenCache({ directory }))
        .getToken(VAULT)
        .catch((e) => e);
      expect(CredentialUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(
        /no D-Bus session.*unsafeAllowUnencryptedStorage.*#cache-persistence-no-secret-store$/,
      );
      expect(() => readFileSync(join(directory, 'msal.cache.nocae'))).toThrow(/ENOENT/);
    },
  );

  it.skipIf(process.platform === 'win32' || process.platform === 'darwin')(
    'stops waiting for the OS secret store when the caller aborts, and sends nothing (an unlock prompt may take keyringTimeoutInMs)',
    async () => {
      const { createServer } = await import('node:net');
      const socket = join(temporaryFolder('cache-persistence-bus'), 'bus');
      const controller = new AbortController();
      // A session bus that takes the connection and does not answer yet: the caller gives up meanwhile.
      const connections: import('node:net').Socket[] = [];
      const server = createServer((connection) => {
        connections.push(connection);
        controller.abort();
      });
      await new Promise<void>((resolve) => server.listen(socket, resolve));
      vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', `unix:path=${socket}`);
      try {
        const cache = new PersistentTokenCache({ directory: folder(), keyringTimeoutInMs: 600_000 });
        const acquire = vi.fn(async () => ({
          token: 't',
          expiresOnTimestamp: 2e12,
          refreshAfterTimestamp: 2e12,
        }));
        const error = await cache
          .getToken('key', acquire, { abortSignal: controller.signal })
          .catch((e) => e);
        // Not the store's "did not answer" error, which comes only when the bus's greeting times out.
        expect(error?.name).toBe('AbortError');
        expect(acquire).not.toHaveBeenCalled();
      } finally {
        for (const connection of connections) connection.destroy();
        server.close();
      }
    },
  );

  it('takes a plain file name only', () => {
    for (const name of ['../elsewhere', 'a/b', '..', '.', 'a\\b', 'x'.repeat(101)]) {
      expect(() => new PersistentTokenCache({ name, unsafeAllowUnencryptedStorage: true }), name).toThrow(
        InvalidArgumentError,
      );
    }
    expect(new PersistentTokenCache({ name: 'my-cli.cache', directory: '/x' }).paths).toEqual({
      nocae: '/x/my-cli.cache.nocae',
      cae: '/x/my-cli.cache.cae',
      authenticationRecord: '/x/my-cli.cache.authentication-record.json',
    });
  });

  it('takes lock timings that bound every wait: whole numbers of ms, never NaN, negative or endless', () => {
    // Number(process.env.UNSET) is NaN: a lock wait with a NaN deadline would never end.
    for (const value of [Number.NaN, -1, Number.POSITIVE_INFINITY, 1.5, 600_001, '5000']) {
      for (const option of ['lockTimeoutMs', 'staleLockMs']) {
        expect(
          () => new PersistentTokenCache({ directory: '/x', [option]: value as number }),
          `${option}: ${value}`,
        ).toThrow(/must be a whole number of ms from [01] to 600,000.*#cache-persistence/);
      }
    }
    // A stale lock of 0 ms would take every live lock over at once.
    expect(() => new PersistentTokenCache({ directory: '/x', staleLockMs: 0 })).toThrow(InvalidArgumentError);
    expect(() => persistentTokenCache({ directory: '/x', lockTimeoutMs: Number.NaN })).toThrow(
      InvalidArgumentError,
    );
    // No wait at all is a choice: one attempt at the lock.
    expect(
      new PersistentTokenCache({ directory: '/x', lockTimeoutMs: 0, staleLockMs: 600_000 }),
    ).toBeDefined();
  });

  it('is one instance per file in a process, so credentials share it', () => {
    const directory = folder();
    const options = { directory, unsafeAllowUnencryptedStorage: true };
    expect(persistentTokenCache(options)).toBe(persistentTokenCache({ ...options }));
    expect(persistentTokenCache({ ...options, name: 'other' })).not.toBe(persistentTokenCache(options));
  });
});

describe('the plugin, for drop-in code', () => {
  it('gives tokenCachePersistenceOptions the cache of that name in ~/.IdentityService', async () => {
    const home = temporaryFolder('cache-persistence-home');
    vi.stubEnv('HOME', home);
    useIdentityPlugin(cachePersistencePlugin);
    const { app } = setup();
    const credential = new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret as string, {
      authorityHost: emulator.url,
      tokenCachePersistenceOptions: { enabled: true, name: 'drop-in', unsafeAllowUnencryptedStorage: true },
    });
    const { token } = await credential.getToken(VAULT);
    await persistentTokenCache({ name: 'drop-in', unsafeAllowUnencryptedStorage: true }).close();
    const file = join(home, '.IdentityService', 'drop-in.nocae');
    expect(Object.values(readJson(file).AccessToken)).toMatchObject([{ secret: token }]);
  });

  it('finds the folder as MSAL does: %LOCALAPPDATA% on Windows, else $HOME', () => {
    expect(cacheDirectory({ HOME: '/home/ada' }, 'linux')).toBe('/home/ada/.IdentityService');
    expect(cacheDirectory({ HOME: '/Users/ada' }, 'darwin')).toBe('/Users/ada/.IdentityService');
    expect(cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32')).toContain(
      '.IdentityService',
    );
  });
});
