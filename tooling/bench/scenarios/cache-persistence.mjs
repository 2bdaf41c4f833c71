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
// Issue: "a CLI that signed in once gets its first token from the persistent cache in ≤ 20 ms over `node -e 0`".
const SECOND_RUN_MAX_MS = 20;

const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
const pick = (value, field) => (value && typeof value === 'object' && field in value ? value[field] : value);
const over = (value, baseline) =>
  typeof value === 'number' && typeof baseline === 'number' ? Math.max(0, value - baseline) : value;

async function secondRun() {
  const times = await attempt(() => secondRunTimes({ from: packageDir }));
  const field = (name) => pick(times, name);
  return [
    metric(
      'CLI second run (token from the cache file), over node -e 0 (peer: over node --import <keytar stand-in> -e 0)',
      'ms',
      over(field('ours'), field('node')),
      over(field('peer'), field('nodeWithHook')),
      { max: SECOND_RUN_MAX_MS, label: `≤ ${SECOND_RUN_MAX_MS} ms` },
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
