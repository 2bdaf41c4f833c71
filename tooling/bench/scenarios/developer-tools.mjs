// The developer-tool credentials: @identity/azure-cli beside @azure/identity's AzureCliCredential. What an app
// with one AzureCliCredential ships on Node, and how many `az` processes 100 concurrent getToken calls start
// (with a fake `az` that counts its runs, so nothing leaves the machine).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { attempt, installedVersion, metric } from '../harness.mjs';
import { bundleBytes } from '../measure/bundle.mjs';
import { coldImportMetric } from '../measure/cold-import.mjs';
import { runProbe } from '../measure/get-token.mjs';

const OURS = '@identity/azure-cli';
const PEER = '@azure/identity';
const PEER_SPEC = `${PEER}@latest`;
const SCOPE = 'https://management.azure.com/.default';
const CONCURRENT_CALLS = 100;

const app = (specifier) => `import { AzureCliCredential } from '${specifier}';
const credential = new AzureCliCredential();
export const token = await credential.getToken('${SCOPE}');
`;

async function bundle(context) {
  return [
    metric(
      'bundle gzip, node',
      'bytes',
      await attempt(() => bundleBytes(app(OURS), { platform: 'node', resolveDir: context.ours(OURS) })),
      await attempt(() => bundleBytes(app(PEER), { platform: 'node', resolveDir: context.peer(PEER_SPEC) })),
      { max: 7 * 1024, label: '≤ 7 KiB' },
    ),
  ];
}

async function coldImport(context) {
  return [await coldImportMetric(context, OURS)];
}

// A fake az: counts its runs in a file, takes 300 ms (a fast real az takes seconds), prints a token.
const FAKE_AZ = `#!/bin/sh
echo run >> "$FAKE_AZ_RUNS"
sleep 0.3
now=$(date +%s)
printf '{"accessToken":"fake-az-token","expiresOn":"2099-01-01 00:00:00.000000","expires_on":%s,"tokenType":"Bearer"}\\n' $((now + 3600))
`;

async function processes(context) {
  if (process.platform === 'win32') return [];
  const sides = { ours: [context.ours(OURS), OURS], peer: [context.peer(PEER_SPEC), PEER] };
  const counted = {};
  for (const [side, [cwd, specifier]] of Object.entries(sides)) {
    counted[side] = await attempt(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-fake-az-'));
      try {
        const runs = join(dir, 'runs');
        writeFileSync(join(dir, 'az'), FAKE_AZ, { mode: 0o700 });
        chmodSync(join(dir, 'az'), 0o700);
        writeFileSync(runs, '');
        await runProbe({
          cwd,
          specifier,
          mode: 'concurrent',
          scope: SCOPE,
          concurrency: CONCURRENT_CALLS,
          className: 'AzureCliCredential',
          args: [{}],
          env: { PATH: `${dir}${delimiter}${process.env.PATH}`, FAKE_AZ_RUNS: runs },
        });
        return readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  return [
    metric(`az processes, ${CONCURRENT_CALLS} concurrent getToken`, 'count', counted.ours, counted.peer, {
      equals: 1,
      label: '= 1',
    }),
  ];
}

export default {
  name: 'developer-tools',
  ours: OURS,
  peer: PEER,
  versions: (context) => ({
    ours: installedVersion(context.ours(OURS), OURS),
    peer: installedVersion(context.peer(PEER_SPEC), PEER),
  }),
  measures: { bundle, 'cold import': coldImport, processes },
};
