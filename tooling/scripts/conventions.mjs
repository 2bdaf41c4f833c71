// The shape every @identity package must have, as pure checks: `checkPackage(dir)` lists what is wrong.
// Each rule has a stable id so the tests can show that every one of them can fail.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import ts from 'typescript';
import {
  namingProblems,
  readEntries,
  sourcesOutsideEntries,
  undocumentedExports,
} from './conventions-exports.mjs';
import {
  projectLinks,
  README_HEADINGS,
  TSCONFIG_EXTENDS,
  TSUP_CONFIG,
  VITEST_CONFIG,
} from './package-templates.mjs';

const REQUIRED_SCRIPTS = ['build', 'typecheck', 'test', 'check:package'];
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
// The peer we replace and the libraries the design rules out (MSAL is what we avoid by speaking the protocol).
const FORBIDDEN_DEPENDENCY = /^(@azure\/identity|@azure\/msal-.*|msal|axios|uuid|jsonwebtoken)$/;
// The one exception: the persistent cache proves in its tests that the peer reads its files and it reads the peer's,
// so it installs the peer and its cache plugin for its tests (never at run time).
const PEER_INTEROP_TEST_DEPENDENCIES = {
  '@identity/cache-persistence': ['@azure/identity', '@azure/identity-cache-persistence'],
};
const KEBAB_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
// Directories that test tools name themselves.
const TOOL_DIRECTORIES = new Set(['__snapshots__']);
// The one allowed difference from the canonical tsup config: a list (or map) of string entry points.
// An entry override, and optionally the entries whose modules are built once into dist/shared.js (tsup.preset.mjs).
const TSUP_ENTRY_OVERRIDE =
  /libraryConfig\(\{\s*entry:\s*(?:\[[\s\w'"./,-]*\]|\{[\s\w'"./,:-]*\})\s*,?\s*(?:shared:\s*\[[\s\w'"./,-]*\]\s*,?\s*)?\}\)/;

/**
 * The error family every credential package re-exports from `@identity/core`, so that whatever a credential's
 * `getToken` throws can be caught by name from the package it came from (as `@azure/identity` exports them).
 * Exactly these: a package that drops one or adds another member of the family breaks `error-exports`.
 */
export const ERROR_EXPORTS = [
  'AbortError',
  'AggregateAuthenticationError',
  'AggregateAuthenticationErrorName',
  'AnyIdentityError',
  'AuthenticationError',
  'AuthenticationErrorName',
  'AuthenticationRequiredError',
  'AuthenticationRequiredErrorOptions',
  'CredentialUnavailableError',
  'CredentialUnavailableErrorName',
  'ErrorResponse',
  'IdentityErrorCode',
  'InvalidArgumentError',
  'isIdentityError',
  'NetworkError',
];
// What counts as a member of the error family when a package exports it from core.
const ERROR_FAMILY = /Error(Name|Code|Options|Response)?$|^isIdentityError$/;
// Source files whose dynamic imports are checked.
const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;
// Comments that tell a bundler to leave an import for run time.
const BUNDLER_IGNORE = /webpackIgnore|@vite-ignore/;

const normalize = (text) => text.replace(/\r\n/g, '\n').trim();
// Code compared as the formatter may lay it out: whitespace and trailing commas do not count.
const layoutFree = (text) => text.replace(/\s+/g, '').replace(/,(?=[)\]}])/g, '');

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function walk(dir, skip = new Set(['node_modules', 'dist'])) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skip.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? [path, ...walk(path, skip)] : [path];
  });
}

// Every name `file` exports, following `export * from './local.js'`: `{ fromCore, all }`, where `fromCore` are the
// names re-exported from @identity/core (types included) and `all` every exported name.
function exportedNames(file, seen = new Set()) {
  const names = { fromCore: [], all: [] };
  if (seen.has(file) || !existsSync(file)) return names;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const [, list, from] of text.matchAll(
    /export\s+(?:type\s+)?\{([^}]*)\}\s*(?:from\s*['"]([^'"]+)['"])?/g,
  )) {
    const listed = list
      .split(',')
      .map((entry) =>
        entry
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)
          .at(-1),
      )
      .filter(Boolean);
    names.all.push(...listed);
    if (from === '@identity/core') names.fromCore.push(...listed);
  }
  for (const [, name] of text.matchAll(/export\s+(?:abstract\s+)?(?:class|function|const)\s+(\w+)/g))
    names.all.push(name);
  for (const [, local] of text.matchAll(/export\s*\*\s*from\s*['"](\.[^'"]+)['"]/g)) {
    const inner = exportedNames(join(dirname(file), local.replace(/\.js$/, '.ts')), seen);
    names.fromCore.push(...inner.fromCore);
    names.all.push(...inner.all);
  }
  return names;
}

function checkErrorExports(dir, pkg, report) {
  // Core defines the family; a package that is not built on core or exports no credential (the CLI, the
  // emulator) has nothing of it to throw.
  if (pkg.name === '@identity/core' || !pkg.dependencies?.['@identity/core']) return;
  const { fromCore, all } = exportedNames(join(dir, 'src', 'index.ts'));
  if (!all.some((name) => /Credential$/.test(name))) return;
  const family = new Set(fromCore.filter((name) => ERROR_FAMILY.test(name)));
  const missing = ERROR_EXPORTS.filter((name) => !family.has(name));
  const extra = [...family].filter((name) => !ERROR_EXPORTS.includes(name));
  if (missing.length || extra.length) {
    report(
      'error-exports',
      `src/index.ts must re-export exactly the error family from @identity/core${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; not in the family list: ${extra.join(', ')}` : ''}`,
    );
  }
}

// `repository`, `homepage` and `bugs` point at the repository the root package.json names, the same way in every
// package (see projectLinks): npm shows them, and a user who finds a bug knows where to report it.
function checkLinks(pkg, rootPackage, directory, report) {
  const expected = projectLinks(rootPackage ?? {}, directory);
  if (!expected) {
    report('repository-links', 'the root package.json must name the repository (repository.url)');
    return;
  }
  for (const [field, value] of Object.entries(expected)) {
    if (!isDeepStrictEqual(pkg[field], value)) {
      report('repository-links', `${field} must be ${JSON.stringify(value)}`);
    }
  }
}

function checkConditions(conditions) {
  if (!conditions || typeof conditions !== 'object') return false;
  const keys = Object.keys(conditions);
  return keys[0] === 'types' && keys.at(-1) === 'default';
}

function checkManifest(pkg, report) {
  if (pkg.type !== 'module') report('type-module', 'type must be "module"');
  if (pkg.sideEffects !== false) report('side-effects', 'sideEffects must be false');
  const main = pkg.exports?.['.'];
  if (!main || typeof main !== 'object' || !main.import || !main.require) {
    report('exports-dot', 'exports["."] must have "import" and "require" conditions');
  } else if (!checkConditions(main.import) || !checkConditions(main.require)) {
    report('exports-order', 'exports["."].import and .require must list "types" first and "default" last');
  }
  if (pkg.exports?.['./package.json'] !== './package.json') {
    report('exports-package-json', 'exports must include "./package.json": "./package.json"');
  }
  const files = Array.isArray(pkg.files) ? pkg.files : undefined;
  if (!files?.some((entry) => /^(\.\/)?dist\/?$/.test(entry))) {
    report('files-dist', 'files must be an allowlist that includes "dist"');
  }
  if (files?.some((entry) => /^(\.\/)?(src|test)(\/|$)/.test(entry))) {
    report('files-no-sources', 'files must not publish src or test');
  }
  if (pkg.engines?.node !== '>=20') report('engines-node', 'engines.node must be ">=20"');
  if (!pkg.private && pkg.publishConfig?.access !== 'public') {
    report('publish-access', 'publishConfig.access must be "public"');
  }
  if (pkg.license !== 'MIT') report('license', 'license must be "MIT"');
  if (typeof pkg.version !== 'string' || !/^\d+\.\d+\.\d+/.test(pkg.version)) {
    report('version', 'version must be a semver version');
  }
  if (typeof pkg.description !== 'string' || !pkg.description.trim()) {
    report('description', 'description must not be empty');
  }
  for (const script of REQUIRED_SCRIPTS) {
    if (!pkg.scripts?.[script]) report('scripts', `scripts.${script} is missing`);
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (name.startsWith('@identity/') && range !== 'workspace:*') {
        report('workspace-protocol', `${field}.${name} must be "workspace:*"`);
      }
      const interopTest =
        field === 'devDependencies' && PEER_INTEROP_TEST_DEPENDENCIES[pkg.name]?.includes(name);
      if (FORBIDDEN_DEPENDENCY.test(name) && !interopTest) {
        report('forbidden-dependency', `${field}.${name} is not allowed`);
      }
    }
  }
}

/**
 * Every `import()` in `text` that a bundler cannot follow: an argument that is not a string literal (a variable
 * specifier, left for run time), or one marked for the bundler to skip. A bundled app has no node_modules to
 * find such a module in at run time; Node-only code is chosen by export conditions instead. Returns
 * `{ line, reason }` for each.
 *
 * @example
 * ```js
 * unbundledImports("const name = 'node:fs'; await import(name);"); // [{ line: 1, reason: 'its specifier is not a string literal' }]
 * ```
 */
export function unbundledImports(text, fileName = 'file.ts') {
  const found = [];
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      if (!argument || !(ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument))) {
        found.push({ line, reason: 'its specifier is not a string literal' });
      } else if (BUNDLER_IGNORE.test(text.slice(argument.pos, argument.getStart()))) {
        found.push({ line, reason: 'a comment tells bundlers to skip it' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function mentionsPackage(changeset, name) {
  const frontMatter = /^---\n([\s\S]*?)\n---/.exec(changeset.replace(/\r\n/g, '\n'))?.[1] ?? '';
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return frontMatter.split('\n').some((line) => new RegExp(`^\\s*["']?${quoted}["']?\\s*:`).test(line));
}

/** The bodies of the pending changesets under `<repoRoot>/.changeset`. */
export function readChangesets(repoRoot) {
  const dir = join(repoRoot, '.changeset');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => readFileSync(join(dir, file), 'utf8'));
}

/**
 * Every convention the package in `dir` breaks, as `{ file, rule, message }` with `file` relative to
 * `repoRoot`. `changesets` are the pending changeset bodies (see readChangesets).
 */
export function checkPackage(
  dir,
  { repoRoot = join(dir, '..', '..'), changesets = readChangesets(repoRoot) } = {},
) {
  const violations = [];
  const reporter = (file) => (rule, message) =>
    violations.push({ file: relative(repoRoot, join(dir, file)) || file, rule, message });
  const read = (file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);

  const pkg = readJson(join(dir, 'package.json'));
  if (!pkg) {
    reporter('package.json')('package-json', 'package.json is missing or not valid JSON');
    return violations;
  }
  checkManifest(pkg, reporter('package.json'));
  checkLinks(
    pkg,
    readJson(join(repoRoot, 'package.json')),
    relative(repoRoot, dir).split(sep).join('/'),
    reporter('package.json'),
  );

  const readmeText = read('README.md');
  if (readmeText === undefined) reporter('README.md')('readme', 'README.md is missing');
  for (const heading of readmeText === undefined ? [] : README_HEADINGS) {
    if (!readmeText.split('\n').some((line) => line.trim() === heading)) {
      reporter('README.md')('readme-headings', `README.md needs the heading "${heading}"`);
    }
  }

  if (!existsSync(join(dir, 'src', 'index.ts')))
    reporter('src/index.ts')('src-index', 'src/index.ts is missing');
  else checkErrorExports(dir, pkg, reporter('src/index.ts'));

  if (readJson(join(dir, 'tsconfig.json'))?.extends !== TSCONFIG_EXTENDS) {
    reporter('tsconfig.json')('tsconfig', `tsconfig.json must extend "${TSCONFIG_EXTENDS}"`);
  }

  const tsup = read('tsup.config.ts');
  if (
    tsup === undefined ||
    layoutFree(tsup.replace(TSUP_ENTRY_OVERRIDE, 'libraryConfig()')) !== layoutFree(TSUP_CONFIG)
  ) {
    reporter('tsup.config.ts')(
      'tsup-config',
      'tsup.config.ts must be the canonical one (only an entry override)',
    );
  }
  const vitest = read('vitest.config.ts');
  if (vitest === undefined || normalize(vitest) !== normalize(VITEST_CONFIG)) {
    reporter('vitest.config.ts')('vitest-config', 'vitest.config.ts must be the canonical one');
  }

  const files = walk(dir);
  if (!files.some((file) => file.endsWith('.test.ts'))) reporter('.')('tests', 'no *.test.ts file');

  for (const path of walk(join(dir, 'src'), new Set())) {
    const name = basename(path);
    if (!TOOL_DIRECTORIES.has(name) && !KEBAB_NAME.test(name)) {
      reporter(relative(dir, path))('kebab-case', `"${name}" is not kebab-case`);
    }
  }

  // What the entry points export and reach: TSDoc on every export, the named trio, no test helper in src/.
  const { exports, reached } = readEntries(dir);
  const sourceFiles = files.filter((path) => path.endsWith('.ts'));
  for (const { file, message } of undocumentedExports(exports)) reporter(file)('tsdoc', message);
  for (const { file, message } of namingProblems(dir, sourceFiles, exports)) {
    reporter(file)('file-naming', message);
  }
  for (const { file, message } of sourcesOutsideEntries(dir, sourceFiles, reached)) {
    reporter(file)('test-helpers', message);
  }

  // Sources and tests alike: a test that imports by a variable would hide the same problem.
  for (const path of [...walk(join(dir, 'src')), ...walk(join(dir, 'test'))].filter((p) =>
    SOURCE_FILE.test(p),
  )) {
    for (const { line, reason } of unbundledImports(readFileSync(path, 'utf8'), path)) {
      reporter(relative(dir, path))(
        'import-literal',
        `import() at line ${line}: ${reason}, so a bundled app cannot find the module at run time. Import a string literal; choose Node-only code with the node export condition.`,
      );
    }
  }

  // A released package's changesets are consumed into its CHANGELOG, so that counts as well.
  if (!pkg.private && !existsSync(join(dir, 'CHANGELOG.md'))) {
    if (!changesets.some((changeset) => mentionsPackage(changeset, pkg.name))) {
      reporter('.')('changeset', `no .changeset/*.md mentions ${pkg.name}`);
    }
  }
  return violations;
}
