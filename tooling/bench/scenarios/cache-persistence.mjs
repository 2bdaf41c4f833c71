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
// `node -e 0`. That is NOT met. On this shared machine `node -e 0` takes ~100-110 ms quiet (~40 ms on a laptop);
// ours is ~45-50 ms over it quiet (1.4-1.5x), 70-85 ms over at load 18-20 (1.3x: the baseline slows too). Where the
// time over `node -e 0` goes (medians of 21 interleaved runs at load ~18 of variants of the tool: an empty .mjs, the
// tool without the library, the tool only importing the three packages, the whole tool bundled by esbuild):
//   - the tool's own code, no library loaded: ~15 ms for an ES module entry instead of `-e`, ~20 ms more for its
//     `import ... from 'node:fs'` (Node builds the namespace of every fs export, loading the streams) and its
//     console.log to a pipe (which loads node:net): ~35 ms over at that load, ~20 ms quiet. Not ours; the peer pays it.
//   - loading our modules: ~50 ms at that load (~25 ms quiet): 12 files (core's index and internal.node entries and
//     their 6 shared chunks, device-code, cache-persistence), each resolved, read, compiled and linked by the ESM
//     loader in turn, plus Node's first resolutions of a package with "exports" (`@identity/core` ~6 ms,
//     `@identity/core/internal` ~3 ms, paid once per process). The same tool bundled into one file (esbuild, 95 KB)
//     costs ~20 ms over the tool's own code at that load: the files, not the code, are the cost.
//   - the token itself: the cached path reads the file once, synchronously and without the lock (statSync and
//     readFileSync through process.getBuiltinModule): getToken takes ~2.7 ms quiet, ~11 ms at load 18 (before, each
//     read made the folder, took the lock file and read through fs/promises: ~8 ms quiet, ~35 ms at load 18);
//     building the cache and the credential takes ~2 ms, and close() writes nothing.
// What is left is the module graph: fewer files on core's Node path (its chunks) is the next lever, and core's
// owner's. An absolute ms budget on a shared machine measures the machine, so the check is the ratio in one run. It
// stays at 1.75x: after reads stopped taking the lock, five runs of this scenario gave 1.06x to 1.69x (9 runs a side,
// the load swinging between 2 and 18 within minutes), so a tighter ratio would fail on the machine's noise, not on a
// regression. It still catches a module loaded or a lock taken that the cached path does not need; the absolute
// figure is reported beside it, and the target stays open.
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
    // The floor: what the 20 ms leaves a library, measured. The same tool importing three one-line modules
    // in place of the libraries costs this much over node -e 0 on this machine before any library code runs.
    metric(
      'floor: the same tool with three one-line modules in place of the libraries, over node -e 0',
      'ms',
      over(field('floor'), field('node')),
      undefined,
    ),
    metric(
      'CLI second run, over the floor (what our code costs)',
      'ms',
      over(field('ours'), field('floor')),
      undefined,
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
