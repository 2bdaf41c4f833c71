// Runs before every test file of every package. Four suite-wide guarantees:
// 1. Nothing inherited from the developer's shell selects a credential: AZURE_* and the managed-identity
//    variables are removed, and every managed-identity path points at a closed loopback port.
// 2. No test can reach an address off loopback: fetch and raw sockets refuse any other host.
// 3. Every log line and error message the libraries produce is captured for the leak check.
// 4. Every temporary folder a test file made with `temporaryFolder` outside a test is removed after its last test.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopbackHost } from './loopback.mjs';
// Imported first, so its afterAll hook runs after the file's own (they run in reverse order).
import './test-temporary-folder-setup.mjs';

const CREDENTIAL_VARIABLES =
  /^(AZURE_|IDENTITY_|MSI_|IMDS_ENDPOINT$|DEFAULT_IDENTITY_CLIENT_ID$|SYSTEM_OIDCREQUESTURI$|HTTPS?_PROXY$|NO_PROXY$)/i;

// A closed port on loopback: connections are refused at once, so nothing waits and nothing leaves the box.
export const DEAD_LOOPBACK = 'http://127.0.0.1:9';

if (typeof process !== 'undefined' && process.env) {
  for (const name of Object.keys(process.env)) {
    if (CREDENTIAL_VARIABLES.test(name)) delete process.env[name];
  }
  process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = DEAD_LOOPBACK;
  process.env.IMDS_ENDPOINT = DEAD_LOOPBACK;
}

function refuse(target) {
  return new Error(`test network guard: refused a connection to ${target}; tests may only reach loopback`);
}

const realFetch = globalThis.fetch;
if (realFetch && !realFetch.__identityGuarded) {
  const guardedFetch = (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
    if (!isLoopbackHost(url.hostname)) return Promise.reject(refuse(url.host));
    return realFetch(input, init);
  };
  guardedFetch.__identityGuarded = true;
  globalThis.fetch = guardedFetch;
}

try {
  const net = await import('node:net');
  const connect = net.Socket.prototype.connect;
  if (!connect.__identityGuarded) {
    const guardedConnect = function (...args) {
      const first = args[0];
      const options =
        typeof first === 'object' && first !== null && !Array.isArray(first) ? first : undefined;
      const host = options ? options.host : typeof args[1] === 'string' ? args[1] : undefined;
      const isPath = options ? typeof options.path === 'string' : typeof first === 'string';
      if (!isPath && host !== undefined && !isLoopbackHost(String(host))) throw refuse(String(host));
      return connect.apply(this, args);
    };
    guardedConnect.__identityGuarded = true;
    net.Socket.prototype.connect = guardedConnect;
  }
} catch {
  // Not a Node-like runtime: the fetch guard above is the only way out.
}

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const captureDir = join(repositoryRoot, '.leak-capture');
const captureFile = join(captureDir, `${process.pid}.jsonl`);
try {
  mkdirSync(captureDir, { recursive: true });
} catch {}
globalThis[Symbol.for('@identity/core.diagnostics')] = (kind, text) => {
  try {
    appendFileSync(captureFile, `${JSON.stringify({ kind, text })}\n`);
  } catch {}
};
