// ManagedIdentityCredential: @identity/managed-identity beside @azure/identity, both pointed at the emulator's
// managed-identity endpoints (never the real IMDS address): App Service through IDENTITY_ENDPOINT and
// IDENTITY_HEADER, IMDS through AZURE_POD_IDENTITY_AUTHORITY_HOST.
import { attempt, installedVersion, metric } from '../harness.mjs';
import { coldImportMetric } from '../measure/cold-import.mjs';
import { withEmulator } from '../measure/emulator.mjs';
import { footprint } from '../measure/footprint.mjs';
import { runProbe, throughputMetrics } from '../measure/get-token.mjs';
import { bundleMetrics } from '../measure/one-credential-scenario.mjs';

const OURS = '@identity/managed-identity';
const PEER = '@azure/identity';
const PEER_SPEC = `${PEER}@latest`;
const SCOPE = 'https://vault.azure.net/.default';
const CONCURRENT_CALLS = 100;
// Issue #4's 6 KiB for the credential that detects every source, wherever it runs (on the web platforms, and what a
// Node app loads at start), plus issue #11's hardening: ~0.6 KiB in core (see client-secret), and in managed identity
// the per-source table, IMDS's 410 schedule and the clock-skew warning (what loads at start is a little more: the
// Node-only sources' detection). The single file also holds, inlined, what the sources only Node can serve load when
// first used: Azure Arc's key file, Service Fabric's pinned TLS, and token exchange, which brings
// @identity/workload-identity, client assertions, the Entra client and its proxy tunnel: about 6.5 KiB more.
// The probe-mi review adds 0.125 KiB to every row (measured after it: 7,219 B at start, 14,162 B single file,
// 7,047 B on the web rows; about +80 B at start and on the web): AuthenticationError redacts secrets from every errorResponse field, not only the
// description (the identity header an endpoint echoed into `error` was kept in plain text: +20 B, in core);
// expires_on in milliseconds is told from seconds, and no expiry past the year 5138 or without its UTC offset is
// taken (a token cached for ever, served expired: +26 B); a token_type other than Bearer is refused (a PoP token was
// handed out as Bearer); probe.timeoutInMs past Node's timer limit is refused (every probe timed out after 1 ms).
// The single file also holds Azure Arc's refusal of a named-pipe key file and workload identity's size-checked
// token file.
// The single file re-based by 0.125 KiB (14,165 B → 14,217 B) for core's two fixes of stop 22 (about +36 B wherever core's token cache and HTTP client are): a
// requestTimeoutInMs or requestOptions.timeout of Infinity is no bound (Node fired such a timer after 1 ms, timing
// every request out), and a caller who needs a token never waits for a background refresh (on Cloudflare Workers
// one started by an earlier request never settles, so a credential kept in module scope hung once its token expired). It also holds
// workload identity's token file, now checked on the opened file rather than on the path before opening it.
// The entry chunk re-based by 0.125 KiB (7,306 B, 10 B over, after stop 23's reviews): core redacts a known secret
// in its JSON-escaped form too and before an excerpt or first line cuts it, and managed identity passes the identity
// header to the excerpt of a non-token answer (a 200-character cut could leave its first characters in the message).
const BUDGETS = {
  node: 7.25 * 1024,
  nodeSingleFile: 14 * 1024,
  browser: 7 * 1024,
  neutral: 7 * 1024,
};
// Which emulator route serves each shape, and the variables that select it.
const SHAPES = {
  'App Service': { route: 'app-service', source: 'AppService' },
  IMDS: { route: 'imds', source: 'IMDS' },
};

// The whole app: the system-assigned identity and one token, as a function on Azure would have it.
const app = (specifier) => `import { ManagedIdentityCredential } from '${specifier}';
const credential = new ManagedIdentityCredential();
export const token = await credential.getToken('${SCOPE}');
`;

const bundle = (context) => bundleMetrics({ app, ours: OURS, budgets: BUDGETS, context });

async function install(context) {
  const ours = footprint(context.ours(OURS));
  const peer = footprint(context.peer(PEER_SPEC));
  return [
    metric('install, packages', 'packages', ours.packages, peer.packages),
    metric('install, bytes on disk', 'bytes', ours.bytes, peer.bytes),
  ];
}

async function coldImport(context) {
  return [await coldImportMetric(context, OURS)];
}

async function getToken(context) {
  return withEmulator(async (emulator, caFile) => {
    emulator.managedIdentity.assign({ systemAssigned: true });
    const rows = [];
    for (const [shape, { route, source }] of Object.entries(SHAPES)) {
      const env = emulator.managedIdentity.environment(source);
      const measured = {};
      for (const [side, cwd, specifier] of [
        ['ours', context.ours(OURS), OURS],
        ['peer', context.peer(PEER_SPEC), PEER],
      ]) {
        // Each probe is a fresh process, so a fresh credential with an empty cache.
        const probe = (mode) =>
          runProbe({
            cwd,
            specifier,
            mode,
            caFile,
            env,
            scope: SCOPE,
            concurrency: CONCURRENT_CALLS,
            className: 'ManagedIdentityCredential',
            args: [],
          });
        const first = await attempt(async () => (await probe('first')).firstTokenMs);
        const throughput = await attempt(() => probe('throughput'));
        const requests = await attempt(async () => {
          const before = emulator.requestCount(route);
          await probe('concurrent');
          return emulator.requestCount(route) - before;
        });
        measured[side] = { first, throughput, requests };
      }
      rows.push(
        metric(`${shape}: first token, fresh process`, 'ms', measured.ours.first, measured.peer.first),
        ...throughputMetrics(`${shape}: `, measured.ours.throughput, measured.peer.throughput),
        metric(
          `${shape}: requests, ${CONCURRENT_CALLS} concurrent getToken`,
          'count',
          measured.ours.requests,
          measured.peer.requests,
          { equals: 1, label: '= 1' },
        ),
      );
    }
    return rows;
  });
}

export default {
  name: 'managed-identity',
  ours: OURS,
  peer: PEER,
  versions: (context) => ({
    ours: installedVersion(context.ours(OURS), OURS),
    peer: installedVersion(context.peer(PEER_SPEC), PEER),
  }),
  measures: { bundle, install, 'cold import': coldImport, getToken },
};
