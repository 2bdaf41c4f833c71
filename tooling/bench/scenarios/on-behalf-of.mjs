// OnBehalfOfCredential: @identity/on-behalf-of beside @azure/identity, in a middle-tier API with a secret.
import { attempt, installedVersion, metric } from '../harness.mjs';
import { bundleBytes, PLATFORMS } from '../measure/bundle.mjs';
import { coldImportMs } from '../measure/cold-import.mjs';

const OURS = '@identity/on-behalf-of';
const PEER = '@azure/identity';
const PEER_SPEC = `${PEER}@latest`;

// The whole app: exchange the caller's token for a Graph token.
const app = (specifier) => `import { OnBehalfOfCredential } from '${specifier}';
export async function handle(userAssertionToken) {
  const credential = new OnBehalfOfCredential({
    tenantId: 'tenant-id', clientId: 'client-id', clientSecret: globalThis.CLIENT_SECRET, userAssertionToken,
  });
  return credential.getToken('https://graph.microsoft.com/User.Read');
}
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
        { max: 10 * 1024, label: '≤ 10 KiB' },
      ),
    );
  }
  return rows;
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

export default {
  name: 'on-behalf-of',
  ours: OURS,
  peer: PEER,
  versions: (context) => ({
    ours: installedVersion(context.ours(OURS), OURS),
    peer: installedVersion(context.peer(PEER_SPEC), PEER),
  }),
  measures: { bundle, 'cold import': coldImport },
};
