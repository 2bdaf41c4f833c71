// The install footprint of a package as it is installed in the workspace: its production dependency closure
// (dependencies, and the optional dependencies that apply to this platform), each package counted once, with the
// bytes of its folder. A workspace package counts what `npm publish` would ship of it (its `files`, package.json,
// README and LICENSE), not its sources and build cache.
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

// What npm packs whatever `files` says.
const ALWAYS_PUBLISHED = /^(package\.json|readme(\..*)?|licen[cs]e(\..*)?)$/i;

/** The folder of `name` as Node's resolution finds it from `fromDir` (walking up `node_modules`), its real path. */
export function packageFolder(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

// This machine's libc, as npm's `libc` field names it (only Linux has one).
function libc() {
  if (process.platform !== 'linux') return undefined;
  return process.report.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl';
}

// npm's rule for `os`, `cpu` and `libc`: a list of allowed values, or of `!`-prefixed excluded ones.
function allows(list, value) {
  if (!Array.isArray(list) || list.length === 0) return true;
  if (value === undefined) return true;
  if (list.includes(`!${value}`)) return false;
  const allowed = list.filter((entry) => !entry.startsWith('!'));
  return allowed.length === 0 || allowed.includes(value);
}

/** Whether a package's manifest says it installs on this platform. */
export function appliesHere(manifest, platform = { os: process.platform, cpu: process.arch, libc: libc() }) {
  return (
    allows(manifest.os, platform.os) &&
    allows(manifest.cpu, platform.cpu) &&
    allows(manifest.libc, platform.libc)
  );
}

// Apparent sizes of every file under `path`, nested node_modules left out (they are other packages).
function folderBytes(path) {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path)
    .filter((entry) => entry !== 'node_modules')
    .reduce((sum, entry) => sum + folderBytes(join(path, entry)), 0);
}

// What `npm publish` ships of a workspace package: its `files` entries (folders or files, no globs here), and
// package.json, README and LICENSE at its root.
function publishedBytes(dir, manifest) {
  if (!Array.isArray(manifest.files)) return folderBytes(dir);
  const entries = new Set(manifest.files.map((entry) => entry.replace(/^\.\//, '').replace(/\/$/, '')));
  for (const entry of readdirSync(dir)) if (ALWAYS_PUBLISHED.test(entry)) entries.add(entry);
  return [...entries].reduce((sum, entry) => {
    if (/[*?[{]/.test(entry))
      throw new Error(`${dir}: files entry ${entry} is a glob, which this count does not read`);
    return existsSync(join(dir, entry)) ? sum + folderBytes(join(dir, entry)) : sum;
  }, 0);
}

/**
 * `{ packages, bytes, members }` of the production closure of the package in `root` (a folder) as installed: each
 * package's dependencies resolved from its own real path, each counted once (by real path). `workspaceDir` marks the workspace's
 * own packages (counted as published). An optional dependency that is not installed, or whose manifest excludes this
 * platform, is left out, as npm and pnpm leave it out; a missing required one is an error.
 *
 * @param {string} root
 * @param {{ workspaceDir: string }} where
 */
export function dependencyClosure(root, { workspaceDir }) {
  const members = new Map();
  const visit = (dependency, from, optional) => {
    const dir = dependency === undefined ? realpathSync(from) : packageFolder(dependency, from);
    if (!dir) {
      if (optional) return;
      throw new Error(`${dependency} is not installed (needed from ${from})`);
    }
    if (members.has(dir)) return;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (optional && !appliesHere(manifest)) return;
    const own = !relative(workspaceDir, dir).startsWith('..') && !dir.split(sep).includes('node_modules');
    members.set(dir, {
      name: manifest.name,
      version: manifest.version,
      bytes: own ? publishedBytes(dir, manifest) : folderBytes(dir),
    });
    const optionalDependencies = Object.keys(manifest.optionalDependencies ?? {});
    for (const next of Object.keys(manifest.dependencies ?? {}))
      if (!optionalDependencies.includes(next)) visit(next, dir, false);
    for (const next of optionalDependencies) visit(next, dir, true);
  };
  visit(undefined, root, false);
  const list = [...members.values()];
  return { packages: list.length, bytes: list.reduce((sum, member) => sum + member.bytes, 0), members: list };
}
