import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileChange, Migration } from './cli-migrate.js';
import { applyMigration } from './cli-migrate.js';
import { writeInside } from './cli-migrate-files.js';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const change = (file: string, before: string, after: string): FileChange => ({
  file,
  path: join(root, file),
  before,
  after,
  summary: '',
});
const migration = (changes: FileChange[]): Migration => ({ changes, findings: [], scanned: 0, links: [] });

beforeEach(() => {
  root = realpathSync(temporaryFolder('migrate-apply'));
  write('package.json', 'old manifest');
  write('src/a.ts', 'old a');
  write('src/b.ts', 'old b');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('applyMigration', () => {
  it('writes nothing when a file changed since it was read, and names it', () => {
    write('src/b.ts', 'edited meanwhile');
    expect(() =>
      applyMigration(
        root,
        migration([change('src/a.ts', 'old a', 'new a'), change('src/b.ts', 'old b', 'new b')]),
      ),
    ).toThrow(/src\/b\.ts changed since it was read.*nothing was written/);
    expect(read('src/a.ts')).toBe('old a');
    expect(read('src/b.ts')).toBe('edited meanwhile');
  });

  it('writes package.json files first, so that a run after a failure still knows what they need', () => {
    const order: string[] = [];
    applyMigration(
      root,
      migration([
        change('src/a.ts', 'old a', 'new a'),
        change('package.json', 'old manifest', 'new manifest'),
      ]),
      (_root, path, text) => {
        order.push(path.slice(root.length + 1));
        writeInside(root, path, text);
      },
    );
    expect(order).toEqual(['package.json', 'src/a.ts']);
    expect(read('package.json')).toBe('new manifest');
  });

  it('says which files were written and which were not when a write fails midway', () => {
    expect(() =>
      applyMigration(
        root,
        migration([
          change('package.json', 'old manifest', 'new manifest'),
          change('src/a.ts', 'old a', 'new a'),
          change('src/b.ts', 'old b', 'new b'),
        ]),
        (_root, path, text) => {
          if (path.endsWith('a.ts')) throw new Error('EIO: i/o error');
          writeInside(root, path, text);
        },
      ),
    ).toThrow(
      'could not write src/a.ts (EIO: i/o error); written: package.json; not written: src/a.ts, src/b.ts (each file is whole, old or new: run identity migrate again to finish)',
    );
    expect(read('package.json')).toBe('new manifest');
    expect(read('src/a.ts')).toBe('old a');
  });
});
