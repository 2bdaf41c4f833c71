// temporaryFolder: a 0700 folder that is gone when its test finishes (passed or failed), or, made outside a test,
// after the file's last test. The tests run in order: each later test looks at what an earlier one left.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from './test-temporary-folder.ts';

const atModuleLevel = temporaryFolder('temporary-folder-module');
let inTest;
let inFailedTest;
let inBeforeEach;

describe('temporaryFolder', () => {
  beforeEach(() => {
    inBeforeEach ??= temporaryFolder('temporary-folder-before-each');
  });

  it('makes an empty folder only its owner can enter, under the temporary folder, named after the prefix', () => {
    inTest = temporaryFolder('temporary-folder-test');
    writeFileSync(join(inTest, 'key.pem'), 'not a key', { mode: 0o600 });
    expect(dirname(inTest)).toBe(tmpdir());
    expect(basename(inTest)).toMatch(/^temporary-folder-test-\w{6}$/);
    expect(statSync(inTest).mode & 0o777).toBe(0o700);
  });

  it.fails('removes it also when the test fails', () => {
    inFailedTest = temporaryFolder('temporary-folder-failed');
    throw new Error('this test fails on purpose');
  });

  it('removed the folders of the tests that finished, those made in beforeEach included', () => {
    expect(existsSync(inTest)).toBe(false);
    expect(existsSync(inFailedTest)).toBe(false);
    expect(inBeforeEach).toBeDefined();
    expect(existsSync(inBeforeEach)).toBe(false);
  });

  it('keeps a folder made outside a test until the file ends', () => {
    expect(existsSync(atModuleLevel)).toBe(true);
  });

  it('refuses a prefix that is not letters, digits and dashes', () => {
    expect(() => temporaryFolder('../escape')).toThrow(TypeError);
    expect(() => temporaryFolder('a/b')).toThrow(TypeError);
    expect(() => temporaryFolder('')).toThrow(TypeError);
  });
});

// The setup file's hook runs after this one: the folder is still there for the file's own clean-up.
afterAll(() => {
  expect(existsSync(atModuleLevel)).toBe(true);
});
