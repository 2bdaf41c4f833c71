// A program for the Secret Service tests, run in a process of its own (inside a D-Bus session, or without one):
// `seal` and `open` go through keyringProtection of the built package; `stored-key` reads the key's entry
// straight from the store; `list-accounts` reads a cache in `directory` as an app does, and reports the warnings it
// logged; `sign-in` writes `account` into that cache (encrypted), as a user credential does after a sign-in. Prints
// one JSON line: the outcome, or the error thrown.
import { KEYRING_SERVICE, keyringProtection, persistentTokenCache } from '@identity/cache-persistence';
import { setLogLevel, setLogSink } from '@identity/core';

const [action, input = '{}'] = process.argv.slice(2);
const { cacheName = 'test.cache', text, sealed, timeoutInMs, directory, account } = JSON.parse(input);
const options = timeoutInMs ? { timeoutInMs } : {};

async function run() {
  if (action === 'stored-key') {
    const { AsyncEntry } = await import('@napi-rs/keyring');
    const entry = new AsyncEntry(KEYRING_SERVICE, cacheName, { linux: { store: 'secret-service' } });
    return { storedKey: await entry.getPassword() };
  }
  if (action === 'sign-in') {
    const cache = persistentTokenCache({ name: cacheName, directory });
    await cache.accounts.set(`${account.homeAccountId}|${account.clientId}|${account.authority}`, account);
    await cache.close();
    return { signedIn: account.username };
  }
  if (action === 'list-accounts') {
    const warnings = [];
    setLogLevel('warning');
    setLogSink((_level, _namespace, message) => warnings.push(message));
    const cache = persistentTokenCache({ name: cacheName, directory });
    const accounts = await cache.accounts.list();
    await cache.close();
    return { accounts: accounts.length, warnings };
  }
  const protection = await keyringProtection(cacheName, options);
  const described = { encrypted: protection.encrypted, description: protection.description };
  if (action === 'seal') {
    const bytes = await protection.seal(new TextEncoder().encode(text));
    return { ...described, sealed: Buffer.from(bytes).toString('base64') };
  }
  if (action === 'open') {
    const bytes = await protection.open(new Uint8Array(Buffer.from(sealed, 'base64')));
    return { ...described, text: new TextDecoder().decode(bytes) };
  }
  throw new Error(`unknown action ${action}`);
}

const started = performance.now();
run().then(
  (result) => console.log(JSON.stringify(result)),
  (error) =>
    console.log(
      JSON.stringify({
        error: { name: error.name, code: error.code, message: error.message },
        afterMs: Math.round(performance.now() - started),
      }),
    ),
);
