// Which @identity package exports which name, read from the workspace's own sources with the TypeScript
// compiler: the table `identity migrate` maps @azure/identity's names with. Derived at build time, never kept by
// hand, so a package added to the workspace (or a name added to a package) is picked up by the next build.
//
//   node scripts/migrate-exports.mjs        writes dist/migrate-exports.json (run after tsup, which cleans dist)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Where the build writes the table, relative to the CLI package. */
export const EXPORTS_FILE = join('dist', 'migrate-exports.json');

/**
 * The workspace's library packages, the ones an app imports credentials from: published, built on
 * `@identity/core` (or core itself), and not a tool with a binary (the CLI, the emulator).
 *
 * @param {string} packagesDir the workspace's `packages` folder
 * @returns {{ name: string, index: string }[]} each package's name and its `src/index.ts`, sorted by name
 */
export function libraryPackages(packagesDir) {
  const found = [];
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const manifest = join(packagesDir, entry.name, 'package.json');
    const index = join(packagesDir, entry.name, 'src', 'index.ts');
    if (!existsSync(manifest) || !existsSync(index)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    const onCore = pkg.name === '@identity/core' || Boolean(pkg.dependencies?.['@identity/core']);
    if (pkg.private || pkg.bin || !onCore || !pkg.name?.startsWith('@identity/')) continue;
    found.push({ name: pkg.name, index });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Every name each library package exports from its main entry, types included, following re-exports across
 * packages through their sources (so nothing needs to be built first).
 *
 * @param {string} packagesDir the workspace's `packages` folder
 * @returns {{ packages: Record<string, string[]> }} sorted names by package name
 */
export function deriveExports(packagesDir) {
  const libraries = libraryPackages(packagesDir);
  const program = ts.createProgram(
    libraries.map((library) => library.index),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      // Each package resolves to its sources, not its build.
      paths: Object.fromEntries(libraries.map((library) => [library.name, [library.index]])),
      types: [],
      noEmit: true,
      skipLibCheck: true,
    },
  );
  const checker = program.getTypeChecker();
  const packages = {};
  for (const library of libraries) {
    const source = program.getSourceFile(library.index);
    const module = source && checker.getSymbolAtLocation(source);
    const names = module ? checker.getExportsOfModule(module).map((symbol) => symbol.name) : [];
    packages[library.name] = names.filter((name) => name !== 'default').sort();
  }
  return { packages };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const table = deriveExports(join(process.cwd(), '..'));
  writeFileSync(EXPORTS_FILE, `${JSON.stringify(table, null, 2)}\n`);
  const names = Object.values(table.packages).reduce((sum, list) => sum + list.length, 0);
  process.stdout.write(
    `${EXPORTS_FILE}: ${Object.keys(table.packages).length} packages, ${names} exported names\n`,
  );
}
