// What an install costs on disk: how many packages landed in node_modules and how many bytes they hold.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// npm's bookkeeping, not part of any package.
const NOT_PACKAGE_FILES = new Set(['.bin', '.package-lock.json']);

function packageDirs(nodeModules) {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) =>
      entry.startsWith('@')
        ? readdirSync(join(nodeModules, entry)).map((scoped) => join(nodeModules, entry, scoped))
        : [join(nodeModules, entry)],
    )
    .flatMap((dir) => [dir, ...packageDirs(join(dir, 'node_modules'))]);
}

// Apparent file sizes, not disk blocks, so the number is the same on every file system.
function bytes(path) {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path)
    .filter((entry) => !NOT_PACKAGE_FILES.has(entry))
    .reduce((sum, entry) => sum + bytes(join(path, entry)), 0);
}

/** `{ packages, bytes }` of everything installed under `<dir>/node_modules`. */
export function footprint(dir) {
  const nodeModules = join(dir, 'node_modules');
  return {
    packages: packageDirs(nodeModules).length,
    bytes: existsSync(nodeModules) ? bytes(nodeModules) : 0,
  };
}
