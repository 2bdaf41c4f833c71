// Every `ts` code block of the docs compiles against the real @identity packages: the scenario pages under docs/,
// the root README and each package's README. Each block becomes a module of one scratch project, `identity migrate`
// moves the migration page's "before" code, and one tsc run (strict) checks them all.
// A block may use `tenantId`, `clientId` and `clientSecret` as the reader's own values (declared as strings, see
// PLACEHOLDERS); anything else it names it imports or defines. A block that is deliberately a fragment is marked
// ```ts fragment: it is counted here (so none is skipped silently), never compiled.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigratedSamples } from './cli-migrate-typecheck.js';
import { migrateAndTypecheck } from './cli-migrate-typecheck.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// A `ts` block, its info string's rest (`fragment` or nothing) and its code.
const CODE_BLOCK = /^```ts( [^\n]*)?\n([\s\S]*?)^```$/gm;

// The values a reader puts in themselves: a block may use them without defining them.
const PLACEHOLDERS =
  'declare const tenantId: string;\ndeclare const clientId: string;\ndeclare const clientSecret: string;\n';

/** The pages whose code is checked, as paths from the repository's root. */
function pages(): string[] {
  const scenarios = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const readmes = readdirSync(join(root, 'packages'))
    .map((name) => `packages/${name}/README.md`)
    .filter((path) => existsSync(join(root, path)));
  return ['README.md', ...scenarios, ...readmes];
}

/** A page's `ts` blocks: the code to compile, and how many are marked as fragments. */
interface PageCode {
  codes: string[];
  fragments: number;
}

function codeBlocks(): Map<string, PageCode> {
  return new Map(
    pages().map((page) => {
      const blocks = [...readFileSync(join(root, page), 'utf8').matchAll(CODE_BLOCK)];
      const unknown = blocks
        .map((m) => m[1]?.trim())
        .filter((info) => info !== undefined && info !== 'fragment');
      if (unknown.length > 0) throw new Error(`${page}: unknown ts block marks ${unknown.join(', ')}`);
      return [
        page,
        {
          codes: blocks.filter((m) => m[1] === undefined).map((m) => m[2] ?? ''),
          fragments: blocks.filter((m) => m[1] !== undefined).length,
        },
      ];
    }),
  );
}

describe('the code of the docs and READMEs', () => {
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
        dependencies: {
          '@azure/identity': '^4.13.0',
          '@azure/keyvault-secrets': '*',
          '@identity/emulator': '*',
          vitest: '*',
        },
      }),
    );
    writeFileSync(join(project, 'src', 'placeholders.d.ts'), PLACEHOLDERS);
    for (const [page, { codes }] of blocks) {
      // docs/local-development.md's second block → src/docs-local-development-2.ts
      const name = page.replace(/\.md$/, '').replaceAll('/', '-');
      codes.forEach((code, index) => {
        writeFileSync(join(project, 'src', `${name}-${index + 1}.ts`), `${code}export {};\n`);
      });
    }
    result = await migrateAndTypecheck(project);
  }, 120_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('every scenario page has code to check', () => {
    const scenarios = [...blocks.keys()].filter(
      (page) => page.startsWith('docs/') && page !== 'docs/README.md',
    );
    expect(scenarios).toHaveLength(8);
    for (const page of scenarios) expect(blocks.get(page)?.codes.length, page).toBeGreaterThan(0);
  });

  it('the READMEs are checked too, fragments aside', () => {
    const readmes = [...blocks].filter(([page]) => page.endsWith('README.md'));
    const compiled = readmes.reduce((sum, [, page]) => sum + page.codes.length, 0);
    const fragments = readmes.reduce((sum, [, page]) => sum + page.fragments, 0);
    expect(blocks.get('packages/emulator/README.md')?.codes.length).toBeGreaterThan(10);
    expect(compiled).toBeGreaterThan(50);
    // A fragment is the exception: most of a README's code is a program a user can copy whole.
    expect(fragments).toBeLessThan(compiled / 10);
  });

  it('compiles: tsc --noEmit (strict) finds no error', () => {
    expect(result.migrate.report.todo).toEqual([]);
    expect(result.typecheck.output).toBe('');
    expect(result.typecheck.code).toBe(0);
  });
});
