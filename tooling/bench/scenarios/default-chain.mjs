// DefaultAzureCredential: @identity/default beside @azure/identity. Bundle sizes (entry chunk, and with every
// member the chain may load), how long the chain takes to give up when nothing is available (IMDS refused,
// unroutable or dropped in a network namespace, or hung), and the import and first token in the App Service shape.
// The peer's figures for refused and hung IMDS are its own retry schedule and timeout (15-20 s and over a
// minute): they are recorded in peer-figures.json (re-measure with --peer-slow), ours are measured every run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { attempt, installedVersion, isFailed, metric, withRecordedPeer } from '../harness.mjs';
import { bundleBytes, bundleCode } from '../measure/bundle.mjs';
import { median } from '../measure/cold-import.mjs';
import { withEmulator } from '../measure/emulator.mjs';
import { resolveFrom, runJsonProbe } from '../measure/get-token.mjs';
import { benchFolder } from '../temporary-folder.mjs';

const OURS = '@identity/default';
const PEER = '@azure/identity';
const PEER_SPEC = `${PEER}@latest`;
const SCOPE = 'https://management.azure.com/.default';
const probe = join(import.meta.dirname, '..', 'probes', 'default-chain.mjs');
// Code that only the developer-tool members hold: none of it may be in the entry chunk.
const CLI_MARKERS = ['get-access-token', 'Get-AzAccessToken', 'child_process'];

const app = (specifier) => `import { DefaultAzureCredential } from '${specifier}';
const credential = new DefaultAzureCredential();
export const token = await credential.getToken('${SCOPE}');
`;

// One figure of a side's measurement, or the failure that stands for all of them.
const pick = (side, key) => (isFailed(side) ? side : side[key]);

// Bundled for node, minified, gzip -9: what loads at start (each member waits behind its import()), and every
// member (each import() inlined: what loads once the chain reaches its last member); and whether any
// developer-tool code is among what loads at start.
async function splitBundle(specifier, resolveDir) {
  const options = { platform: 'node', resolveDir };
  const startup = await bundleCode(app(specifier), { ...options, startup: true });
  return {
    entry: gzipSync(startup, { level: 9 }).length,
    all: await bundleBytes(app(specifier), options),
    cliInEntry: CLI_MARKERS.filter((marker) => startup.includes(marker)).length,
  };
}

async function bundle(context) {
  const ours = await attempt(() => splitBundle(OURS, context.ours(OURS)));
  const peer = await attempt(() => splitBundle(PEER, context.peer(PEER_SPEC)));
  return [
    // 4 KiB: the entry chunk measured 2.5 KiB (chain engine, option checks, selection and the core pieces they
    // use); members never belong here, so growth past 4 KiB means one slipped in.
    metric(
      'bundle gzip, node, entry chunk (what loads at start)',
      'bytes',
      pick(ours, 'entry'),
      pick(peer, 'entry'),
      // Re-based by 0.25 KiB for close() and `await using` (measured 4,027 B → 4,202 B): the chain's close(), which
      // closes the members it has built, and the closed error; no member code.
      // Then by 0.125 KiB for a chain closed during a call (measured 4,351 B → 4,386 B): core's chain rejects the
      // call under way with an AbortError instead of handing out a token that a member returns after close(), or
      // reporting the members it closed as unavailable. Issue #12's "the entry chunk does not grow" is not met.
      // Then lowered to 4 KiB (measured 4,404 B → 3,997 B): the walk with its head start and the members' factories
      // (what builds each member from its package) moved into one module the chain imports when getToken first walks,
      // beside the first member's package, so what loads at start is the chain's list, option checks, selection and
      // close(). The budget is issue #12's criterion itself: no more than the 4,094 B measured when the browser
      // sign-in joined the chain.
      {
        max: 4_094,
        label: '≤ 4,094 B (issue #12: the entry chunk does not grow)',
      },
    ),
    // 36 KiB: every member with its dependencies measured 27 KiB (certificate and PFX parsing, the managed
    // identity sources, three tools); the headroom is for members still growing, far below the peer's 120 KiB.
    // Re-based to 37.5 KiB for SharedTokenCacheCredential, a new member (Python's, after managed identity): it
    // measured 36,645 B before it and 38,133 B with it (+1,488 B: the account choice, its messages and its
    // chunk; the user-token engine it runs on was there already, for the browser sign-in), so the budget grows by
    // that much (1.5 KiB) and no more. The persistent cache is not in it: the member reads the app's plugin.
    // Then by 0.5 KiB for close() and `await using` (measured 36,614 B → 37,060 B alone): core's CredentialLifetime
    // and the close() of the chain, its members, the user-token engine and the three developer tools.
    // Then by 0.25 KiB for the certificate reader's bounds (see client-certificate.mjs): a certificate file must be
    // a regular file of at most 1 MiB, a PFX or encrypted key may ask for at most 1,000,000 key derivation iterations.
    // Then by 0.125 KiB (39,193 B with both reviews of stop 21 merged, 25 B over): managed identity's (expiry units,
    // offset-less dates, token_type, Arc key files that are pipes) and workload identity's (token and CA files of at
    // most 1 MiB), and core's (every errorResponse field redacted, token requests let go of after timeouts).
    // Then by 0.125 KiB (39,193 B → 39,331 B, 35 B over) for this stop's fixes: core's unbounded timeouts and no wait
    // on a background refresh (Workers hung), workload identity's token file checked on the opened file, and the
    // user-token engine naming Entra's refusal of a refresh token (shared-token-cache's error says why).
    // Then by 0.125 KiB (39,331 B → 39,500 B, 76 B over) for the developer-tool review (probe-devtools): a tool's
    // run ends shortly after the tool exits though a background process holds its pipes (the answer was lost to a
    // timeout and the app kept alive), no listener warning past ten closable runs, tool output quoted without
    // terminal control sequences, JWEs redacted whole, and only plausible epoch-second expiries believed (az, pwsh).
    // Then by 0.125 KiB (39,617 B with both of this stop's core reviews merged, 65 B over): the username-password
    // and device-code review's secrets redacted before an excerpt cuts them and in their JSON-escaped form, and user
    // sign-ins stopped at the caller's requestOptions.timeout; managed identity's excerpts redacted before the cut.
    // Then by 0.125 KiB (39,617 B → 39,693 B, 13 B over) for the interactive-browser review (probe-ibc): the loopback
    // server turning a sign-in answer's control characters (terminal escapes, DEL, the 8-bit set) into spaces before
    // they reach an error, and keeping a page text that is no string from throwing in its handler (which ended the
    // app or left getToken waiting); and core's next-step lookup limited to its own keys (`error=constructor`).
    // Then by 0.25 KiB (39,699 B → 40,029 B, 221 B over) for stop 25's fixes: the developer tools' process trees
    // killed when a signal (SIGINT, SIGTERM, SIGHUP) or process.exit() ends the app (+188 B: one listener per signal
    // while a tool runs, the signal re-raised when the app has none of its own; before, Ctrl-C left a hung az
    // running for ever), the user-token engine forgetting a refresh token Entra refuses as dead (bad_token: it was
    // sent again on every call, in every process) and bounding a sign-in answer's error text, and the browser
    // sign-in listening on the port its redirectUri names, 80 too (+56 B: it took a random one), and saying why a
    // port cannot be listened on.
    // Then by 0.125 KiB (40,029 B → 40,091 B, 27 B over) for the review of those fixes: a tool stopped because the
    // app got a signal it handles itself says so ("az was stopped by SIGINT.", not "Aborted by the caller."), a
    // sign-in answer's ids read only as ids look (a forged id line made a 64 KiB message), and a store of frozen
    // accounts no longer turning a dead refresh token's refusal into a TypeError.
    // Then by 0.375 KiB (40,091 B → 40,466 B, 274 B over) for this stop's changes: the walk and the members' factories
    // moved into a module loaded with the first getToken (+77 B of lazy-module wrapping in a single file; the entry
    // chunk fell 407 B), SharedTokenCacheCredential taking family refresh tokens other Microsoft tools wrote and guests
    // of the tenant (+59 B), our sign-ins' family refresh tokens marked as MSAL marks them (+18 B), username-password's
    // MFA refusal as an AuthenticationRequiredError (in EnvironmentCredential's lazy member), PowerShell's list output
    // redacted before it is quoted, and an endpoint's control characters turned into spaces in every message.
    metric('bundle gzip, node, with every member', 'bytes', pick(ours, 'all'), pick(peer, 'all'), {
      max: 39.625 * 1024,
      label: '≤ 39.625 KiB',
    }),
    metric(
      'developer-tool code in what loads at start',
      'count',
      pick(ours, 'cliInEntry'),
      pick(peer, 'cliInEntry'),
      { equals: 0, label: '= 0' },
    ),
  ];
}

// Nothing from the developer's shell may select a credential; no tool on PATH; a fresh HOME (no az login), removed
// when the bench ends (a probe may still run in it until then).
function bareEnv(extra) {
  const home = benchFolder('bench-home');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(AZURE_|IDENTITY_|MSI_|IMDS_ENDPOINT$|DEFAULT_IDENTITY_CLIENT_ID$|HTTPS?_PROXY$|NO_PROXY$|NODE_OPTIONS$|PATH$|HOME$)/i.test(
          name,
        ),
    ),
  );
  return { ...env, PATH: home, HOME: home, AZURE_CONFIG_DIR: join(home, '.azure'), ...extra };
}

const PROBE_TIMEOUT_MS = 60_000;

function runChainProbe({ cwd, specifier, env, wrap = [], timeoutMs = PROBE_TIMEOUT_MS }) {
  return runJsonProbe([...wrap, process.execPath, probe], {
    cwd,
    env: { ...env, BENCH_MODULE: resolveFrom(cwd, specifier), BENCH_SCOPE: SCOPE },
    timeoutMs,
    what: `${specifier} probe`,
  });
}

// Only a rejection counts as "gave up"; a token here would mean a credential leaked in from somewhere.
// `{ ms, withImportMs }`: getToken alone, and with the library's import and the constructor before it.
async function rejection(options) {
  const result = await runChainProbe(options);
  if (result.ok) throw new Error('got a token although nothing should be available');
  return { ms: result.ms, withImportMs: result.withImportMs };
}
const rejectionMs = async (options) => (await rejection(options)).ms;

// A loopback port that refuses (closed), or one that accepts and never answers (a hung IMDS).
async function loopbackPort({ answer }) {
  // Accepted sockets are held (never read, never answered) and destroyed on close, or close would wait on them.
  const sockets = new Set();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(resolve);
    });
  if (!answer) await close();
  return { url: `http://127.0.0.1:${port}`, close };
}

// A network namespace where the real IMDS address cannot be reached, in one of two ways. `unroutable`: a
// blackhole route, so connecting fails at once (ENETUNREACH), as on a machine with no route to it. `dropped`:
// the address is routed out of a veth whose other end sits in a second namespace with no address, so the
// packets leave and nothing ever answers, as behind a firewall that drops them. Nothing leaves the machine
// either way. Needs root and iproute2.
function withBlackholeNamespace(mode) {
  if (process.getuid?.() !== 0) return { skipped: 'not root' };
  // By absolute path: the probes run with a PATH that has nothing on it.
  const ipPath = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((candidate) =>
    existsSync(candidate),
  );
  if (!ipPath) return { skipped: 'iproute2 is not installed (apt-get install -y iproute2)' };
  const name = `identity-bench-${process.pid}`;
  const sink = `${name}-sink`;
  const ip = (...args) => spawnSync(ipPath, args, { encoding: 'utf8' });
  const remove = () => {
    ip('netns', 'del', name);
    if (mode === 'dropped') ip('netns', 'del', sink);
  };
  const inside = (namespace, ...args) => [ipPath, 'netns', 'exec', namespace, ipPath, ...args];
  const veth = `idb${process.pid % 100_000}`;
  const steps =
    mode === 'dropped'
      ? [
          [ipPath, 'netns', 'add', name],
          [ipPath, 'netns', 'add', sink],
          [
            ipPath,
            'link',
            'add',
            veth,
            'netns',
            name,
            'type',
            'veth',
            'peer',
            'name',
            `${veth}s`,
            'netns',
            sink,
          ],
          inside(name, 'link', 'set', 'lo', 'up'),
          inside(name, 'link', 'set', veth, 'up'),
          inside(sink, 'link', 'set', `${veth}s`, 'up'),
          inside(name, 'route', 'add', '169.254.169.254/32', 'dev', veth),
          // A fixed neighbour, so the kernel sends at once instead of failing ARP after a few seconds.
          inside(
            name,
            'neigh',
            'add',
            '169.254.169.254',
            'lladdr',
            '02:00:00:00:00:01',
            'dev',
            veth,
            'nud',
            'permanent',
          ),
        ]
      : [
          [ipPath, 'netns', 'add', name],
          inside(name, 'link', 'set', 'lo', 'up'),
          inside(name, 'route', 'add', 'blackhole', '169.254.169.254/32'),
        ];
  for (const [command, ...args] of steps) {
    const step = spawnSync(command, args, { encoding: 'utf8' });
    if (step.error || step.status !== 0) {
      remove();
      return { skipped: `cannot set up the namespace (${(step.error?.message ?? step.stderr).trim()})` };
    }
  }
  return { wrap: [ipPath, 'netns', 'exec', name], remove };
}

// How the bench is run, for the recorded peer figures.
const COMMAND = 'node tooling/bench/bench.mjs --only default-chain';

// Unroutable IMDS is the case where nothing waits on the network: each side's time is its own work, so the two
// are compared as a ratio of medians, over runs alternating between the sides (one run on a busy machine can be
// off by 2x either way).
const UNROUTABLE_RUNS = 11;
// Ours may take at most 2 times the peer's getToken. The peer imports all its code up front (about 350 ms) and
// builds its members in its constructor, so its getToken is only the checks (35-45 ms on a quiet machine). Ours
// imports each member when the chain reaches it, and its IMDS probe is the process's first HTTP request, so about
// half of our getToken is loading what the peer loaded at import: the members' modules (about 15 files), and
// node:http with net and streams. Our getToken executes as many instructions as the peer's (valgrind: 114 M and
// 111 M) but takes longer. With the probe over node:http (Node's fetch would first load undici: 50 ms) and
// EnvironmentCredential and the developer tools loading nothing they do not need, the ratio went from 2.2-2.4 to
// 1.0-1.6 (each a median of 11, on a quiet or a loaded machine). Counting the import and the constructor as well,
// ours takes about a fifth of the peer's time: that row's budget is the peer itself.
// The issue asks for ≤ peer here; it is not met, so the budget stays 2. A walk now loads the members' packages a
// group at a time: reaching the first deployed-app member starts the three deployed-app imports side by side, and
// the developer tools' start together once none of those answered (each member is still built only when reached,
// and a deployed app never loads the developer tools), so the loads' file reads overlap instead of following one
// another. Alternating runs against main (2 CPUs shared with other builds, load 5-20), getToken wall medians:
// main 82.3, every import at the walk's start 74.1, by group 71.4, peer 37.8 ms (21 runs each, load 11-12); earlier
// main → every import at once 92 → 84 (15 runs), 117 → 94 (31 runs) and once 96 → 97 ms (21 runs, the noise); CPU
// time the same (94 and 92 ms): overlap saves waiting, not work. Bench runs of the branch: by group 86.0 vs 45.5
// (1.89), 70.4 vs 37.7 (1.87) and 59.0 vs 32.1 ms (1.84, load 5); every import at once 90.3 vs 53.7 (1.68), 86.5 vs 76.6 (1.13) and 120.3 vs
// 57.9 ms (2.08, over budget, load 8-17), so 2 still fails now and then on a loaded machine. What is left is CPU in
// Node 20's ESM loader, not anything the chain waits for: with every member package and node:http imported before
// getToken, ours takes 28 ms against the peer's 40-52 ms in the same minutes, and 20 one-line ES modules take
// 24-55 ms to import here against 3-5 ms for the same code in one file (about 1.5 ms a file: resolve, read, compile,
// link; the walk reads 15). Building the managed and workload identity node entries without the chunks they share
// with their portable entries (4 → 3 and 3 → 2 files) measured no difference within the noise, and neither did
// importing node:http at the walk's start. Reaching the peer means fewer files on the walk's path (a member and what
// it imports in one module) or Node's module compile cache (Node 22). An app whose first member answers (App
// Service) measured the same first-token time either way (median 235-270 ms, 15 runs each).
const UNROUTABLE_RATIO = 2;

async function nothingAvailable(context) {
  const sides = { ours: [context.ours(OURS), OURS], peer: [context.peer(PEER_SPEC), PEER] };
  const peerVersion = installedVersion(sides.peer[0], PEER);
  const measureBoth = async (make) => {
    const out = {};
    for (const [side, [cwd, specifier]] of Object.entries(sides))
      out[side] = await attempt(() => make(cwd, specifier));
    return out;
  };
  // Ours measured now; the peer's figure recorded (see measure/recorded-peer.mjs).
  const withPeerRecorded = async (name, make) => {
    const ours = await attempt(() => make(...sides.ours));
    const peer = await context.recordedPeer(`default-chain: ${name}`, () => make(...sides.peer), {
      peerVersion,
      command: COMMAND,
    });
    return withRecordedPeer(metric(name, 'ms', ours, undefined), peer);
  };

  const refused = await withPeerRecorded(
    'nothing available, IMDS refused: getToken rejects in',
    async (cwd, specifier) => {
      const { url } = await loopbackPort({ answer: false });
      return rejectionMs({ cwd, specifier, env: bareEnv({ AZURE_POD_IDENTITY_AUTHORITY_HOST: url }) });
    },
  );

  const inNamespace = async (mode, measure) => {
    const namespace = withBlackholeNamespace(mode);
    if (namespace.skipped) {
      const skipped = { error: `skipped: ${namespace.skipped}` };
      return { ours: skipped, peer: skipped };
    }
    try {
      return await measure(namespace.wrap);
    } finally {
      namespace.remove();
    }
  };

  // Runs alternating between the sides, then each side's medians (or why it could not be measured).
  const unroutable = await inNamespace('unroutable', async (wrap) => {
    const runs = { ours: [], peer: [] };
    for (let run = 0; run < UNROUTABLE_RUNS; run++) {
      for (const [side, [cwd, specifier]] of Object.entries(sides)) {
        runs[side].push(await attempt(() => rejection({ cwd, specifier, env: bareEnv({}), wrap })));
      }
    }
    const medians = (results) =>
      results.find(isFailed) ?? {
        ms: median(results.map((result) => result.ms)),
        withImportMs: median(results.map((result) => result.withImportMs)),
      };
    return { ours: medians(runs.ours), peer: medians(runs.peer) };
  });
  const dropped = await inNamespace('dropped', (wrap) =>
    measureBoth((cwd, specifier) => rejectionMs({ cwd, specifier, env: bareEnv({}), wrap })),
  );

  const hung = await withPeerRecorded(
    'nothing available, IMDS override to a dead (hung) port: rejects in',
    async (cwd, specifier) => {
      const port = await loopbackPort({ answer: true });
      try {
        return await rejectionMs({
          cwd,
          specifier,
          env: bareEnv({ AZURE_POD_IDENTITY_AUTHORITY_HOST: port.url }),
        });
      } finally {
        await port.close();
      }
    },
  );

  return [
    refused,
    metric(
      `nothing available, IMDS address unroutable (netns): getToken rejects in (median of ${UNROUTABLE_RUNS})`,
      'ms',
      pick(unroutable.ours, 'ms'),
      pick(unroutable.peer, 'ms'),
      { maxRatio: UNROUTABLE_RATIO, label: `≤ ${UNROUTABLE_RATIO} × peer` },
    ),
    metric(
      `nothing available, IMDS address unroutable (netns): import, create and getToken (median of ${UNROUTABLE_RUNS})`,
      'ms',
      pick(unroutable.ours, 'withImportMs'),
      pick(unroutable.peer, 'withImportMs'),
      { maxRatio: 1, label: '≤ peer' },
    ),
    metric('nothing available, IMDS packets dropped (netns): rejects in', 'ms', dropped.ours, dropped.peer),
    hung,
  ];
}

async function appService(context) {
  return withEmulator(async (emulator, caFile) => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const env = bareEnv({
      NODE_EXTRA_CA_CERTS: caFile,
      ...emulator.managedIdentity.environment('AppService'),
    });
    const first = async (cwd, specifier) => {
      const result = await runChainProbe({ cwd, specifier, env });
      if (!result.ok) throw new Error(`no token: ${result.error}`);
      return result.withImportMs;
    };
    return [
      metric(
        'App Service managed identity, import and first token in',
        'ms',
        await attempt(() => first(context.ours(OURS), OURS)),
        await attempt(() => first(context.peer(PEER_SPEC), PEER)),
      ),
    ];
  });
}

export default {
  name: 'default-chain',
  ours: OURS,
  peer: PEER,
  versions: (context) => ({
    ours: installedVersion(context.ours(OURS), OURS),
    peer: installedVersion(context.peer(PEER_SPEC), PEER),
  }),
  measures: { bundle, 'nothing available': nothingAvailable, 'App Service': appService },
};
