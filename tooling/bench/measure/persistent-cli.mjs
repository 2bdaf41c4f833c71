// The second run of a command-line tool that signed its user in once: a fresh process whose first token comes from
// the persistent token cache on disk (no sign-in, no token request). The tool is written the way a user of each
// library writes it; its first run signs in by device code (approved at once by the emulator) and saves the
// AuthenticationRecord beside the cache, and every later run is timed from process start to exit, in turn with
// `node -e 0` so Node's own start is taken off. HOME and the cache are temporary folders: nothing touches the real
// ~/.IdentityService.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { attempt, isFailed } from '../harness.mjs';
import { median } from './cold-import.mjs';
import { withEmulator } from './emulator.mjs';
import { resolveFrom } from './get-token.mjs';

const SCOPE = 'https://graph.microsoft.com/User.Read';
/** The cache's name on both sides. */
export const CACHE_NAME = 'bench-cli';

// What both tools share: their input (from the environment, as a tool reads its configuration), the saved record.
const preamble = `import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
`;
const input = `const { authorityHost, tenantId, clientId, scope, directory } = JSON.parse(process.env.BENCH_CLI);
const recordFile = join(directory, 'record.json');
const saved = existsSync(recordFile) ? readFileSync(recordFile, 'utf8') : undefined;
`;
const signInOnce = `if (!saved) {
  const record = await credential.authenticate(scope);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  writeFileSync(recordFile, serializeAuthenticationRecord(record), { mode: 0o600 });
}
const token = await credential.getToken(scope);
console.log(\`signed in; token until \${new Date(token.expiresOnTimestamp).toISOString()}\`);
`;

/**
 * Our tool: DeviceCodeCredential with the persistent cache passed in, and the saved record. `resolve` maps a package
 * name to the file URL it loads from.
 */
export const oursCli = (
  resolve,
) => `${preamble}import { persistentTokenCache } from '${resolve('@identity/cache-persistence')}';
import { deserializeAuthenticationRecord, serializeAuthenticationRecord } from '${resolve('@identity/core')}';
import { DeviceCodeCredential } from '${resolve('@identity/device-code')}';

${input}const tokenCache = persistentTokenCache({ directory, name: '${CACHE_NAME}', unsafeAllowUnencryptedStorage: true });
const credential = new DeviceCodeCredential({
  authorityHost,
  tenantId,
  clientId,
  tokenCache,
  authenticationRecord: saved ? deserializeAuthenticationRecord(saved) : undefined,
  userPromptCallback: ({ userCode }) => console.error(\`CODE \${userCode}\`),
});
${signInOnce}await tokenCache.close();
`;

/**
 * The peer's tool: the plugin registered once, DeviceCodeCredential with tokenCachePersistenceOptions and the saved
 * record (its cache lives in $HOME/.IdentityService, which has no other option). It exits explicitly: the peer's
 * HTTP client keeps its connection to the authority open, and the process would not end by itself.
 */
export const peerCli = (resolve) => `${preamble}import {
  DeviceCodeCredential,
  deserializeAuthenticationRecord,
  serializeAuthenticationRecord,
  useIdentityPlugin,
} from '${resolve('@azure/identity')}';
import { cachePersistencePlugin } from '${resolve('@azure/identity-cache-persistence')}';

useIdentityPlugin(cachePersistencePlugin);
${input}const credential = new DeviceCodeCredential({
  authorityHost,
  tenantId,
  clientId,
  disableInstanceDiscovery: true,
  tokenCachePersistenceOptions: { enabled: true, name: '${CACHE_NAME}', unsafeAllowUnencryptedStorage: true },
  authenticationRecord: saved ? deserializeAuthenticationRecord(saved) : undefined,
  userPromptCallback: ({ userCode }) => console.error(\`CODE \${userCode}\`),
});
${signInOnce}process.exit(0);
`;

/** The modules the floor's tool imports in place of the three libraries ours imports, one line each. */
const FLOOR_MODULES = ['a', 'b', 'c'];

/**
 * The floor: the same tool (its input, the saved record, one line printed) importing three one-line ES modules, each
 * by its file URL as our tool imports the three libraries, in place of them. Node pays for each file as for ours
 * (read, compiled and linked as an ES module); none of them does any work. What a tool of three packages costs here
 * before any library code runs: the part of the issue's 20 ms that no library can take off. `dir` holds the modules.
 */
export const floorCli = (dir) => `${preamble}${FLOOR_MODULES.map(
  (name) => `import { ${name} } from '${pathToFileURL(join(dir, 'floor', `${name}.mjs`)).href}';\n`,
).join('')}
${input}console.log(\`signed in; token until \${new Date(${FLOOR_MODULES.join(' + ')}).toISOString()}\`);
`;

/** Writes the floor's one-line modules into `dir`. */
function writeFloorModules(dir) {
  mkdirSync(join(dir, 'floor'));
  for (const name of FLOOR_MODULES)
    writeFileSync(join(dir, 'floor', `${name}.mjs`), `export const ${name} = 1;\n`);
}

// `keytar`, which @azure/msal-node-extensions imports at load, is a native module whose build is turned off in this
// workspace; without its binary the plugin cannot even load. This hook (node --import) stands in for it with what
// keytar answers on a machine without a Secret Service: every call fails, and with unsafeAllowUnencryptedStorage
// the plugin keeps its cache in a plain file. It costs the peer's process a loader thread, and a round trip to it for
// each module it resolves; the thread's start is measured and taken off (the peer's baseline is `node --import
// <hook> -e 0`), the round trips are not.
const keytarStandIn = `const absent = async () => { throw new Error('The name org.freedesktop.secrets was not provided by any .service files'); };
export default { getPassword: absent, setPassword: absent, deletePassword: absent, findCredentials: absent };
`;
const keytarHook = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  if (specifier === 'keytar') return { url: \${JSON.stringify('data:text/javascript,' + encodeURIComponent(${JSON.stringify(keytarStandIn)}))}, shortCircuit: true };
  return next(specifier, context);
}\`));
`;

/**
 * Runs `args` with Node in a process of its own and resolves with the ms from spawn to exit. Approves every device
 * code the process prints (`CODE <code>` on stderr) for `approve`. Rejects on a non-zero exit, with the end of stderr.
 */
function timeRun(args, { cwd, env, approve, timeoutMs = 60_000 }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stderr = '';
    const approved = new Set();
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      for (const [, code] of stderr.matchAll(/^CODE (\S+)$/gm)) {
        if (approved.has(code)) continue;
        approved.add(code);
        approve?.(code);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const elapsed = performance.now() - started;
      if (code === 0) return resolve(elapsed);
      reject(
        new Error(`node ${args.at(-1)} ended (${signal ?? `exit ${code}`}): ${stderr.trim().slice(-800)}`),
      );
    });
  });
}

/**
 * `{ ours, peer, node, floor, nodeWithHook, runs, tokenRequests }`: medians (ms, process start to exit) of the second
 * runs of each tool, of the floor's tool (see {@link floorCli}) and of `node -e 0` (for the peer, `node --import <keytar stand-in> -e 0`), interleaved, after one first
 * run each (sign-in) and one untimed second run each (the file-system cache warm for all). `tokenRequests` is what
 * the emulator saw during the timed runs (0: every token came from the cache). `from` is the folder the libraries are
 * resolved from (the workspace's cache-persistence package, where the peer is a devDependency).
 */
export async function secondRunTimes({ from, runs = 9 }) {
  const resolve = (name) => resolveFrom(from, name);
  const dir = mkdtempSync(join(tmpdir(), 'bench-persistent-cli-'));
  try {
    writeFileSync(join(dir, 'ours-cli.mjs'), oursCli(resolve));
    writeFileSync(join(dir, 'peer-cli.mjs'), peerCli(resolve));
    writeFileSync(join(dir, 'keytar-absent.mjs'), keytarHook);
    writeFileSync(join(dir, 'floor-cli.mjs'), floorCli(dir));
    writeFloorModules(dir);
    // The peer polls at the interval the authority asks for: one second keeps its sign-in short.
    return await withEmulator(
      async (emulator, caFile) => {
        const app = emulator.registerApp({ publicClient: true, adminConsent: true });
        const { username } = emulator.registerUser({
          username: 'ada@contoso.example',
          password: 'bench-password',
          tenantId: app.tenantId,
        });
        const approve = (code) => emulator.approveDeviceCode(code, username);
        const side = (name, args) => {
          const home = join(dir, `home-${name}`);
          mkdirSync(home, { mode: 0o700 });
          const config = {
            authorityHost: emulator.url,
            tenantId: app.tenantId,
            clientId: app.clientId,
            scope: SCOPE,
            directory: join(home, 'cli'),
          };
          // Only what a tool needs; nothing of the developer's (AZURE_*, NODE_OPTIONS, proxies) reaches it.
          const env = {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: home,
            NODE_EXTRA_CA_CERTS: caFile,
            BENCH_CLI: JSON.stringify(config),
          };
          return { args, env, run: (options) => timeRun(args, { cwd: dir, env, approve, ...options }) };
        };
        const ours = side('ours', [join(dir, 'ours-cli.mjs')]);
        const peer = side('peer', ['--import', join(dir, 'keytar-absent.mjs'), join(dir, 'peer-cli.mjs')]);
        const empty = (args) => (options) => timeRun(args, { cwd: dir, env: ours.env, ...options });
        // First runs: the sign-in. A side that cannot sign in is reported as failed; the other is still timed.
        const signedIn = {
          ours: await attempt(() => ours.run()),
          peer: await attempt(() => peer.run()),
        };
        const loops = { node: empty(['-e', '0']), floor: empty([join(dir, 'floor-cli.mjs')]) };
        if (!isFailed(signedIn.ours)) loops.ours = ours.run;
        if (!isFailed(signedIn.peer)) {
          loops.nodeWithHook = empty(['--import', join(dir, 'keytar-absent.mjs'), '-e', '0']);
          loops.peer = peer.run;
        }
        // One untimed run of each, so all start from a warm file-system cache; then the timed runs, in turn.
        for (const run of Object.values(loops)) await run();
        const before = emulator.requestCount('token');
        const times = Object.fromEntries(Object.keys(loops).map((name) => [name, []]));
        for (let i = 0; i < runs; i++)
          for (const [name, run] of Object.entries(loops)) times[name].push(await run({ timeoutMs: 30_000 }));
        const medians = Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
        return {
          node: medians.node,
          floor: medians.floor,
          ours: medians.ours ?? signedIn.ours,
          nodeWithHook: medians.nodeWithHook ?? signedIn.peer,
          peer: medians.peer ?? signedIn.peer,
          runs,
          tokenRequests: emulator.requestCount('token') - before,
        };
      },
      { deviceCodeIntervalSeconds: 1 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
