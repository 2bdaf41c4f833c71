// Conventions about what a package exports and where its files live, read with the TypeScript compiler from the
// package's entry points: every export has TSDoc with an `@example`, the public trio carries the package's name,
// and nothing under `src/` is there only for tests.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import ts from 'typescript';

// Doc comments and imports are syntax, so neither the standard library nor @types need reading (ten times faster).
const COMPILER_OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  noEmit: true,
  noLib: true,
  types: [],
};

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

// `export type { X }` (or `export { type X }`): users can name the class but not construct it.
function exportedAsTypeOnly(exported) {
  return (exported.declarations ?? []).some(
    (declaration) =>
      ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly),
  );
}

/**
 * The package's entry points read with the compiler. `exports` lists every export declared in the package itself
 * (re-exports of other packages are checked where they are declared) as
 * `{ entry, name, file, isClass, typeOnly, documented, hasExample }`; `reached` is the set of files the entries
 * import, directly or through other files, statically or by `import()` (undefined when the package has no entry
 * point). Paths are relative to `dir`.
 */
export function readEntries(dir) {
  const entries = entrySources(dir);
  if (!entries.length) return { exports: [], reached: undefined };
  const program = ts.createProgram(entries, COMPILER_OPTIONS);
  const checker = program.getTypeChecker();
  const ownSources = join(dir, 'src');
  const exports = [];
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry));
    if (!module) continue;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = (symbol.declarations ?? []).find((candidate) =>
        candidate.getSourceFile().fileName.startsWith(`${ownSources}/`),
      );
      if (!declaration) continue;
      exports.push({
        entry: relative(dir, entry),
        name: exported.name,
        file: relative(dir, declaration.getSourceFile().fileName),
        isClass: ts.isClassDeclaration(declaration),
        typeOnly: exportedAsTypeOnly(exported),
        documented: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '',
        hasExample: symbol.getJsDocTags(checker).some((tag) => tag.name === 'example'),
      });
    }
  }
  const reached = new Set(program.getSourceFiles().map((source) => relative(dir, source.fileName)));
  return { exports, reached };
}

/**
 * Each export (of {@link readEntries}) that lacks a TSDoc summary or an `@example`, once however many entries
 * export it, as `{ file, message }`.
 */
export function undocumentedExports(exports) {
  const problems = new Map();
  for (const { name, file, entry, documented, hasExample } of exports) {
    const key = `${file}#${name}`;
    if ((documented && hasExample) || problems.has(key)) continue;
    const missing = [documented ? '' : 'a summary', hasExample ? '' : 'an @example'].filter(Boolean);
    problems.set(key, {
      file,
      message: `${name} (exported by ${entry}) needs TSDoc with ${missing.join(' and ')}`,
    });
  }
  return [...problems.values()];
}

/**
 * The naming rule for a package in `dir`: the public trio carries the package's name (its directory name, e.g.
 * `client-secret`). A credential class users construct (one exported as a value) lives in
 * `src/<prefix>…-credential.ts`, or for the class of a `node` or `browser` entry in `src/<prefix>…-credential.node.ts`
 * or `…-credential.browser.ts`,
 * beside its `src/<prefix>…-credential-options.ts`; every test file starts with the prefix. Internal modules may
 * have short names. Core, whose files are all shared machinery, has no trio. `files` are the package's paths,
 * `exports` {@link readEntries}' answer. Returns `{ file, message }` for each break.
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
  const seen = new Set();
  for (const { name, file, isClass, typeOnly } of exports) {
    if (!isClass || typeOnly || !name.endsWith('Credential') || seen.has(`${file}#${name}`)) continue;
    seen.add(`${file}#${name}`);
    const stem = basename(file, '.ts').replace(/\.(node|browser)$/, '');
    if (dirname(file) !== 'src' || !stem.startsWith(`${prefix}-`) || !stem.endsWith('-credential')) {
      problems.push({
        file,
        message: `${name} must live in src/${prefix}-…-credential.ts (a node or browser entry's class in …-credential.node.ts or …-credential.browser.ts)`,
      });
    } else if (!existsSync(join(dir, 'src', `${stem}-options.ts`))) {
      problems.push({ file, message: `${name}'s options belong in src/${stem}-options.ts` });
    }
  }
  return problems;
}

// Files named as what only tests use.
const TEST_HELPER = /(^|-)(test-support|test-helpers?|fixtures?)\.ts$/;

/**
 * The modules under `src/` that are named as test helpers or that no entry point reaches, as `{ file, message }`
 * relative to `dir`; `reached` is {@link readEntries}' answer (without an entry point, only names count). Such a
 * file is used by tests alone, and belongs in `test/` (where no entry can ever ship it), or by nothing, and goes.
 */
export function sourcesOutsideEntries(dir, files, reached) {
  const problems = [];
  for (const path of files) {
    const file = relative(dir, path);
    if (!file.startsWith('src/') || !file.endsWith('.ts') || /\.(test|d)\.ts$/.test(file)) continue;
    if (TEST_HELPER.test(basename(file))) {
      problems.push({ file, message: 'a test helper: move it to test/, where no entry point can ship it' });
    } else if (reached && !reached.has(file)) {
      problems.push({
        file,
        message:
          'no entry point imports this module: move what only tests use to test/, delete what nothing uses',
      });
    }
  }
  return problems;
}
