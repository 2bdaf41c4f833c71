// What the sign-in tests share: the emulator with its user and a fresh app per test, and whether anything still
// listens where a sign-in's server was.
import { connect } from 'node:net';
import { type AppRegistration, type Emulator, type RegisteredApp, startEmulator } from '@identity/emulator';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

/**
 * Whether something accepts TCP connections at host:port.
 *
 * @example
 * ```ts
 * await acceptsConnections('::1', 53123); // false once the server closed
 * ```
 */
export function acceptsConnections(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Asserts that nothing listens any more at a redirect URI's port, on 127.0.0.1 or on ::1.
 *
 * @example
 * ```ts
 * await expectNoServerAt(listener.redirectUri);
 * ```
 */
export async function expectNoServerAt(redirectUri: string): Promise<void> {
  const port = Number(new URL(redirectUri).port);
  expect(await acceptsConnections('127.0.0.1', port)).toBe(false);
  expect(await acceptsConnections('::1', port)).toBe(false);
}

/**
 * The user the sign-in tests play.
 *
 * @example
 * ```ts
 * await signInOnEmulatorPage(page, SIGN_IN_ELEMENT_IDS, ADA);
 * ```
 */
export const ADA = { username: 'ada@contoso.example', password: 'correct horse battery staple' };

/** The emulator of a test file, with {@link ADA} registered, and the app of the running test. */
export interface SignInWorld {
  readonly emulator: Emulator;
  readonly app: RegisteredApp;
}

/**
 * Starts an emulator for the calling test file with {@link ADA} as a user, and registers a new app before each test
 * (so that every sign-in asks for consent); stops the emulator after the last test.
 *
 * @example
 * ```ts
 * const world = useSignInWorld(() => ({ publicClient: true }));
 * it('signs in', () => new InteractiveBrowserCredential({ clientId: world.app.clientId }));
 * ```
 */
export function useSignInWorld(registration: () => AppRegistration): SignInWorld {
  let emulator: Emulator | undefined;
  let app: RegisteredApp | undefined;
  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.registerUser({ ...ADA, name: 'Ada Lovelace' });
  });
  beforeEach(() => {
    app = emulator?.registerApp(registration());
  });
  afterAll(() => emulator?.stop());
  return {
    get emulator() {
      if (!emulator) throw new Error('The emulator starts in beforeAll.');
      return emulator;
    },
    get app() {
      if (!app) throw new Error('The app is registered in beforeEach.');
      return app;
    },
  };
}
