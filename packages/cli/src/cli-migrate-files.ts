// The files `identity migrate` reads and writes, all inside the project (the directory it runs in): source files
// under the paths it is given (never node_modules or build output, never through a symbolic link), the
// package.json each belongs to, and writes that refuse to land anywhere else.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CliUsageError } from './cli-io.js';

/**
 * The file extensions `identity migrate` reads.
 *
 * @example
 * ```ts
 * SOURCE_EXTENSIONS.includes('.cjs'); // true
 * ```
 */
export const SOURCE_EXTENSIONS: readonly string[] = [
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
];

// Dependencies and build output: never the project's own sources.
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist']);

/**
 * The sources found under the given paths, and the symbolic links that were not followed.
 *
 * @example
 * ```ts
 * const { files, links } = findSources(root, ['src']);
 * ```
 */
export interface FoundSources {
  /** Absolute paths, sorted. */
  files: string[];
  /** Symbolic links met on the way (not followed), relative to the root. */
  links: string[];
}

/**
 * Whether `path` is `root` or inside it.
 *
 * @example
 * ```ts
 * isInside('/work/app', '/work/app/src/index.ts'); // true
 * isInside('/work/app', '/work/app-other/index.ts'); // false
 * ```
 */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

const isSource = (path: string) => SOURCE_EXTENSIONS.includes(extname(path));

/**
 * The source files under each of `paths` (files or directories, relative to `root` or absolute), walking
 * directories without entering `node_modules`, `dist`, hidden directories or symbolic links.
 *
 * @throws `CliUsageError` for a path that does not exist, is outside `root` or inside node_modules, dist or .git, or is not a source file
 * @example
 * ```ts
 * const { files } = findSources('/work/app', ['.']);
 * ```
 */
export function findSources(root: string, paths: readonly string[]): FoundSources {
  const files = new Set<string>();
  const links: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) links.push(relative(root, path));
      } else if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) walk(path);
      } else if (entry.isFile() && isSource(entry.name)) files.add(path);
    }
  };
  for (const given of paths) {
    const absolute = resolve(root, given);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      throw new CliUsageError(`${given}: no such file or directory`, 'migrate');
    }
    if (!isInside(root, real)) {
      throw new CliUsageError(
        `${given} is outside the project (${root}); run identity migrate from the project's directory`,
        'migrate',
      );
    }
    // Named on purpose or not, dependencies, build output and version control are not the project's sources.
    if (
      relative(root, real)
        .split(sep)
        .some((part) => SKIPPED_DIRECTORIES.has(part) || part === '.git')
    ) {
      throw new CliUsageError(
        `${given} is inside node_modules, dist or .git, which identity migrate never changes`,
        'migrate',
      );
    }
    if (statSync(real).isDirectory()) walk(real);
    else if (isSource(real)) files.add(real);
    else
      throw new CliUsageError(`${given} is not a source file (${SOURCE_EXTENSIONS.join(', ')})`, 'migrate');
  }
  return { files: [...files].sort(), links: links.sort() };
}

/**
 * The `package.json` nearest to `file`, looking up no further than `root`.
 *
 * @example
 * ```ts
 * nearestManifest('/work/app', '/work/app/src/index.ts'); // '/work/app/package.json'
 * ```
 */
export function nearestManifest(root: string, file: string): string | undefined {
  for (let dir = dirname(file); isInside(root, dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (lstatSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    if (dir === root) break;
  }
  return undefined;
}

/**
 * Component files that import modules in a script block, which `identity migrate` does not rewrite but must know
 * about: while one imports `@azure/identity`, the dependency stays.
 *
 * @example
 * ```ts
 * COMPONENT_EXTENSIONS.includes('.vue'); // true
 * ```
 */
export const COMPONENT_EXTENSIONS: readonly string[] = ['.vue', '.svelte', '.astro'];

/**
 * The package whose `package.json` is in `dir`, in one walk: `files`, every file with one of `extensions` (the same
 * walk as {@link findSources}, without entering nested packages, folders with their own package.json); and
 * `links`, the symbolic links that may stand for sources (a directory, or a file with one of `extensions`), never
 * followed. Both sorted.
 *
 * @example
 * ```ts
 * const { files, links } = packageTree('/work/app', [...SOURCE_EXTENSIONS, ...COMPONENT_EXTENSIONS]);
 * ```
 */
export function packageTree(
  dir: string,
  extensions: readonly string[] = SOURCE_EXTENSIONS,
): { files: string[]; links: string[] } {
  const files: string[] = [];
  const links: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const skipped = SKIPPED_DIRECTORIES.has(entry.name) || entry.name.startsWith('.');
      if (entry.isDirectory()) {
        if (!skipped && !lstatSync(join(path, 'package.json'), { throwIfNoEntry: false })) walk(path);
      } else if (entry.isFile()) {
        if (extensions.includes(extname(entry.name))) files.push(path);
      } else if (entry.isSymbolicLink() && !skipped) {
        // Without following it, a link without an extension may be a directory of sources.
        if (extname(entry.name) === '' || extensions.includes(extname(entry.name))) links.push(path);
      }
    }
  };
  walk(dir);
  return { files: files.sort(), links: links.sort() };
}

/**
 * Replaces the content of a file inside `root`, atomically: the new content is written to a new file beside it
 * (created exclusively, never through a link), given the old file's mode (and owner, where allowed) and renamed over
 * it, so the file is always whole, old or new. Refuses a path whose real location is outside `root`, and a file
 * that is not a regular file (a symbolic link). A hard link to the old file keeps the old content.
 *
 * @throws when the file is outside `root`, is not a regular file, or cannot be written
 * @example
 * ```ts
 * writeInside('/work/app', '/work/app/src/index.ts', text);
 * ```
 */
export function writeInside(root: string, path: string, text: string): void {
  const real = join(realpathSync(dirname(path)), relative(dirname(path), path));
  if (!isInside(root, real))
    throw new Error(`refusing to write ${path}: it is outside the project (${root})`);
  const old = lstatSync(real);
  if (!old.isFile())
    throw new Error(`refusing to write ${path}: it is not a regular file (a symbolic link?)`);
  const temporary = join(
    dirname(real),
    `.${basename(real)}.identity-migrate-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  // O_NOFOLLOW does not exist on Windows, where O_EXCL (never an existing file, nor a link) is the guard.
  const descriptor = openSync(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    0o600,
  );
  try {
    try {
      writeFileSync(descriptor, text);
      fchmodSync(descriptor, old.mode & 0o7777);
      try {
        fchownSync(descriptor, old.uid, old.gid);
      } catch {
        // Only root may give a file away; anyone else keeps their own file, as before.
      }
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, real);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
}
