// `identity doctor`: asks every member of the default chain for a token, each on its own (not stopping at the
// first that works), and shows why each works or not, what to do next, and the variables that decide it.
import { InvalidArgumentError } from '@identity/core';
import type { DefaultAzureCredential } from '@identity/default';
import { checkedScope, parseCommandArgs, positiveMs } from './cli-arguments.js';
import { CACHE_FLAGS, cacheLocation } from './cli-cache.js';
import type { Palette } from './cli-color.js';
import { palette } from './cli-color.js';
import type { CliCredentialChoice } from './cli-credential.js';
import { checkedChoice, cliCredential } from './cli-credential.js';
import { cacheReportLines, examineCache } from './cli-doctor-cache.js';
import type { DoctorRow } from './cli-doctor-report.js';
import { explain, resultOf, verdict } from './cli-doctor-report.js';
import { SHARED_CACHE_MEMBER, sharedCacheCriteria, sharedCacheRow } from './cli-doctor-shared-cache.js';
import { listEnvironment } from './cli-environment-listing.js';
import type { CliIo } from './cli-io.js';
import { printable, printableLines } from './cli-printable.js';
import { createProgress } from './cli-progress.js';
import { formatTable } from './cli-table.js';

/**
 * Help for `identity doctor`.
 *
 * @example
 * ```ts
 * process.stdout.write(DOCTOR_USAGE);
 * ```
 */
export const DOCTOR_USAGE = `Usage: identity doctor [options]

Runs every credential of the default chain (DefaultAzureCredential), each on its own, and shows which work,
why the others do not, and what to do next; then the environment variables that decide it (secrets are never
shown), and the persistent token cache ('identity login'): its files, encryption, accounts and default account.
SharedTokenCacheCredential is not asked for a token (that would write the cache): its row says who is signed in,
'not tried', and counts as working. Exits 0 when the default chain would get a token, 1 when it would not.

Options:
  --scope <scope>       the scope to ask for (default https://management.azure.com/.default)
  --credential <name>   check only these: dev, prod, or one name (what AZURE_TOKEN_CREDENTIALS takes)
  --tenant <tenant>     tenant for workload identity and the developer tools
  --timeout <ms>        give up on a credential after this long (default 60000)
  --cache-name <name>   the persistent token cache to show (default msal.cache)
  --cache-directory <dir>  its folder (default IDENTITY_CACHE_DIRECTORY, else ~/.IdentityService)
  --json                print one JSON object instead of text
  -h, --help            show this help
`;

const DEFAULT_SCOPE = 'https://management.azure.com/.default';
// The doctor table's result column.
const RESULT_COLUMN = 1;
const DEFAULT_TIMEOUT_MS = 60_000;

// The chain to examine; an invalid AZURE_TOKEN_CREDENTIALS is itself a finding, and the whole chain is examined.
function chainToExamine(io: CliIo, { credential, tenantId }: CliCredentialChoice) {
  try {
    return { chain: cliCredential(io, { credential, tenantId }), problem: undefined };
  } catch (error) {
    if (
      !InvalidArgumentError.isInstance(error) ||
      credential !== undefined ||
      !io.env.AZURE_TOKEN_CREDENTIALS
    )
      throw error;
    const env = { ...io.env, AZURE_TOKEN_CREDENTIALS: undefined };
    return { chain: cliCredential({ ...io, env }, { tenantId }), problem: error.message };
  }
}

async function examine(
  chain: DefaultAzureCredential,
  scope: string,
  timeoutMs: number,
  io: CliIo,
  sharedCache: DoctorRow,
): Promise<DoctorRow[]> {
  const progress = createProgress(io.stderr);
  const rows: DoctorRow[] = [];
  try {
    for (const choice of chain.selection) {
      if (!choice.included) {
        rows.push({ credential: choice.name, result: 'skipped', why: choice.reason ?? '', next: '' });
        continue;
      }
      // Read from the cache report, never asked: a token would write the cache (see cli-doctor-shared-cache.ts).
      if (choice.name === SHARED_CACHE_MEMBER) {
        rows.push(sharedCache);
        continue;
      }
      const member = chain.members.find((candidate) => candidate.name === choice.name);
      if (!member) continue;
      progress.start(choice.name);
      const started = performance.now();
      let row: DoctorRow;
      try {
        const token = await member.getToken(scope, { abortSignal: AbortSignal.timeout(timeoutMs) });
        const minutes = Math.round((token.expiresOnTimestamp - Date.now()) / 60_000);
        row = {
          credential: choice.name,
          result: 'ok',
          why: `token for ${scope}, expires in ${minutes} min`,
          next: '',
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // The message may quote a token endpoint's answer: shown, never interpreted by the terminal.
        row = {
          credential: choice.name,
          result: resultOf(error),
          ...explain(choice.name, printable(message)),
        };
      }
      row.ms = Math.round(performance.now() - started);
      rows.push(row);
      progress.done(`${row.credential}: ${row.result} (${row.ms} ms)`);
    }
  } finally {
    progress.stop();
  }
  return rows;
}

function paintResult(paint: Palette, result: string): string {
  if (result === 'ok') return paint.green(result);
  if (result === 'failed') return paint.red(result);
  return result === 'unavailable' ? paint.yellow(result) : paint.dim(result);
}

/**
 * Runs `identity doctor`; returns the exit code (0 the chain would get a token, 1 it would not, 2 usage).
 *
 * @example
 * ```ts
 * const code = await doctorCommand(['--json'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function doctorCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommandArgs('doctor', args, {
    scope: { type: 'string' },
    credential: { type: 'string' },
    tenant: { type: 'string' },
    timeout: { type: 'string' },
    ...CACHE_FLAGS,
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(DOCTOR_USAGE);
    return 0;
  }
  const location = cacheLocation('doctor', flags, io.env, io.cwd);
  const scope = checkedScope('doctor', (flags.scope as string | undefined) ?? DEFAULT_SCOPE);
  const timeoutMs = positiveMs('doctor', 'timeout', flags.timeout as string | undefined, DEFAULT_TIMEOUT_MS);
  const choice = checkedChoice('doctor', flags);
  let examined: ReturnType<typeof chainToExamine>;
  try {
    examined = chainToExamine(io, choice);
  } catch (error) {
    io.stderr.write(`identity doctor: ${printableLines((error as Error).message)}\n`);
    return 1;
  }
  const cache = await examineCache(location, sharedCacheCriteria(io.env)).catch((error: Error) => ({
    name: location.name,
    directory: location.directory,
    problem: `the cache could not be examined: ${error.message}`,
  }));
  const rows = await examine(examined.chain, scope, timeoutMs, io, sharedCacheRow(cache));
  const conclusion = verdict(rows);
  const environment = listEnvironment(io.env);

  if (flags.json) {
    const report = {
      scope,
      works: conclusion.works,
      verdict: conclusion.line,
      problem: examined.problem,
      credentials: rows,
      cache,
      environment,
    };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return conclusion.works ? 0 : 1;
  }
  const paint = palette(io.stdout, io.env);
  const table = formatTable(
    [
      ['credential', 'result', 'time', 'why', 'next step'],
      ...rows.map((row) => [
        row.credential,
        row.result,
        row.ms === undefined ? '' : `${row.ms} ms`,
        row.why,
        row.next,
      ]),
    ],
    {
      width: io.stdout.columns,
      style: (text, row, column) =>
        row === 0 ? paint.bold(text) : column === RESULT_COLUMN ? paintResult(paint, text) : text,
    },
  );
  const lines = [
    `Default chain, asked for ${scope}:`,
    '',
    table,
    '',
    ...(examined.problem ? [`Problem: ${examined.problem}`, ''] : []),
    conclusion.works ? paint.green(conclusion.line) : paint.red(conclusion.line),
    '',
    ...('problem' in cache
      ? [`Persistent token cache (${cache.name}): ${cache.problem}`]
      : cacheReportLines(cache)),
    '',
    'Environment:',
    ...environment.map(({ name, shown }) => `  ${name.padEnd(38)} ${shown}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return conclusion.works ? 0 : 1;
}
