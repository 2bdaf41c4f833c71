// Conventions about what a package exports and where its files live, checked with the TypeScript compiler:
// every export of every entry point has TSDoc with an `@example`, and test helpers stay out of `src/`.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import ts from 'typescript';

/** The package's entry points as source files: the tsup config's entry list, else `src/index.ts`. */
export function entrySources(dir) {
  const tsupPath = join(dir, 'tsup.config.ts');
  const tsup = existsSync(tsupPath) ? readFileSync(tsupPath, 'utf8') : '';
  const override = /entry:\s*(\[[^\]]*\]|\{[^}]*\})/.exec(tsup)?.[1];
  const entries = override ? [...override.matchAll(/['"]([^'"]+\.ts)['"]/g)].map((m) => m[1]) : [];
  return (entries.length ? entries : ['src/index.ts'])
    .map((entry) => join(dir, entry))
    .filter((path) => existsSync(path));
}

/**
 * Every export declared in the package itself (re-exports of other packages are checked where they are
 * declared), as `{ entry, name, file, isClass, documented, hasExample }`, paths relative to `dir`.
 */
export function ownExports(dir) {
  const entries = entrySources(dir);
  if (!entries.length) return [];
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const ownSources = join(dir, 'src');
  const found = [];
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry));
    if (!module) continue;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = (symbol.declarations ?? []).find((candidate) =>
        candidate.getSourceFile().fileName.startsWith(ownSources),
      );
      if (!declaration) continue;
      found.push({
        entry: relative(dir, entry),
        name: exported.name,
        file: relative(dir, declaration.getSourceFile().fileName),
        isClass: ts.isClassDeclaration(declaration),
        documented: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '',
        hasExample: symbol.getJsDocTags(checker).some((tag) => tag.name === 'example'),
      });
    }
  }
  return found;
}

// Files that only tests use: they belong in `test/`, so that no entry point can ever ship them.
const TEST_HELPER = /(^|-)(test-support|test-helpers?|fixtures?)\.ts$/;

/** The files under `src/` that are test helpers rather than tests or code, relative to `dir`. */
export function testHelpersInSources(dir, files) {
  return files
    .filter((path) => path.startsWith(join(dir, 'src')) && TEST_HELPER.test(basename(path)))
    .map((path) => relative(dir, path));
}

/**
 * The naming rule for a package in `dir`: the public trio carries the package's name (its directory name, e.g.
 * `client-secret`). An exported credential class lives in `src/<prefix>…-credential.ts` beside its
 * `…-credential-options.ts`; every test file of every package but core starts with the prefix. Internal modules
 * may have short names. `exports` is {@link ownExports}' answer. Returns `{ file, message }` for each break.
 */
export function namingProblems(dir, files, exports) {
  const prefix = basename(dir);
  if (prefix === 'core') return [];
  const problems = [];
  for (const path of files) {
    const name = basename(path);
    if (name.endsWith('.test.ts') && name !== `${prefix}.test.ts` && !name.startsWith(`${prefix}-`)) {
      problems.push({
        file: relative(dir, path),
        message: `test file "${name}" must start with "${prefix}-"`,
      });
    }
  }
  for (const { name, file, isClass } of exports) {
    if (!isClass || !name.endsWith('Credential')) continue;
    const stem = basename(file, '.ts');
    if (!stem.startsWith(prefix) || !stem.endsWith('-credential')) {
      problems.push({ file, message: `${name} must live in src/${prefix}...-credential.ts` });
    } else if (!existsSync(join(dir, 'src', `${stem}-options.ts`))) {
      problems.push({ file, message: `${name}'s options belong in src/${stem}-options.ts` });
    }
  }
  return problems;
}
