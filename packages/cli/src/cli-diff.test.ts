import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './cli-diff.js';

// Applies a unified diff to `before`, as patch(1) would: the test's own reader of the format.
function applyDiff(before: string, diff: string): string {
  const old = before.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const out: string[] = [];
  let next = 0;
  const lines = diff.split('\n').slice(2, -1);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const header = /^@@ -(\d+)(?:,(\d+))? /.exec(line);
    if (header) {
      const start = Number(header[1]) - (header[2] === '0' ? 0 : 1);
      while (next < start) out.push(old[next++] as string);
      continue;
    }
    const ending = lines[index + 1] === '\\ No newline at end of file' ? '' : '\n';
    if (line.startsWith('\\')) continue;
    if (line.startsWith('+')) out.push(line.slice(1) + ending);
    else {
      expect((old[next] as string).replace(/\n$/, '')).toBe(line.slice(1));
      if (line.startsWith(' ')) out.push(line.slice(1) + ending);
      next++;
    }
  }
  while (next < old.length) out.push(old[next++] as string);
  return out.join('');
}

describe('unifiedDiff', () => {
  it('prints a hunk with three lines of context', () => {
    const before = ['// app', "import { X } from '@azure/identity';", 'a', 'b', 'c', 'd', ''].join('\n');
    const after = before.replace('@azure/identity', '@identity/core');
    expect(unifiedDiff('src/app.ts', before, after)).toBe(
      [
        '--- a/src/app.ts',
        '+++ b/src/app.ts',
        '@@ -1,5 +1,5 @@',
        ' // app',
        "-import { X } from '@azure/identity';",
        "+import { X } from '@identity/core';",
        ' a',
        ' b',
        ' c',
        '',
      ].join('\n'),
    );
  });

  it('is empty when nothing changes', () => {
    expect(unifiedDiff('a.ts', 'same\n', 'same\n')).toBe('');
  });

  it('marks a missing final newline, and ranges of empty files', () => {
    expect(unifiedDiff('a.ts', '', 'one')).toBe(
      '--- a/a.ts\n+++ b/a.ts\n@@ -0,0 +1 @@\n+one\n\\ No newline at end of file\n',
    );
  });

  it('separates far-apart changes into hunks and styles each line by kind', () => {
    const before = Array.from({ length: 30 }, (_, index) => `line ${index}`).join('\n');
    const after = before.replace('line 2\n', 'line two\n').replace('line 25\n', 'line twenty-five\n');
    const diff = unifiedDiff('a.ts', before, after, (line, kind) => `<${kind}>${line}`);
    expect(diff.match(/^<@>@@ .*$/gm)).toEqual(['<@>@@ -1,6 +1,6 @@', '<@>@@ -23,7 +23,7 @@']);
    expect(diff).toContain('<->-line 25\n<+>+line twenty-five\n');
    expect(diff.startsWith('<header>--- a/a.ts\n<header>+++ b/a.ts\n')).toBe(true);
  });

  it('always describes the change exactly (checked by applying it, on random texts)', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const text = () =>
      Array.from({ length: Math.floor(random() * 25) }, () => 'abcde'[Math.floor(random() * 5)]).join('\n') +
      (random() < 0.7 ? '\n' : '');
    for (let round = 0; round < 200; round++) {
      const before = text();
      const after = random() < 0.5 ? text() : before.replace(/b/g, 'x');
      const diff = unifiedDiff('f.txt', before, after);
      expect(diff === '' ? before : applyDiff(before, diff)).toBe(after);
    }
  });
});
