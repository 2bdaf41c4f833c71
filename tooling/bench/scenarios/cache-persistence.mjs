// @identity/cache-persistence beside @azure/identity + @azure/identity-cache-persistence (the versions installed as
// devDependencies of packages/cache-persistence): the second run of a command-line tool that signed its user in once
// (its first token from the cache file), and what each persistence package installs.
//
// Both caches are unencrypted (unsafeAllowUnencryptedStorage) so the two do the same work: the peer's encryption
// needs keytar, a native module whose build is turned off in this workspace (it stands in for keytar with what keytar
// answers where no Secret Service runs; see measure/persistent-cli.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attempt, metric } from '../harness.mjs';
import { dependencyClosure, packageFolder } from '../measure/dependency-closure.mjs';
import { secondRunTimes } from '../measure/persistent-cli.mjs';
import { paths } from '../paths.mjs';

const OURS = '@identity/cache-persistence';
const PEER = '@azure/identity-cache-persistence';
const packageDir = join(paths.packages, 'cache-persistence');
// Issue #13 asks that a CLI that signed in once gets its first token from the persistent cache in ≤ 20 ms over
// `node -e 0`. That is NOT met: on this machine `node -e 0` itself takes ~100-110 ms quiet (~40 ms on a typical
// laptop), and ours measured 40-52 ms over it quiet (56 ms at load 16), nearly all of it Node's ESM loader resolving
// and compiling core, cache-persistence and device-code (~25 ms), then ~3 ms reading the file. The target is
// 1.5x `node -e 0` where that takes 40 ms; ours is 1.37-1.51x here. An absolute ms budget on a shared machine measures
// the machine, so the check is the ratio in one run, set at 1.75x to catch a regression (a module loaded that the
// cached path does not need) while the target stays open; the absolute figure is reported beside it, unchecked.
const SECOND_RUN_TARGET_MS = 20;
const SECOND_RUN_MAX_RATIO = 1.75;

const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
const pick = (value, field) => (value && typeof value === 'object' && field in value ? value[field] : value);
const ratio = (value, baseline) =>
  typeof value === 'number' && typeof baseline === 'number' && baseline > 0 ? value / baseline : value;
const over = (value, baseline) =>
  typeof value === 'number' && typeof baseline === 'number' ? Math.max(0, value - baseline) : value;

async function secondRun() {
  const times = await attempt(() => secondRunTimes({ from: packageDir }));
  const field = (name) => pick(times, name);
  return [
    metric(
      `CLI second run (token from the cache file), over node -e 0 (peer: over node --import <keytar stand-in> -e 0); issue target ${SECOND_RUN_TARGET_MS} ms, see the scenario's note`,
      'ms',
      over(field('ours'), field('node')),
      over(field('peer'), field('nodeWithHook')),
    ),
    metric(
      'CLI second run, as a multiple of node -e 0 in the same loop',
      'times',
      ratio(field('ours'), field('node')),
      ratio(field('peer'), field('nodeWithHook')),
      { max: SECOND_RUN_MAX_RATIO, label: `≤ ${SECOND_RUN_MAX_RATIO}x` },
    ),
    metric('CLI second run, process start to exit (median)', 'ms', field('ours'), field('peer')),
    metric(
      'node -e 0, in the same loop (peer: with the keytar stand-in hook)',
      'ms',
      field('node'),
      field('nodeWithHook'),
    ),
    // Every timed run's token came from the cache: none reached the token endpoint.
    metric('token requests, all timed second runs', 'count', field('tokenRequests'), undefined, {
      equals: 0,
      label: '= 0',
    }),
  ];
}

async function install() {
  const closure = (dir) => dependencyClosure(dir, { workspaceDir: paths.root });
  const ours = await attempt(() => closure(packageDir));
  const peer = await attempt(() => {
    const dir = packageFolder(PEER, packageDir);
    if (!dir) throw new Error(`${PEER} is not installed in ${packageDir}`);
    return closure(dir);
  });
  const below = { belowPeer: true, label: '< peer' };
  return [
    metric(
      'install, packages (production closure; peer: keytar unbuilt, its binary would add more)',
      'packages',
      pick(ours, 'packages'),
      pick(peer, 'packages'),
      below,
    ),
    metric(
      'install, bytes on disk (production closure)',
      'bytes',
      pick(ours, 'bytes'),
      pick(peer, 'bytes'),
      below,
    ),
  ];
}

export default {
  name: 'cache-persistence',
  ours: OURS,
  peer: PEER,
  versions: () => ({
    ours: version(packageDir),
    peer: version(packageFolder(PEER, packageDir)),
  }),
  measures: { 'second run': secondRun, install },
};
