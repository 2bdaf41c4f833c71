// `identity login`: signs a developer in (the browser, or a device code) and keeps the account in the persistent
// token cache, its refresh token in the cache files and its AuthenticationRecord beside them as the cache's default
// account, so that credentials on this machine (DefaultAzureCredential's SharedTokenCacheCredential, any credential
// given the cache) sign in silently without the Azure CLI.
import type { PersistentTokenCache } from '@identity/cache-persistence';
import { DEFAULT_CACHE_NAME } from '@identity/cache-persistence';
import type { AuthenticationRecord } from '@identity/core';
import { AbortError, InvalidArgumentError } from '@identity/core';
import { DEVELOPER_SIGN_ON_CLIENT_ID } from '@identity/core/internal';
import { DeviceCodeCredential } from '@identity/device-code';
import { InteractiveBrowserCredential } from '@identity/interactive-browser';
import { checkedScope, parseCommandArgs, positiveMs } from './cli-arguments.js';
import {
  CACHE_FLAGS,
  cacheLocation,
  mixedStorageMessage,
  noSecretStoreMessage,
  openCache,
  openExistingCache,
} from './cli-cache.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-io.js';

/**
 * Help for `identity login`.
 *
 * @example
 * ```ts
 * process.stdout.write(LOGIN_USAGE);
 * ```
 */
export const LOGIN_USAGE = `Usage: identity login [options]

Signs you in with the browser (or a device code) and keeps the account in the persistent token cache, encrypted
with a key in the OS secret store, as the cache's default account: 'identity token', DefaultAzureCredential on this
machine (SharedTokenCacheCredential, in apps that register useIdentityPlugin(cachePersistencePlugin)) and
credentials given the cache then get tokens silently, without the Azure CLI.

Options:
  --device-code             sign in with a code on another device instead of opening a browser
  --tenant <id>             the tenant to sign in at (default organizations)
  --client-id <id>          the public client app to sign in to (default ${DEVELOPER_SIGN_ON_CLIENT_ID},
                            Microsoft's development app, which SharedTokenCacheCredential uses by default)
  --scope <scope>           the scope to consent to and test (default https://management.azure.com/.default)
  --cache-name <name>       the cache (default msal.cache, the shared cache DefaultAzureCredential reads)
  --cache-directory <dir>   the cache's folder (default IDENTITY_CACHE_DIRECTORY, else ~/.IdentityService)
  --unencrypted             keep the cache in clear (mode 0600) where there is no OS secret store
  --timeout <ms>            give up if the sign-in is not finished by then (default 300000)
  -h, --help                show this help

With --unencrypted the cache is in clear, and DefaultAzureCredential does not read a cache in clear (it opens the
shared cache encrypted, unless given one as tokenCache): 'identity token' does, and so do SharedTokenCacheCredential
given tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true } and any credential given
tokenCache: persistentTokenCache({ unsafeAllowUnencryptedStorage: true }).

AZURE_AUTHORITY_HOST chooses the cloud. Ctrl-C cancels the sign-in.
`;

const DEFAULT_SCOPE = 'https://management.azure.com/.default';
const DEFAULT_TIMEOUT_MS = 300_000;
// The exit code of a run cancelled with Ctrl-C, as shells report SIGINT.
const INTERRUPTED = 130;

// The sign-in's signal: the timeout, or Ctrl-C (while the sign-in runs; the handler is removed after).
function signInSignal(timeoutMs: number): {
  signal: AbortSignal;
  interrupted: () => boolean;
  done: () => void;
} {
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort(new AbortError('Sign-in cancelled (Ctrl-C).'));
  process.once('SIGINT', onInterrupt);
  return {
    signal: AbortSignal.any([interrupt.signal, AbortSignal.timeout(timeoutMs)]),
    interrupted: () => interrupt.signal.aborted,
    done: () => process.off('SIGINT', onInterrupt),
  };
}

function credentialFor(
  flags: Record<string, unknown>,
  io: CliIo,
  tokenCache: PersistentTokenCache,
  timeoutMs: number,
) {
  const options = {
    clientId: (flags['client-id'] as string | undefined) ?? DEVELOPER_SIGN_ON_CLIENT_ID,
    tenantId: (flags.tenant as string | undefined) ?? 'organizations',
    env: io.env,
    tokenCache,
  };
  try {
    if (flags['device-code']) {
      return new DeviceCodeCredential({
        ...options,
        userPromptCallback: (info) => io.stderr.write(`${info.message}\n`),
      });
    }
    return new InteractiveBrowserCredential({ ...options, timeoutInMs: timeoutMs });
  } catch (error) {
    // A malformed tenant or client id, or an authority host that is not https.
    if (InvalidArgumentError.isInstance(error)) throw new CliUsageError((error as Error).message, 'login');
    throw error;
  }
}

/**
 * Runs `identity login`; returns the exit code (0 signed in, 1 not, 2 a usage error, 130 cancelled with Ctrl-C).
 *
 * @example
 * ```ts
 * const code = await loginCommand(['--device-code'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function loginCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommandArgs('login', args, {
    'device-code': { type: 'boolean' },
    tenant: { type: 'string' },
    'client-id': { type: 'string' },
    scope: { type: 'string' },
    ...CACHE_FLAGS,
    unencrypted: { type: 'boolean' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(LOGIN_USAGE);
    return 0;
  }
  // An empty value (a script's unset variable) would quietly sign in at the default tenant, or to the default app.
  if (flags.tenant === '') throw new CliUsageError('--tenant must name a tenant', 'login');
  if (flags['client-id'] === '') throw new CliUsageError('--client-id must name an app', 'login');
  const scope = checkedScope('login', (flags.scope as string | undefined) ?? DEFAULT_SCOPE);
  const timeoutMs = positiveMs('login', 'timeout', flags.timeout as string | undefined, DEFAULT_TIMEOUT_MS);
  const location = cacheLocation('login', flags, io.env, io.cwd);
  const unencrypted = flags.unencrypted === true;
  const fail = (message: string) => {
    io.stderr.write(`identity login: ${message}\n`);
    return 1;
  };

  // A cache that exists is signed in to as it was written: the other kind would set its files aside.
  const { cache: existing, storage } = await openExistingCache(location);
  if (storage === 'mixed') return fail(mixedStorageMessage(existing));
  if (storage === 'encrypted' && unencrypted) {
    return fail(
      `the cache ${existing.paths.nocae} is encrypted: sign in to it without --unencrypted, or name another cache (--cache-name).`,
    );
  }
  if (storage === 'unencrypted' && !unencrypted) {
    return fail(
      `the cache ${existing.paths.nocae} is kept in clear (it was written with --unencrypted): pass --unencrypted to sign in to it, or name another cache (--cache-name) to keep an encrypted one.`,
    );
  }
  const cache = openCache(location, unencrypted);
  // Made before the secret store is asked: a mistyped tenant or client id is a usage error whatever the machine has.
  const credential = credentialFor(flags, io, cache, timeoutMs);
  let protection: Awaited<ReturnType<PersistentTokenCache['protection']>>;
  try {
    protection = await cache.protection();
  } catch (error) {
    return fail(noSecretStoreMessage(error, true));
  }

  if (!flags['device-code']) {
    io.stderr.write('Opening your browser to sign in (no browser here? identity login --device-code)...\n');
  }
  const run = signInSignal(timeoutMs);
  let record: AuthenticationRecord;
  try {
    record = await credential.authenticate(scope, { abortSignal: run.signal });
  } catch (error) {
    if (run.interrupted()) {
      io.stderr.write('identity login: sign-in cancelled.\n');
      return INTERRUPTED;
    }
    if (AbortError.isInstance(error) || run.signal.aborted) {
      return fail(`the sign-in did not finish within ${timeoutMs} ms (--timeout).`);
    }
    return fail((error as Error).message);
  } finally {
    run.done();
  }
  try {
    await cache.setDefaultAccount(record);
  } catch (error) {
    return fail(
      `signed in, but the default account could not be written to ${cache.paths.authenticationRecord}: ${(error as Error).message}`,
    );
  } finally {
    await cache.close();
  }
  const lines = [
    `Signed in as ${record.username || record.homeAccountId} (tenant ${record.tenantId}).`,
    `  token cache      ${cache.paths.nocae} (${protection.encrypted ? `encrypted: ${protection.description}` : 'not encrypted'})`,
    `  default account  ${cache.paths.authenticationRecord}`,
    `  client           ${record.clientId}`,
    '',
    protection.encrypted
      ? "Credentials given this cache now sign in silently as this account. 'identity logout' signs it out."
      : `The cache is in clear: DefaultAzureCredential does not read it${
          location.name === DEFAULT_CACHE_NAME ? "; 'identity token' does" : ''
        }, and so do SharedTokenCacheCredential given tokenCachePersistenceOptions: { enabled: true, unsafeAllowUnencryptedStorage: true } and credentials given tokenCache: persistentTokenCache({ unsafeAllowUnencryptedStorage: true }), as this account. 'identity logout' signs it out.`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
