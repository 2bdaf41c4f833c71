// ClientSecretCredential: @identity/client-secret beside @azure/identity.
import { attempt, installedVersion, metric } from '../harness.mjs';
import { bundleBytes, PLATFORMS } from '../measure/bundle.mjs';
import { coldImportMs } from '../measure/cold-import.mjs';
import { withEmulator } from '../measure/emulator.mjs';
import { footprint } from '../measure/footprint.mjs';
import { runProbe } from '../measure/get-token.mjs';

const OURS = '@identity/client-secret';
const PEER = '@azure/identity';
const PEER_SPEC = `${PEER}@latest`;
const SCOPE = 'https://vault.azure.net/.default';
const CONCURRENT_CALLS = 100;

// The whole app: one credential and one token, as a serverless function would have it.
const app = (specifier) => `import { ClientSecretCredential } from '${specifier}';
const credential = new ClientSecretCredential('tenant-id', 'client-id', 'client-secret');
export const token = await credential.getToken('${SCOPE}');
`;

async function bundle(context) {
  const oursDir = context.ours(OURS);
  const peerDir = context.peer(PEER_SPEC);
  const rows = [];
  for (const platform of PLATFORMS) {
    rows.push(
      metric(
        `bundle gzip, ${platform}`,
        'bytes',
        await attempt(() => bundleBytes(app(OURS), { platform, resolveDir: oursDir })),
        await attempt(() => bundleBytes(app(PEER), { platform, resolveDir: peerDir })),
        { max: 5 * 1024, label: '≤ 5 KiB' },
      ),
    );
  }
  return rows;
}

async function install(context) {
  const ours = footprint(context.ours(OURS));
  const peer = footprint(context.peer(PEER_SPEC));
  return [
    metric('install, packages', 'packages', ours.packages, peer.packages, { max: 3, label: '≤ 3' }),
    metric('install, bytes on disk', 'bytes', ours.bytes, peer.bytes, { max: 300_000, label: '≤ 300 KB' }),
  ];
}

async function coldImport(context) {
  return [
    metric(
      'cold import (ESM)',
      'ms',
      await attempt(() => coldImportMs(OURS, context.ours(OURS))),
      await attempt(() => coldImportMs(PEER, context.peer(PEER_SPEC))),
    ),
  ];
}

async function getToken(context) {
  return withEmulator(async (emulator, caFile) => {
    const { tenantId, clientId, clientSecret } = emulator.registerApp({});
    const sides = {
      ours: { cwd: context.ours(OURS), specifier: OURS, options: { authorityHost: emulator.url } },
      peer: {
        cwd: context.peer(PEER_SPEC),
        specifier: PEER,
        options: { authorityHost: emulator.url, disableInstanceDiscovery: true },
      },
    };
    const measured = {};
    for (const [side, { cwd, specifier, options }] of Object.entries(sides)) {
      const probe = (mode) =>
        runProbe({
          cwd,
          specifier,
          mode,
          caFile,
          scope: SCOPE,
          concurrency: CONCURRENT_CALLS,
          className: 'ClientSecretCredential',
          args: [tenantId, clientId, clientSecret, options],
        });
      const throughput = await attempt(async () => (await probe('throughput')).opsPerSecond);
      // Each probe is a fresh process, so a fresh credential with an empty cache.
      const requests = await attempt(async () => {
        const before = emulator.requestCount('token');
        await probe('concurrent');
        return emulator.requestCount('token') - before;
      });
      measured[side] = { throughput, requests };
    }
    return [
      metric('cached getToken', 'ops/s', measured.ours.throughput, measured.peer.throughput),
      metric(
        `token requests, ${CONCURRENT_CALLS} concurrent getToken`,
        'count',
        measured.ours.requests,
        measured.peer.requests,
        { equals: 1, label: '= 1' },
      ),
    ];
  });
}

export default {
  name: 'client-secret',
  ours: OURS,
  peer: PEER,
  versions: (context) => ({
    ours: installedVersion(context.ours(OURS), OURS),
    peer: installedVersion(context.peer(PEER_SPEC), PEER),
  }),
  measures: { bundle, install, 'cold import': coldImport, getToken },
};
