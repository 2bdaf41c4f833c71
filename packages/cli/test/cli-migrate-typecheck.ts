// Runs the built `identity migrate` on a copy of a folder of @azure/identity code, then type-checks the result with
// `tsc --noEmit` against this workspace's real @identity packages: the proof that migrated code compiles. Any
// folder of samples can use it: sources, a package.json naming their other dependencies (each must be installed
// for this package: add it to its devDependencies), optionally a tsconfig.json of its own.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { libraryPackages } from '../scripts/migrate-exports.mjs';
import { runNode } from './cli-run-node.js';

const cliDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(cliDir, '..');
const cliPath = join(cliDir, 'dist', 'cli.js');
const resolveFromCli = createRequire(join(cliDir, 'package.json'));

/** The samples' type-check settings, unless their folder has a tsconfig.json: strict, Node's module rules, JS too. */
const DEFAULT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
};

// The child's environment: this one's, without colour settings (the report is JSON, tsc's output is compared).
function childEnv(): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  delete env.FORCE_COLOR;
  return env;
}

/** What {@link migrateAndTypecheck} saw. */
export interface MigratedSamples {
  /** The temporary copy the migration ran in (removed unless `keep`). */
  dir: string;
  /** `identity migrate --json`'s exit code and report. */
  migrate: { code: number | null; report: MigrateReport; stderr: string };
  /** `tsc --noEmit`'s exit code and output (its diagnostics). */
  typecheck: { code: number | null; output: string };
  /** The migrated text of each file the migration changed, by path relative to the copy. */
  files: Record<string, string>;
}

/** The JSON `identity migrate --json` prints. */
export interface MigrateReport {
  dryRun: boolean;
  scanned: number;
  changes: { file: string; summary: string }[];
  todo: { file: string; line?: number; subject: string; reason: string; step: string }[];
  notFollowed: string[];
}

// Where Node would find a package from the CLI's folder (its own node_modules, then the workspace's).
function findInstalled(name: string): string | undefined {
  for (let dir = cliDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', ...name.split('/'));
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

// node_modules for the copy: every @identity library package of the workspace (as built), and each other
// dependency the samples name, as the CLI's dependencies installed it (a name already linked stays as it is).
function linkDependencies(dir: string): void {
  const manifestPath = join(dir, 'package.json');
  const manifest = (existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {}) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const link = (name: string, target: string) => {
    const path = join(dir, 'node_modules', ...name.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path)) symlinkSync(target, path, 'dir');
  };
  for (const library of libraryPackages(packagesDir)) link(library.name, dirname(dirname(library.index)));
  // The rest (tools such as @identity/emulator among them) as this package's dependencies installed them.
  const others = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  for (const name of [...others, '@types/node']) {
    // Not installed here (@azure/identity itself, when something was left on it): tsc will say so.
    const installed = findInstalled(name);
    if (installed) link(name, installed);
  }
}

/**
 * Copies `samples` to a temporary folder, runs `identity migrate --json` there (the built CLI, as a user runs it),
 * links the workspace's @identity packages and the samples' other dependencies into its node_modules, and runs
 * `tsc --noEmit` on the result.
 *
 * @example
 * ```ts
 * const result = await migrateAndTypecheck(join(here, 'fixtures', 'migrate'));
 * expect(result.typecheck.output).toBe('');
 * ```
 */
export async function migrateAndTypecheck(
  samples: string,
  options: { keep?: boolean } = {},
): Promise<MigratedSamples> {
  if (!existsSync(cliPath)) throw new Error('build @identity/cli first: pnpm --filter @identity/cli build');
  const dir = mkdtempSync(join(tmpdir(), `identity-migrate-${basename(samples)}-`));
  try {
    cpSync(samples, dir, { recursive: true });
    const migrated = await runNode([cliPath, 'migrate', '--json'], {
      cwd: dir,
      env: childEnv(),
      timeoutInMs: 120_000,
    });
    const report = JSON.parse(migrated.stdout || '{}') as MigrateReport;
    const files = Object.fromEntries(
      (report.changes ?? []).map((change) => [change.file, readFileSync(join(dir, change.file), 'utf8')]),
    );
    linkDependencies(dir);
    if (!existsSync(join(dir, 'tsconfig.json'))) {
      writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(DEFAULT_TSCONFIG, null, 2)}\n`);
    }
    const tsc = resolveFromCli.resolve('typescript/bin/tsc');
    const checked = await runNode([tsc, '--noEmit', '-p', join(dir, 'tsconfig.json')], {
      cwd: dir,
      env: childEnv(),
      timeoutInMs: 120_000,
    });
    return {
      dir,
      migrate: { code: migrated.code, report, stderr: migrated.stderr },
      typecheck: { code: checked.code, output: checked.stdout + checked.stderr },
      files,
    };
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}
