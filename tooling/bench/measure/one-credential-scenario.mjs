// A scenario for a credential whose story is its size: the bundle of a one-credential app on each platform
// (budgets per platform), the install footprint and the cold import, beside @azure/identity.
import { attempt, installedVersion, metric } from '../harness.mjs';
import { bundleBytes, PLATFORMS } from './bundle.mjs';
import { coldImportMs } from './cold-import.mjs';
import { footprint } from './footprint.mjs';

const PEER = '@azure/identity';
const PEER_SPEC = `${PEER}@latest`;
const kib = (bytes) => `${bytes / 1024} KiB`;

/**
 * @param {{ name: string, ours: string, app: (specifier: string) => string,
 *   budgets: Partial<Record<'node' | 'browser' | 'neutral', number>> }} spec
 *   `app` is the whole app's source for a package specifier; `budgets` are gzip bytes per platform (a platform
 *   without a budget is reported only).
 */
export function oneCredentialScenario({ name, ours, app, budgets }) {
  const bundle = async (context) => {
    const rows = [];
    for (const platform of PLATFORMS) {
      const max = budgets[platform];
      rows.push(
        metric(
          `bundle gzip, ${platform}`,
          'bytes',
          await attempt(() => bundleBytes(app(ours), { platform, resolveDir: context.ours(ours) })),
          await attempt(() => bundleBytes(app(PEER), { platform, resolveDir: context.peer(PEER_SPEC) })),
          max === undefined ? undefined : { max, label: `≤ ${kib(max)}` },
        ),
      );
    }
    return rows;
  };
  const install = async (context) => {
    const [mine, peer] = [footprint(context.ours(ours)), footprint(context.peer(PEER_SPEC))];
    return [
      metric('install, packages', 'packages', mine.packages, peer.packages),
      metric('install, bytes on disk', 'bytes', mine.bytes, peer.bytes),
    ];
  };
  const coldImport = async (context) => [
    metric(
      'cold import (ESM)',
      'ms',
      await attempt(() => coldImportMs(ours, context.ours(ours))),
      await attempt(() => coldImportMs(PEER, context.peer(PEER_SPEC))),
    ),
  ];
  return {
    name,
    ours,
    peer: PEER,
    versions: (context) => ({
      ours: installedVersion(context.ours(ours), ours),
      peer: installedVersion(context.peer(PEER_SPEC), PEER),
    }),
    measures: { bundle, install, 'cold import': coldImport },
  };
}
