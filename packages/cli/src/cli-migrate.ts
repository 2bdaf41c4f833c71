// A project's migration from @azure/identity, computed before anything is written: each source file that imports
// it rewritten (cli-migrate-source.ts), each package.json those files belong to updated, and everything left
// for a person collected with the file and line it is about. `applyMigration` writes it.
import { readFileSync } from 'node:fs';
import { dirname, extname, relative, sep } from 'node:path';
import type { MigrateEngine } from './cli-migrate-engine.js';
import type { ExportTable } from './cli-migrate-exports.js';
import {
  COMPONENT_EXTENSIONS,
  findSources,
  nearestManifest,
  packageTree,
  SOURCE_EXTENSIONS,
  writeInside,
} from './cli-migrate-files.js';
import { updateManifest } from './cli-migrate-manifest.js';
import { RENAMED_MODULES } from './cli-migrate-renamed-modules.js';
import { importsPeer, migrateProject, migrateSource } from './cli-migrate-source.js';
import { PEER_MODULE } from './cli-migrate-unsupported.js';

/**
 * What to migrate and with what.
 *
 * @example
 * ```ts
 * const input: MigrationInput = { root: process.cwd(), paths: ['src'], engine, table: loadExportTable(), range: '^0.1.0' };
 * ```
 */
export interface MigrationInput {
  /** The project's directory (its real path): nothing outside it is read through a link or written. */
  root: string;
  /** Files and directories to migrate, relative to `root`. */
  paths: readonly string[];
  engine: MigrateEngine;
  table: ExportTable;
  /** The version range new `@identity/*` dependencies get, e.g. `^0.1.0`. */
  range: string;
}

/**
 * One thing left for a person: where, what, why, and what to do.
 *
 * @example
 * ```ts
 * const finding: MigrationFinding = { file: 'src/app.ts', line: 3, subject: 'useIdentityPlugin', reason: '...', step: '...' };
 * ```
 */
export interface MigrationFinding {
  /** Relative to the project, with `/`. */
  file: string;
  /** In the file as migrated. */
  line?: number;
  subject: string;
  reason: string;
  step: string;
}

/**
 * One file the migration changes.
 *
 * @example
 * ```ts
 * const change: FileChange = { file: 'src/app.ts', path: '/work/app/src/app.ts', before, after, summary: '@identity/default' };
 * ```
 */
export interface FileChange {
  /** Relative to the project, with `/`. */
  file: string;
  /** Absolute. */
  path: string;
  before: string;
  after: string;
  /** What changed, in a few words: the packages a source now imports, the dependencies of a package.json. */
  summary: string;
}

/**
 * A project's migration, not yet written.
 *
 * @example
 * ```ts
 * const { changes, findings } = planMigration(input);
 * ```
 */
export interface Migration {
  changes: FileChange[];
  findings: MigrationFinding[];
  /** How many source files were read. */
  scanned: number;
  /** Symbolic links that were not followed, relative to the project. */
  links: string[];
}

// The peer as a module name in a component's script (not parsed: a quoted name is enough to keep the dependency).
// A file inside the peer (`'@azure/identity/dist/x.js'`) counts too.
const PEER_STRING = /(['"`])@azure\/identity(?:\/[^'"`\s]*)?\1/;

// ignoreBOM: the byte order mark stays in the text (and so in the file written back).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// The text of a UTF-8 file, or where its first byte that is not UTF-8 is (a line of the file, from 1).
function decode(bytes: Buffer): { text: string } | { badLine: number } {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    // The longest prefix that decodes (a character cut at its end is not an error while streaming).
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const middle = Math.floor((good + bad) / 2);
      try {
        new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, middle), {
          stream: true,
        });
        good = middle;
      } catch {
        bad = middle;
      }
    }
    let line = 1;
    for (let index = 0; index < good; index++) if (bytes[index] === 0x0a) line++;
    return { badLine: line };
  }
}

const display = (root: string, path: string) => relative(root, path).split(sep).join('/');

/**
 * Computes the migration of the sources under `input.paths` and of their package.json files. Reads only.
 *
 * @throws `CliUsageError` for a path that does not exist or is outside the project
 * @example
 * ```ts
 * const migration = planMigration({ root, paths: ['.'], engine, table, range: '^0.1.0' });
 * ```
 */
export function planMigration(input: MigrationInput): Migration {
  const { root, engine, table } = input;
  const { files, links } = findSources(root, input.paths);
  const project = migrateProject(engine);
  const changes: FileChange[] = [];
  const findings: MigrationFinding[] = [];
  // The new text of every file that mentions @azure/identity (changed or not), by path.
  const migrated = new Map<string, { text: string; packages: string[] }>();

  for (const path of files) {
    const bytes = readFileSync(path);
    if (!bytes.includes('@azure/identity')) continue;
    const file = display(root, path);
    const decoded = decode(bytes);
    if ('badLine' in decoded) {
      // Decoding would replace the bytes that are not UTF-8 (U+FFFD), and writing would lose them: left as it is,
      // and counted as still importing the peer.
      migrated.set(path, { text: bytes.toString('utf8'), packages: [] });
      findings.push({
        file,
        line: decoded.badLine,
        subject: 'not UTF-8',
        reason:
          'the file is not UTF-8 (another encoding, or binary), so it was left as it is: rewriting it would replace those bytes',
        step: 'convert it to UTF-8 (or change its imports by hand), then run identity migrate again',
      });
      continue;
    }
    const before = decoded.text;
    const result = migrateSource(engine, project, path, before, table);
    migrated.set(path, { text: result.text, packages: result.packages });
    for (const finding of result.findings) findings.push({ file, ...finding });
    if (result.text !== before) {
      changes.push({ file, path, before, after: result.text, summary: result.packages.join(', ') });
    }
  }

  const byManifest = new Map<string | undefined, string[]>();
  for (const path of migrated.keys()) {
    const manifest = nearestManifest(root, path);
    byManifest.set(manifest, [...(byManifest.get(manifest) ?? []), path]);
  }
  for (const [manifest, paths] of byManifest) {
    const needed = [...new Set(paths.flatMap((path) => migrated.get(path)?.packages ?? []))].sort();
    if (!manifest) {
      if (needed.length > 0) {
        findings.push({
          file: display(root, dirname(paths[0] as string)) || '.',
          subject: 'package.json',
          reason: `no package.json between these files and the project's directory (${root})`,
          step: `add ${needed.join(', ')} (${input.range}) to the package.json that installs their dependencies`,
        });
      }
      continue;
    }
    const tree = packageTree(dirname(manifest), [...SOURCE_EXTENSIONS, ...COMPONENT_EXTENSIONS]);
    const stillUsing = tree.files.filter((path) => {
      const text = migrated.get(path)?.text ?? readFileSync(path, 'utf8');
      return SOURCE_EXTENSIONS.includes(extname(path))
        ? importsPeer(engine, project, path, text)
        : PEER_STRING.test(text);
    });
    // A peer package that maps whole (cli-migrate-renamed-modules.ts) stays in package.json while a file imports it.
    const renamedStillUsed = Object.keys(RENAMED_MODULES).filter((module) =>
      tree.files.some((path) => {
        const text = migrated.get(path)?.text ?? readFileSync(path, 'utf8');
        return SOURCE_EXTENSIONS.includes(extname(path))
          ? importsPeer(engine, project, path, text, module)
          : text.includes(module);
      }),
    );
    const file = display(root, manifest);
    const notMigrated = stillUsing.filter((path) => !migrated.has(path));
    if (notMigrated.length > 0) {
      const names = notMigrated.map((path) => display(root, path));
      const shown =
        names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      const components = notMigrated.some((path) => COMPONENT_EXTENSIONS.includes(extname(path)));
      findings.push({
        file,
        subject: PEER_MODULE,
        reason: `kept: ${shown} still import it, and this run did not migrate them`,
        step: components
          ? `run identity migrate on the sources too; rewrite the imports of ${COMPONENT_EXTENSIONS.join(', ')} components by hand`
          : 'run identity migrate on them too (or on the whole package)',
      });
    }
    const before = readFileSync(manifest, 'utf8');
    // A link it did not follow may stand for sources that import the peer: then the dependency stays, and why.
    const links = stillUsing.length === 0 ? tree.links : [];
    if (links.length > 0 && PEER_STRING.test(before)) {
      const names = links.map((path) => display(root, path));
      const shown =
        names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      findings.push({
        file,
        subject: PEER_MODULE,
        reason: `kept: ${shown} ${names.length === 1 ? 'is a symbolic link' : 'are symbolic links'} (not followed) that may import it`,
        step: `run identity migrate where the link points, then remove ${PEER_MODULE} from this package.json if nothing imports it`,
      });
    }
    let update: ReturnType<typeof updateManifest>;
    try {
      update = updateManifest(before, {
        needed,
        range: input.range,
        peerStillUsed: stillUsing.length > 0 || links.length > 0,
        renamedStillUsed,
      });
    } catch (error) {
      findings.push({
        file,
        subject: 'package.json',
        reason: `it is not valid JSON (${(error as Error).message})`,
        step: `fix it, then add ${needed.join(', ') || 'the @identity packages'} (${input.range}) and remove ${PEER_MODULE}`,
      });
      continue;
    }
    for (const finding of update.findings) findings.push({ file, ...finding });
    if (update.text !== before) {
      const summary = [
        ...update.added.map((added) => `+${added.name}@${added.range} (${added.field})`),
        ...update.removed.map((field) => `-${PEER_MODULE} (${field})`),
        ...update.replaced.map(({ name, field }) => `-${name} (${field})`),
      ].join(', ');
      changes.push({ file, path: manifest, before, after: update.text, summary });
    }
  }
  changes.sort((a, b) => a.file.localeCompare(b.file));
  return { changes, findings, scanned: files.length, links };
}

/**
 * Writes a migration's changes (each file inside the project, never through a link, atomically). Nothing is
 * written when a file changed since it was read. The `package.json` files go first: should a write fail midway, a
 * second run still finds the sources not yet migrated and what they need. The error then says which files were
 * written and which were not.
 *
 * @throws when a file changed since it was read (nothing written), or a write fails (the error lists both sets)
 * @example
 * ```ts
 * applyMigration(root, planMigration(input));
 * ```
 */
export function applyMigration(
  root: string,
  migration: Migration,
  write: (root: string, path: string, text: string) => void = writeInside,
): void {
  for (const change of migration.changes) {
    let now: string | undefined;
    try {
      now = readFileSync(change.path, 'utf8');
    } catch {
      now = undefined;
    }
    if (now !== change.before) {
      throw new Error(
        `${change.file} changed since it was read (or is gone); nothing was written: run identity migrate again`,
      );
    }
  }
  const isManifest = (change: FileChange) =>
    change.file === 'package.json' || change.file.endsWith('/package.json');
  const ordered = [
    ...migration.changes.filter(isManifest),
    ...migration.changes.filter((change) => !isManifest(change)),
  ];
  const written: string[] = [];
  for (const [index, change] of ordered.entries()) {
    try {
      write(root, change.path, change.after);
    } catch (error) {
      const left = ordered.slice(index).map((pending) => pending.file);
      throw new Error(
        `could not write ${change.file} (${(error as Error).message}); written: ${written.join(', ') || 'none'}; not written: ${left.join(', ')} (each file is whole, old or new: run identity migrate again to finish)`,
      );
    }
    written.push(change.file);
  }
}
