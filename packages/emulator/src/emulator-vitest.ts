// `@identity/emulator/vitest`: a vitest global setup that starts one emulator for the whole run and hands its
// details to every test file through vitest's provide/inject. vitest is an optional peer dependency: only
// this entry names it, and only as types.
// Names vitest so the ProvidedContext augmentation below resolves even when this file is compiled alone.
import type {} from 'vitest';
import type { ManagedIdentitySource } from './emulator-managed-identity.js';
import { startEmulator } from './emulator-server.js';
import { registeredApps } from './emulator-state.js';
import type { EmulatorOptions, RegisteredApp } from './emulator-types.js';

/**
 * What the global setup provides to tests as `inject('identityEmulator')`: plain, serialisable values.
 *
 * @example
 * ```ts
 * const { env } = inject('identityEmulator');
 * const credential = new DefaultAzureCredential({ env });
 * ```
 */
export interface IdentityEmulatorContext {
  /** The authority host (`AZURE_AUTHORITY_HOST`). */
  url: string;
  /** The default tenant. */
  tenantId: string;
  /** The app registered for the run: the configuration's first app, else one with a generated secret. */
  app: RegisteredApp;
  /** `AZURE_AUTHORITY_HOST`, `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET` for that app. */
  env: Record<string, string>;
  /** The PEM certificate to trust when the emulator serves HTTPS. */
  caCertificate?: string;
  /**
   * The variables that point a `ManagedIdentityCredential` at each hosting source (IMDS, AppService, ...),
   * when the configuration assigns managed identities.
   */
  managedIdentityEnvironments: Partial<Record<ManagedIdentitySource, Record<string, string>>>;
  /** Azure Arc's key folder, to pass as `arcTokenDirectory`, when managed identities are assigned. */
  arcTokenDirectory?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    identityEmulator: IdentityEmulatorContext;
  }
}

/**
 * The part of vitest's global-setup argument (its `TestProject`) this setup uses.
 *
 * @example
 * ```ts
 * const project: GlobalSetupProject = { provide: (key, value) => provided.set(key, value) };
 * ```
 */
export interface GlobalSetupProject {
  /** Hands a value to the test files, which read it with `inject(key)`. */
  provide(key: 'identityEmulator', value: IdentityEmulatorContext): void;
}

/**
 * Makes a vitest global setup that starts an emulator with these options before any test file runs,
 * provides its {@link IdentityEmulatorContext} as `identityEmulator`, and stops it after the run.
 *
 * @example
 * ```ts
 * // vitest.global-setup.ts, named in vitest.config.ts as test.globalSetup
 * import { emulatorGlobalSetup } from '@identity/emulator/vitest';
 * export default emulatorGlobalSetup({ config: { apps: [{ roles: ['Reader'] }] } });
 * ```
 */
export function emulatorGlobalSetup(
  options: EmulatorOptions = {},
): (project: GlobalSetupProject) => Promise<() => Promise<void>> {
  return async (project) => {
    const emulator = await startEmulator(options);
    const app = registeredApps(emulator.state)[0] ?? emulator.registerApp({ displayName: 'vitest' });
    const env: Record<string, string> = {
      AZURE_AUTHORITY_HOST: emulator.url,
      AZURE_TENANT_ID: app.tenantId,
      AZURE_CLIENT_ID: app.clientId,
    };
    if (app.clientSecret !== undefined) env.AZURE_CLIENT_SECRET = app.clientSecret;
    const { identities, arcTokenDirectory } = emulator.managedIdentity;
    project.provide('identityEmulator', {
      url: emulator.url,
      tenantId: emulator.tenantId,
      app,
      env,
      ...(emulator.caCertificate === undefined ? {} : { caCertificate: emulator.caCertificate }),
      managedIdentityEnvironments: identities.length > 0 ? emulator.managedIdentity.environments() : {},
      ...(identities.length > 0 ? { arcTokenDirectory } : {}),
    });
    return () => emulator.stop();
  };
}

/**
 * The global setup with the defaults: an emulator over loopback HTTP with one app that has a generated
 * secret. Name the module itself in `test.globalSetup`: vitest calls its `setup` export and the function that
 * returns as the teardown. (A named export, not a default one: a CommonJS build of a module with both kinds makes
 * `require()` callers reach for `.default`, and bundlers warn about it.)
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['@identity/emulator/vitest'] } });
 * ```
 */
export const setup: (project: GlobalSetupProject) => Promise<() => Promise<void>> = emulatorGlobalSetup();
