// Every `ts` code block of the scenario pages under docs/ compiles against the real @identity packages: each block
// becomes a module of a scratch project, `identity migrate` moves the migration page's "before" code, and tsc
// (strict) checks them all.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigratedSamples } from './cli-migrate-typecheck.js';
import { migrateAndTypecheck } from './cli-migrate-typecheck.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs');
const CODE_BLOCK = /^```ts\n([\s\S]*?)^```$/gm;

/** The `ts` blocks of each page, by page file name. */
function codeBlocks(): Map<string, string[]> {
  const pages = readdirSync(docs).filter((name) => name.endsWith('.md'));
  return new Map(
    pages.map((page) => [
      page,
      [...readFileSync(join(docs, page), 'utf8').matchAll(CODE_BLOCK)].map((m) => m[1] ?? ''),
    ]),
  );
}

describe('the code of the scenario pages', () => {
  const blocks = codeBlocks();
  let project: string;
  let result: MigratedSamples;
  beforeAll(async () => {
    project = temporaryFolder('identity-docs-snippets');
    mkdirSync(join(project, 'src'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'docs-snippets',
        private: true,
        type: 'module',
        dependencies: { '@azure/identity': '^4.13.0', '@identity/emulator': '*' },
      }),
    );
    for (const [page, codes] of blocks) {
      codes.forEach((code, index) => {
        writeFileSync(
          join(project, 'src', `${page.replace(/\.md$/, '')}-${index + 1}.ts`),
          `${code}export {};\n`,
        );
      });
    }
    result = await migrateAndTypecheck(project);
  }, 120_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('every scenario page has code to check', () => {
    const scenarios = [...blocks.keys()].filter((page) => page !== 'README.md');
    expect(scenarios).toHaveLength(8);
    for (const page of scenarios) expect(blocks.get(page)?.length, page).toBeGreaterThan(0);
  });

  it('compiles: tsc --noEmit (strict) finds no error', () => {
    expect(result.migrate.report.todo).toEqual([]);
    expect(result.typecheck.output).toBe('');
    expect(result.typecheck.code).toBe(0);
  });
});
