import {
  chmodSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliUsageError } from './cli-io.js';
import { findSources, isInside, nearestManifest, packageTree, writeInside } from './cli-migrate-files.js';

// The project sits in a folder of its own, which has a package.json too: one the project must never use.
let parent: string;
let root: string;
let outside: string;
const write = (path: string, text = '') => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const relativeFiles = (files: string[]) => files.map((file) => file.slice(root.length + 1));

beforeEach(() => {
  parent = realpathSync(temporaryFolder('migrate-parent'));
  writeFileSync(join(parent, 'package.json'), '{}');
  root = join(parent, 'project');
  mkdirSync(root);
  outside = realpathSync(temporaryFolder('migrate-outside'));
  writeFileSync(join(outside, 'secret.ts'), "import { DefaultAzureCredential } from '@azure/identity';");
});
afterEach(() => {
  rmSync(parent, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('findSources', () => {
  it('walks directories for every source extension, skipping dependencies, build output and hidden folders', () => {
    for (const file of ['a.ts', 'b.tsx', 'c.mts', 'd.cts', 'e.js', 'f.jsx', 'g.mjs', 'h.cjs', 'types.d.ts'])
      write(`src/${file}`);
    for (const file of [
      'README.md',
      'data.json',
      'node_modules/x/index.js',
      'dist/index.js',
      '.next/page.js',
      'src/dist/x.ts',
    ]) {
      write(file);
    }
    expect(relativeFiles(findSources(root, ['.']).files)).toEqual(
      ['a.ts', 'b.tsx', 'c.mts', 'd.cts', 'e.js', 'f.jsx', 'g.mjs', 'h.cjs', 'types.d.ts'].map(
        (file) => `src/${file}`,
      ),
    );
  });

  it('never follows a symbolic link, and lists the ones it met', () => {
    write('src/app.ts');
    symlinkSync(outside, join(root, 'src', 'linked'), 'dir');
    symlinkSync(join(outside, 'secret.ts'), join(root, 'src', 'linked.ts'));
    const found = findSources(root, ['src']);
    expect(relativeFiles(found.files)).toEqual(['src/app.ts']);
    expect(found.links).toEqual(['src/linked', 'src/linked.ts']);
  });

  it('refuses a path outside the project, also through a link', () => {
    symlinkSync(join(outside, 'secret.ts'), join(root, 'link.ts'));
    expect(() => findSources(root, [join(outside, 'secret.ts')])).toThrow(CliUsageError);
    expect(() => findSources(root, ['../'])).toThrow(/is outside the project/);
    expect(() => findSources(root, ['link.ts'])).toThrow(/is outside the project/);
  });

  it('refuses a path into dependencies, build output or .git, even named on purpose', () => {
    for (const file of [
      'node_modules/x/index.js',
      'dist/index.js',
      '.git/hooks/x.js',
      'src/node_modules/y.ts',
    ])
      write(file);
    for (const given of [
      'node_modules',
      'node_modules/x/index.js',
      'dist',
      '.git/hooks/x.js',
      'src/node_modules',
    ])
      expect(() => findSources(root, [given]), given).toThrow(/is inside node_modules, dist or \.git/);
  });

  it('refuses a path that does not exist or is not a source file', () => {
    write('notes.md');
    expect(() => findSources(root, ['missing'])).toThrow(/missing: no such file or directory/);
    expect(() => findSources(root, ['notes.md'])).toThrow(/is not a source file/);
  });
});

describe('the package.json of a file', () => {
  it('is the nearest one, never one above the project', () => {
    write('package.json', '{}');
    write('packages/api/package.json', '{}');
    write('packages/api/src/index.ts');
    write('tools/script.ts');
    expect(nearestManifest(root, join(root, 'packages/api/src/index.ts'))).toBe(
      join(root, 'packages/api/package.json'),
    );
    expect(nearestManifest(root, join(root, 'tools/script.ts'))).toBe(join(root, 'package.json'));
    rmSync(join(root, 'package.json'));
    expect(nearestManifest(root, join(root, 'tools/script.ts'))).toBeUndefined();
  });

  it("has the package's files, without those of nested packages", () => {
    write('package.json', '{}');
    write('src/a.ts');
    write('src/b.vue');
    write('packages/api/package.json', '{}');
    write('packages/api/src/index.ts');
    expect(relativeFiles(packageTree(root).files)).toEqual(['src/a.ts']);
    expect(relativeFiles(packageTree(root, ['.ts', '.vue']).files)).toEqual(['src/a.ts', 'src/b.vue']);
  });
});

describe('writeInside', () => {
  it('replaces a file of the project', () => {
    write('src/a.ts', 'old');
    writeInside(root, join(root, 'src/a.ts'), 'new');
    expect(readFileSync(join(root, 'src/a.ts'), 'utf8')).toBe('new');
  });

  it('never truncates the file in place: the new content is written beside it and renamed over it', () => {
    write('src/a.ts', 'old');
    // A second name for the old file sees the old content whole: the file was replaced, not rewritten.
    linkSync(join(root, 'src/a.ts'), join(root, 'old-a.ts'));
    writeInside(root, join(root, 'src/a.ts'), 'new');
    expect(readFileSync(join(root, 'src/a.ts'), 'utf8')).toBe('new');
    expect(readFileSync(join(root, 'old-a.ts'), 'utf8')).toBe('old');
    expect(readdirSync(join(root, 'src'))).toEqual(['a.ts']);
  });

  it('keeps the mode of the file it replaces', () => {
    write('src/a.ts', 'old');
    chmodSync(join(root, 'src/a.ts'), 0o640);
    writeInside(root, join(root, 'src/a.ts'), 'new');
    expect(statSync(join(root, 'src/a.ts')).mode & 0o7777).toBe(0o640);
  });

  it('refuses to write through a link or outside the project', () => {
    symlinkSync(join(outside, 'secret.ts'), join(root, 'link.ts'));
    expect(() => writeInside(root, join(root, 'link.ts'), 'x')).toThrow();
    expect(() => writeInside(root, join(outside, 'secret.ts'), 'x')).toThrow(/outside the project/);
    symlinkSync(outside, join(root, 'dir-link'), 'dir');
    expect(() => writeInside(root, join(root, 'dir-link', 'secret.ts'), 'x')).toThrow(/outside the project/);
    expect(readFileSync(join(outside, 'secret.ts'), 'utf8')).toMatch(/^import/);
  });

  it('knows what is inside', () => {
    expect(isInside('/work/app', '/work/app')).toBe(true);
    expect(isInside('/work/app', '/work/app/src/a.ts')).toBe(true);
    expect(isInside('/work/app', '/work/app-other/a.ts')).toBe(false);
    expect(isInside('/work/app', '/work')).toBe(false);
    expect(isInside('/work/app', '/work/app/..foo')).toBe(true);
  });
});
