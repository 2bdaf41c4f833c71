// One entry of the OS secret store (Secret Service over D-Bus on Linux, Keychain on macOS, Credential Manager on
// Windows) through @napi-rs/keyring, with every wait bounded and every failure turned into an error that says what
// to do. The binding is native: it is imported lazily by its literal name, so an app that never persists a cache
// never loads it, and a bundle that leaves it out (it cannot hold a `.node` file) gets a clear error, not a crash.
import { CredentialUnavailableError } from '@identity/core';
import { troubleshooting } from '@identity/core/internal';
import { greetSessionBus, sessionBusSocket } from './cache-persistence-secret-store-dbus.js';

type Keyring = typeof import('@napi-rs/keyring');

// Nobody types a password into a D-Bus handshake: a live bus answers it in milliseconds.
const BUS_GREETING_TIMEOUT_MS = 2_000;

const usesSecretService = (platform: NodeJS.Platform) => platform !== 'darwin' && platform !== 'win32';

/**
 * The secret store of a platform, for people: the errors, `description` and `identity doctor` name it.
 *
 * @example
 * ```ts
 * secretStoreName('darwin'); // 'macOS Keychain'
 * ```
 */
export function secretStoreName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (D-Bus)';
}

const UNENCRYPTED =
  'Or, to keep the cache unencrypted (readable by anything that runs as you), pass `unsafeAllowUnencryptedStorage: true` in tokenCachePersistenceOptions.';

/**
 * What keeps a store from giving up a key it holds, for a caller that words its own message: `why` ends the phrase
 * "the OS secret store that holds its key, the …" (`Secret Service (D-Bus), cannot be reached: <detail>` or
 * `… is locked and could not be unlocked (<detail>)`), `remedy` says what to do, `anchor` is its guide entry.
 */
export interface StoreProblem {
  why: string;
  remedy: string;
  anchor: 'cache-persistence-no-secret-store' | 'cache-persistence-locked-keyring';
}

// The problem, by the error that said so.
const problems = new WeakMap<object, StoreProblem>();

/**
 * The {@link StoreProblem} when `error` is the secret store's "no store here" or "locked" error; `undefined` for any
 * other (a store that did not answer in time, a key that is not kept).
 *
 * @example
 * ```ts
 * const problem = storeProblem(error); // { why: 'Secret Service (D-Bus), cannot be reached: …', … }
 * ```
 */
export const storeProblem = (error: unknown): StoreProblem | undefined => problems.get(error as object);

function noSecretStore(store: string, detail: string, cause?: unknown): CredentialUnavailableError {
  const start =
    store === secretStoreName('linux')
      ? ' Run in a desktop session with a keyring (GNOME Keyring, KWallet, KeePassXC), or start one: `gnome-keyring-daemon --unlock --components=secrets` (password on stdin) inside `dbus-run-session`.'
      : '';
  const error = new CredentialUnavailableError(
    `Token cache persistence: the cache's encryption key cannot be kept in the ${store}: ${detail}.${start} ${UNENCRYPTED} ${troubleshooting('cache-persistence-no-secret-store')}`,
    { cause },
  );
  problems.set(error, {
    why: `${store}, cannot be reached: ${detail}`,
    remedy: 'use them where that store runs (the desktop session that wrote the cache), or start one',
    anchor: 'cache-persistence-no-secret-store',
  });
  return error;
}

function lockedKeyring(store: string, detail: string, cause?: unknown): CredentialUnavailableError {
  const error = new CredentialUnavailableError(
    `Token cache persistence: the ${store} is locked and could not be unlocked (${detail}): unlock it (sign in to the desktop session, or answer its prompt), then try again. ${UNENCRYPTED} ${troubleshooting('cache-persistence-locked-keyring')}`,
    { cause },
  );
  const headless =
    store === secretStoreName('linux')
      ? '; headless, restart its daemon with the password on stdin: `gnome-keyring-daemon --replace --unlock --components=secrets`'
      : '';
  problems.set(error, {
    why: `${store}, is locked and could not be unlocked (${detail})`,
    remedy: `unlock it (sign in to the desktop session, or answer its prompt${headless}), then try again`,
    anchor: 'cache-persistence-locked-keyring',
  });
  return error;
}

// keyring-rs's errors, as the binding words them: "Platform failure: …" (no bus, no service, no answer) and
// "Couldn't access platform storage: …" (a locked keyring, a dismissed prompt, no default collection).
function storeError(store: string, error: unknown): CredentialUnavailableError {
  if (CredentialUnavailableError.isInstance(error)) return error;
  const detail = String((error as Error)?.message ?? error);
  return /\block|prompt|dismiss|denied/i.test(detail)
    ? lockedKeyring(store, detail, error)
    : noSecretStore(store, detail, error);
}

let binding: Promise<Keyring> | undefined;

function loadBinding(store: string): Promise<Keyring> {
  binding ??= import('@napi-rs/keyring').catch((error: NodeJS.ErrnoException) => {
    binding = undefined;
    const missing = error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'MODULE_NOT_FOUND';
    throw noSecretStore(
      store,
      missing
        ? 'its binding, @napi-rs/keyring, is not installed beside the app (a single-file bundle cannot hold its native binary: bundle with `--external:@napi-rs/keyring` and deploy node_modules/@napi-rs/keyring with its platform package, such as @napi-rs/keyring-linux-x64-gnu, beside it)'
        : `its binding, @napi-rs/keyring, has no native binary that loads on this platform (${process.platform}-${process.arch}): reinstall it so that npm fetches its platform package (${String(error?.message ?? error).split('\n')[0]})`,
      error,
    );
  });
  return binding;
}

// A call into the store that gives up after `timeoutInMs` (the binding's call is aborted, and its answer ignored).
async function bounded<T>(
  store: string,
  timeoutInMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(noSecretStore(store, `it did not answer within ${timeoutInMs} ms`));
    }, timeoutInMs);
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } catch (error) {
    throw storeError(store, error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One text secret in the OS secret store, under a service and an account.
 *
 * @example
 * ```ts
 * const entry = await openSecretStoreEntry('@identity/cache-persistence', 'msal.cache', { timeoutInMs: 20_000 });
 * const key = (await entry.read()) ?? (await entry.write(newKey), newKey);
 * ```
 */
export interface SecretStoreEntry {
  /** The store's name, for people (see {@link secretStoreName}). */
  readonly store: string;
  /** The secret, or `null` when the store holds none under this name. */
  read(): Promise<string | null>;
  /** Stores the secret under this name, replacing any. */
  write(secret: string): Promise<void>;
}

/**
 * Opens the entry `service`/`account` of this platform's secret store. On Linux it is the Secret Service and
 * nothing else (the binding would otherwise fall back to the kernel keyring, which forgets the key at reboot).
 *
 * @throws `CredentialUnavailableError` naming `unsafeAllowUnencryptedStorage` when there is no store (no D-Bus
 *   session, no Secret Service, no binding for this platform), when it is locked, or when it does not answer
 *   within `timeoutInMs`
 *
 * @example
 * ```ts
 * const entry = await openSecretStoreEntry('@identity/cache-persistence', 'msal.cache', { timeoutInMs: 20_000 });
 * ```
 */
export async function openSecretStoreEntry(
  service: string,
  account: string,
  { timeoutInMs }: { timeoutInMs: number },
): Promise<SecretStoreEntry> {
  const store = secretStoreName(process.platform);
  const { AsyncEntry } = await loadBinding(store);
  if (usesSecretService(process.platform)) {
    const address = process.env.DBUS_SESSION_BUS_ADDRESS;
    if (!address)
      throw noSecretStore(store, 'there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)');
    const socket = sessionBusSocket(address);
    if (socket !== undefined) {
      await greetSessionBus(socket, Math.min(timeoutInMs, BUS_GREETING_TIMEOUT_MS)).catch((error: Error) => {
        throw noSecretStore(store, error.message, error);
      });
    }
  }
  let entry: InstanceType<Keyring['AsyncEntry']>;
  try {
    // On Linux this connects to the Secret Service (its D-Bus calls time out on their own, after about 2 s).
    entry = new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
  } catch (error) {
    throw storeError(store, error);
  }
  return {
    store,
    read: () => bounded(store, timeoutInMs, (signal) => entry.getPassword(signal)),
    write: (secret) => bounded(store, timeoutInMs, (signal) => entry.setPassword(secret, signal)),
  };
}
