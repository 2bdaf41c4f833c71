// ClientCertificateCredential: @identity/client-certificate beside @azure/identity, with an in-memory PKCS#8
// PEM (the edge case: no file system, no node:crypto).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attempt, installedVersion, metric } from '../harness.mjs';
import { bundleBytes, PLATFORMS } from '../measure/bundle.mjs';
import { coldImportMs } from '../measure/cold-import.mjs';
import { withEmulator } from '../measure/emulator.mjs';
import { footprint } from '../measure/footprint.mjs';
import { runProbe } from '../measure/get-token.mjs';

const OURS = '@identity/client-certificate';
const PEER = '@azure/identity';
const PEER_SPEC = `${PEER}@latest`;
const SCOPE = 'https://vault.azure.net/.default';
const CONCURRENT_CALLS = 100;

// The whole app: one credential and one token. The PEM comes from the host (a secret binding), so the
// bundle measures code, not key bytes.
const app = (specifier) => `import { ClientCertificateCredential } from '${specifier}';
const credential = new ClientCertificateCredential('tenant-id', 'client-id', { certificate: globalThis.CERTIFICATE_PEM });
export const token = await credential.getToken('${SCOPE}');
`;

// A key and a self-signed certificate in one PEM, made with openssl (argument arrays, no shell).
function testPem() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-certificate-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  const certificateFile = join(dir, 'certificate.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-key', keyFile, '-out', certificateFile, '-days', '1', '-subj', '/CN=bench'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const certificatePem = readFileSync(certificateFile, 'utf8');
  return { certificatePem, pem: certificatePem + keyPem };
}

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
        // The budget is for Node; the other platforms must bundle at all (a failure fails the row).
        platform === 'node'
          ? { max: 10 * 1024, label: '≤ 10 KiB' }
          : { max: 10 * 1024, label: 'bundles, ≤ 10 KiB' },
      ),
    );
  }
  return rows;
}

async function install(context) {
  const ours = footprint(context.ours(OURS));
  const peer = footprint(context.peer(PEER_SPEC));
  return [
    // node-forge is installed for PFX, but loaded only when a PFX is opened.
    metric('install, packages', 'packages', ours.packages, peer.packages),
    metric('install, bytes on disk', 'bytes', ours.bytes, peer.bytes),
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
  const { certificatePem, pem } = testPem();
  return withEmulator(async (emulator, caFile) => {
    const { tenantId, clientId } = emulator.registerApp({ certificates: [certificatePem] });
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
          className: 'ClientCertificateCredential',
          args: [tenantId, clientId, { certificate: pem }, options],
        });
      const throughput = await attempt(async () => (await probe('throughput')).opsPerSecond);
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
  name: 'client-certificate',
  ours: OURS,
  peer: PEER,
  versions: (context) => ({
    ours: installedVersion(context.ours(OURS), OURS),
    peer: installedVersion(context.peer(PEER_SPEC), PEER),
  }),
  measures: { bundle, install, 'cold import': coldImport, getToken },
};
