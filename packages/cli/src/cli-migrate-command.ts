// `identity migrate`: moves a project from @azure/identity to the @identity packages (imports and package.json),
// shows the diff first when asked (--dry-run), and lists what it left for a person, with the reason and the step.
import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCommandLine } from './cli-arguments.js';
import type { Palette } from './cli-color.js';
import { palette } from './cli-color.js';
import { unifiedDiff } from './cli-diff.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-io.js';
import type { Migration } from './cli-migrate.js';
import { applyMigration, planMigration } from './cli-migrate.js';
import type { MigrateEngine } from './cli-migrate-engine.js';
import { ENGINE_MAJOR, loadEngine } from './cli-migrate-engine.js';
import type { ExportTable } from './cli-migrate-exports.js';
import { loadExportTable } from './cli-migrate-exports.js';
import { SOURCE_EXTENSIONS } from './cli-migrate-files.js';
import { printable } from './cli-printable.js';
import { formatTable } from './cli-table.js';

declare const __PACKAGE_VERSION__: string;

/**
 * Help for `identity migrate`.
 *
 * @example
 * ```ts
 * process.stdout.write(MIGRATE_USAGE);
 * ```
 */
export const MIGRATE_USAGE = `Usage: identity migrate [paths...] [options]

Moves code from @azure/identity to the @identity packages: rewrites its imports (import, import type, namespace
and default imports, require, re-exports, import types) to the packages that export the same names, and updates
each package.json (adds those packages, removes @azure/identity once nothing imports it). What it cannot map is
listed with the reason and the step to take by hand.

Paths are files or directories inside the current directory (default: .). Directories are walked for
${SOURCE_EXTENSIONS.join(' ')} files, skipping node_modules, dist, hidden directories and symbolic links.

Needs ts-morph beside the CLI: npx -p @identity/cli -p ts-morph@${ENGINE_MAJOR} identity migrate

Options:
  --dry-run     print a unified diff of every change, and write nothing
  --json        print one JSON object instead of text
  -h, --help    show this help

Exits 0 when done, 3 when done with items left to do by hand, 2 on a usage mistake (nothing done), 1 on an
error.
`;

/**
 * The exit code of a migration that is done but left items to do by hand: not 2, which every command uses for a usage
 * mistake, so that a script can tell "nothing was done, the command line is wrong" from "done, with a list to read".
 *
 * @example
 * ```ts
 * if ((await migrateCommand(['src'], io)) === ITEMS_LEFT_BY_HAND) console.error('see the list of what is left');
 * ```
 */
export const ITEMS_LEFT_BY_HAND = 3;

/**
 * What `identity migrate` uses besides its arguments; tests inject these.
 *
 * @example
 * ```ts
 * const code = await migrateCommand(['--dry-run'], io, { table });
 * ```
 */
export interface MigrateDependencies {
  /** Loads ts-morph; default: `import('ts-morph')`. */
  loadEngine?: () => Promise<MigrateEngine>;
  /** The export table; default: the one built beside the CLI. */
  table?: ExportTable;
}

/**
 * Runs `identity migrate`; returns the exit code (0 done, {@link ITEMS_LEFT_BY_HAND} done with items left by hand, 1 an
 * error; a usage mistake throws `CliUsageError`, which the CLI turns into 2).
 *
 * @example
 * ```ts
 * const code = await migrateCommand(['src', '--dry-run'], { stdout: process.stdout, stderr: process.stderr, env: process.env });
 * ```
 */
export async function migrateCommand(
  args: string[],
  io: CliIo,
  dependencies: MigrateDependencies = {},
): Promise<number> {
  const { flags, positionals } = parseCommandLine('migrate', args, {
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(MIGRATE_USAGE);
    return 0;
  }
  const dryRun = flags['dry-run'] === true;
  let engine: MigrateEngine;
  let root: string;
  try {
    engine = await loadEngine(args, dependencies.loadEngine);
    root = realpathSync(io.cwd ?? process.cwd());
  } catch (error) {
    io.stderr.write(`identity migrate: ${(error as Error).message}\n`);
    return 1;
  }
  let migration: Migration;
  try {
    migration = planMigration({
      root,
      paths: positionals.length > 0 ? positionals : ['.'],
      engine,
      table: dependencies.table ?? loadExportTable(),
      range: `^${__PACKAGE_VERSION__}`,
    });
    if (!dryRun) applyMigration(root, migration);
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    io.stderr.write(`identity migrate: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout.write(flags.json ? jsonReport(migration, dryRun) : textReport(migration, dryRun, io));
  return migration.findings.length > 0 ? ITEMS_LEFT_BY_HAND : 0;
}

function jsonReport(migration: Migration, dryRun: boolean): string {
  const report = {
    dryRun,
    scanned: migration.scanned,
    changes: migration.changes.map((change) => ({
      file: change.file,
      summary: change.summary,
      ...(dryRun ? { diff: unifiedDiff(change.file, change.before, change.after) } : {}),
    })),
    todo: migration.findings,
    notFollowed: migration.links,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function textReport(migration: Migration, dryRun: boolean, io: CliIo): string {
  const paint = palette(io.stdout, io.env);
  const out: string[] = [];
  if (dryRun) {
    for (const change of migration.changes)
      out.push(unifiedDiff(change.file, change.before, change.after, diffStyle(paint)));
  }
  const count = migration.changes.length;
  if (count === 0) {
    out.push(`Nothing to change (${plural(migration.scanned, 'source file')} read).\n`);
  } else {
    const title = dryRun
      ? `Would change ${plural(count, 'file')} (dry run: nothing written):`
      : `Changed ${plural(count, 'file')}:`;
    // File names come from the project's tree: a name with an escape sequence must not drive the terminal.
    const files = migration.changes.map((change) => printable(change.file));
    const width = Math.max(...files.map((file) => file.length));
    // A package.json now names packages that are not installed yet; the next build would fail without them.
    const install =
      !dryRun && migration.changes.some((change) => basename(change.file) === 'package.json')
        ? 'Then install the packages package.json now names, with your package manager (npm install, pnpm install or yarn).\n'
        : '';
    out.push(
      `${paint.bold(title)}\n${migration.changes.map((change, index) => `  ${(files[index] as string).padEnd(width)}  ${change.summary}`).join('\n')}\n${install}`,
    );
  }
  if (migration.links.length > 0) {
    out.push(paint.dim(`Not followed (symbolic links): ${migration.links.map(printable).join(', ')}\n`));
  }
  if (migration.findings.length > 0) {
    const table = formatTable(
      [
        ['where', 'what', 'why', 'what to do'],
        ...migration.findings.map((finding) =>
          [
            finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`,
            finding.subject,
            finding.reason,
            finding.step,
          ].map(printable),
        ),
      ],
      { width: io.stdout.columns, style: (text, row) => (row === 0 ? paint.bold(text) : text) },
    );
    out.push(`${paint.yellow(`Left to do by hand (${migration.findings.length}):`)}\n${table}\n`);
  }
  return out.join('\n');
}

function diffStyle(paint: Palette) {
  return (line: string, kind: string) => {
    if (kind === 'header') return paint.bold(line);
    if (kind === '@') return paint.cyan(line);
    if (kind === '+') return paint.green(line);
    return kind === '-' ? paint.red(line) : line;
  };
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
