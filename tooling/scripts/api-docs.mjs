#!/usr/bin/env node
// The API reference: one TypeDoc site for every public entry of every published package, written to docs/api
// (git-ignored). Any warning fails it: an export without a doc comment, a `{@link}` that leads nowhere, a type
// that a signature names but no entry exports.
// Usage: node tooling/scripts/api-docs.mjs [--json] (--json writes docs/api/api.json instead of the site: faster,
// the same checks)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Application, Converter, LogLevel, ReflectionKind } from 'typedoc';
import { publicEntries, sourcePaths } from './api-docs-entries.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const packagesDir = join(root, 'packages');
const out = join(root, 'docs', 'api');
const entries = publicEntries(packagesDir);
// Source links from the repository URL every package.json shares (the root's), not from whatever git remote the
// checkout has (a fresh clone's is a local path, and TypeDoc warns that it cannot link to it).
const repository = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).repository.url;
const web = repository.replace(/^git\+/, '').replace(/\.git$/, '');

const app = await Application.bootstrapWithPlugins({
  name: '@identity',
  entryPoints: entries.map((entry) => entry.source),
  entryPointStrategy: 'resolve',
  tsconfig: join(root, 'tooling', 'tsconfig.api-docs.json'),
  compilerOptions: { paths: sourcePaths(packagesDir), noEmit: true },
  // The packages type-check themselves (pnpm typecheck); the reference only reads them.
  skipErrorChecking: true,
  readme: join(root, 'README.md'),
  out,
  excludeInternal: true,
  excludePrivate: true,
  excludeExternals: true,
  sort: ['kind', 'alphabetical'],
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true },
  // What "documented" means for notDocumented: everything a user reads on a page of its own or in signature help.
  requiredToBeDocumented: [
    'Enum',
    'EnumMember',
    'Variable',
    'Function',
    'Class',
    'Interface',
    'Property',
    'Method',
    'Accessor',
    'TypeAlias',
    'Constructor',
  ],
  packagesRequiringDocumentation: [...new Set(entries.map((entry) => entry.packageName))],
  logLevel: LogLevel.Warn,
  githubPages: false,
  disableGit: true,
  basePath: packagesDir,
  gitRevision: 'main',
  sourceLinkTemplate: `${web}/blob/{gitRevision}/packages/{path}#L{line}`,
});

// Modules take the name a user imports them by, not their path under packages/.
const nameOf = new Map(
  entries.map((entry) => [
    resolve(entry.source),
    entry.condition ? `${entry.specifier} (${entry.condition})` : entry.specifier,
  ]),
);
app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
  if (!reflection.kindOf(ReflectionKind.Module)) return;
  const file = context.project.getSymbolIdFromReflection(reflection)?.fileName;
  const name = file && nameOf.get(resolve(file));
  if (name) reflection.name = name;
});

const started = performance.now();
const project = await app.convert();
if (!project) process.exit(1);
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
if (process.argv.includes('--json')) await app.generateJson(project, join(out, 'api.json'));
else await app.generateDocs(project, out);
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `API reference: ${entries.length} entries of ${new Set(entries.map((e) => e.packageName)).size} packages in ${seconds} s → ${out}`,
);
