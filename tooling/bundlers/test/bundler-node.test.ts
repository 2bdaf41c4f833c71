// Every Node bundle works as deployed. Each app of bundler-apps.ts is bundled by esbuild and by webpack 5, as ESM
// and as CommonJS; the files the bundler wrote (app.js and its chunks) are copied into an empty folder with no
// node_modules above it and run there with `node` against the emulator over HTTPS, three ways:
// - no proxy variables;
// - HTTPS_PROXY and HTTP_PROXY set, the emulator's host in NO_PROXY: the request goes direct and the proxy sees
//   nothing (a bundle that breaks as soon as a proxy variable is set fails here);
// - through the CONNECT proxy HTTPS_PROXY names, to a host only the proxy can reach: one tunnel per token request
//   to the authority. Managed identity's endpoint is on the host itself (loopback, like 169.254.169.254) and is
//   never proxied, so its requests go direct in every row.
// A cell passes when the emulator verifies the tokens the app printed: an exit code of 0 proves nothing.
// Build first: pnpm turbo run build.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@identity/emulator';
import { bundleCode } from '@identity/tooling/test-bundle';
import { type AppFile, bundledAppEntry, runAppFiles } from '@identity/tooling/test-bundled-app';
import { startConnectProxy } from '@identity/tooling/test-proxy';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { testSecret } from '@identity/tooling/test-world';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, NODE_APPS, type NodeFeature } from './bundler-apps.js';
import { buildNodeApp, type NodeBundler, type NodeFormat, PACKAGE_DIR } from './bundler-builds.js';

const BUNDLERS: NodeBundler[] = ['esbuild', 'webpack'];
const FORMATS: NodeFormat[] = ['esm', 'cjs'];
const FEATURES = Object.keys(NODE_APPS) as NodeFeature[];
const PROXIES = ['no proxy variables', 'HTTPS_PROXY set, host in NO_PROXY', 'through HTTPS_PROXY'] as const;
type ProxyMode = (typeof PROXIES)[number];

// Generous: a loaded CI machine runs many apps at once, and a cell that passes takes a second or two.
const APP_TIMEOUT_MS = 40_000;

// A name that resolves nowhere: only the proxy, which maps it to the emulator, can reach it.
const PROXIED_HOST = 'login.test';

let emulator: Emulator;
let folder: string;
let caFile: string;
let certificatePath: string;
let certificatePem: string;
// Every bundle, built once, all at once, before any app runs: a bundler busy in this process would keep the
// emulator (which shares its event loop) from answering in time.
let bundles: Map<string, AppFile[]>;
const bundleKey = (bundler: NodeBundler, format: NodeFormat, feature: NodeFeature) =>
  `${bundler} ${format} ${feature}`;

beforeAll(async () => {
  const cells = BUNDLERS.flatMap((bundler) =>
    FORMATS.flatMap((format) => FEATURES.map((feature) => ({ bundler, format, feature }))),
  );
  const built = await Promise.all(
    cells.map(({ bundler, format, feature }) => buildNodeApp(bundler, format, NODE_APPS[feature])),
  );
  bundles = new Map(
    cells.map(({ bundler, format, feature }, i) => [bundleKey(bundler, format, feature), built[i] ?? []]),
  );
  emulator = await startEmulator({ https: true, hostNames: [PROXIED_HOST] });
  emulator.managedIdentity.assign({ systemAssigned: true });
  folder = temporaryFolder('bundler-matrix');
  // The emulator's certificate is trusted the way an app trusts a corporate CA.
  caFile = join(folder, 'emulator-ca.pem');
  writeFileSync(caFile, emulator.caCertificate ?? '', { mode: 0o600 });
  // The app's certificate file, as PEM with its private key (openssl makes both, as a user would).
  const keyFile = join(folder, 'key.pem');
  const certificateFile = join(folder, 'certificate.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=bundler-matrix'],
      ...['-keyout', keyFile, '-out', certificateFile],
    ],
    { stdio: 'ignore' },
  );
  certificatePem = readFileSync(certificateFile, 'utf8');
  certificatePath = join(folder, 'app-certificate.pem');
  writeFileSync(certificatePath, readFileSync(keyFile, 'utf8') + certificatePem, { mode: 0o600 });
}, 300_000);
afterAll(async () => {
  await emulator?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Token {
  token?: string;
  error?: { name: string; message: string };
}

/** Expects `outcome` to hold a token the emulator issued for the audience; resolves to its claims. */
async function verified(outcome: Token | undefined): Promise<Record<string, unknown>> {
  expect(outcome?.error).toBeUndefined();
  const claims = (await emulator.verifyAccessToken(outcome?.token ?? '')) as Record<string, unknown>;
  expect(claims).toMatchObject({ aud: AUDIENCE });
  return claims;
}

interface FeatureRun {
  input: Record<string, unknown>;
  env: Record<string, string>;
  /** Expects the app's result to hold the emulator's tokens. */
  check(result: unknown): Promise<void>;
  /** Whether the app's token requests go through HTTPS_PROXY when it is set (managed identity's never do). */
  tunnelled: boolean;
}

/** What each feature's app is given, and what must come back, with its token requests' authority at `authorityHost`. */
function feature(name: NodeFeature, authorityHost: string): FeatureRun {
  const clientSecret = testSecret('bundled-app');
  const app = emulator.registerApp(
    name === 'certificate file' ? { certificates: [certificatePem] } : { clientSecret },
  );
  const managedIdentityEnv = emulator.managedIdentity.environment('IMDS');
  // The chain's managed identity on App Service: the chain gives IMDS one second to answer its first request,
  // which a loaded CI machine can miss.
  const appServiceEnv = emulator.managedIdentity.environment('AppService');
  // The app's own token: the service principal, through the authority.
  const servicePrincipal = (credential: Record<string, string>): FeatureRun => ({
    input: { tenantId: app.tenantId, clientId: app.clientId, authorityHost, ...credential },
    env: {},
    check: async (result) => expect(await verified(result as Token)).toMatchObject({ appid: app.clientId }),
    tunnelled: true,
  });
  switch (name) {
    case 'client secret':
      return servicePrincipal({ clientSecret });
    case 'certificate file':
      return servicePrincipal({ certificatePath });
    case 'managed identity':
      return {
        input: {},
        env: managedIdentityEnv,
        check: async (result: unknown) => void (await verified(result as Token)),
        tunnelled: false,
      };
    case 'DefaultAzureCredential':
      return {
        input: { managedIdentityEnv: appServiceEnv },
        // The deployment's variables: a service principal, and a managed identity the chain does not reach.
        env: {
          ...appServiceEnv,
          AZURE_TENANT_ID: app.tenantId,
          AZURE_CLIENT_ID: app.clientId,
          AZURE_CLIENT_SECRET: clientSecret,
          AZURE_AUTHORITY_HOST: authorityHost,
        },
        check: async (result: unknown) => {
          const { environment, managedIdentity, sharedTokenCache } = result as {
            environment: Token;
            managedIdentity: Token;
            sharedTokenCache: Token;
          };
          expect(await verified(environment)).toMatchObject({ appid: app.clientId });
          await verified(managedIdentity);
          // The member ran from the bundle, with no plugin registered: it says which line to add.
          expect(sharedTokenCache.error?.name).toBe('AggregateAuthenticationError');
          expect(sharedTokenCache.error?.message).toMatch(
            /SharedTokenCacheCredential: it reads the shared token cache through the persistence plugin, and none is registered; add `useIdentityPlugin\(cachePersistencePlugin\)`/,
          );
        },
        tunnelled: true,
      };
  }
}

/** The proxy variables of a row. */
function proxyVariables(mode: ProxyMode, proxyUrl: string): Record<string, string> {
  switch (mode) {
    case 'no proxy variables':
      return {};
    case 'HTTPS_PROXY set, host in NO_PROXY':
      return { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, NO_PROXY: 'localhost,127.0.0.1' };
    case 'through HTTPS_PROXY':
      return { HTTPS_PROXY: proxyUrl };
  }
}

describe.each(BUNDLERS.flatMap((bundler) => FORMATS.map((format) => ({ bundler, format }))))(
  '$bundler, Node $format, run from a folder with no node_modules',
  ({ bundler, format }) => {
    describe.each(FEATURES)('%s', (name) => {
      it.concurrent.each(PROXIES)(
        'gets the emulator’s token: %s',
        async (mode: ProxyMode) => {
          const files = bundles.get(bundleKey(bundler, format, name)) ?? [];
          const proxy = await startConnectProxy({
            routes: { [`${PROXIED_HOST}:443`]: Number(new URL(emulator.url).port) },
          });
          try {
            const tunnel = mode === 'through HTTPS_PROXY';
            const { input, env, check, tunnelled } = feature(
              name,
              tunnel ? `https://${PROXIED_HOST}` : emulator.url,
            );
            const result = await runAppFiles(files, {
              format,
              input,
              env: { NODE_EXTRA_CA_CERTS: caFile, ...proxyVariables(mode, proxy.url), ...env },
              timeoutInMs: APP_TIMEOUT_MS,
            });
            await check(result);
            expect(proxy.tunnels).toEqual(tunnel && tunnelled ? [`${PROXIED_HOST}:443`] : []);
          } finally {
            await proxy.stop();
          }
        },
        APP_TIMEOUT_MS + 10_000,
      );
    });
  },
);

// Our packages declare no side effects; a bare `import './chunk.js'` in their output makes esbuild warn in every app
// that bundles them ("Ignoring this import because ... was marked as having no side effects"). The build preset
// removes those bare imports; an app's build shows no warning of ours.
describe('esbuild builds each app without a warning', () => {
  it.each(FEATURES)('%s', async (name) => {
    const warnings: string[] = [];
    for (const format of FORMATS) {
      await bundleCode(bundledAppEntry(NODE_APPS[name]), {
        platform: 'node',
        format,
        resolveDir: PACKAGE_DIR,
        warnings,
      });
    }
    expect(warnings).toEqual([]);
  });
});
