// Every pointer into the troubleshooting guide resolves: the anchors code passes to troubleshooting() (literally,
// as an `anchor` option or an `ANCHOR` constant, or as the fixed anchor of Entra's codes), and every link in TSDoc
// and the READMEs. Anchors built from other values at run time are checked on the messages themselves, by the
// error-message test of the default package.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUIDE_PATH, guideAnchors, headingAnchor, messageProblems } from '@identity/tooling/test-guide';
import { describe, expect, it } from 'vitest';
import { troubleshooting } from './errors.js';

const root = join(import.meta.dirname, '..', '..', '..');
const anchors = guideAnchors();

function files(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path, keep) : keep(entry.name) ? [path] : [];
  });
}

/** The anchors a source file points at: troubleshooting('x'), `anchor: 'x'`, `ANCHOR = 'x'`, and links. */
function anchorsNamedIn(text: string): string[] {
  const named: string[] = [];
  // The expression after troubleshooting( or an anchor, up to the end of its line: its string literals.
  for (const [, expression] of text.matchAll(
    /(?:troubleshooting\(|\banchor\b\s*(?::|=|\?\?)|\bANCHOR\s*=)([^;\n]*)/g,
  )) {
    for (const [, literal] of (expression as string).matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)*)'/g)) {
      named.push(literal as string);
    }
  }
  for (const [, link] of text.matchAll(/TROUBLESHOOTING\.md#([\w-]+)/g)) named.push(link as string);
  return named;
}

const sources = files(
  join(root, 'packages'),
  (name) => /\.ts$/.test(name) && !/\.test\.ts$|test-support/.test(name),
);
const documents = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'packages')).map((pkg) => join(root, 'packages', pkg, 'README.md')),
].filter(existsSync);

describe('the troubleshooting guide', () => {
  it('has a heading for every anchor the code points at', () => {
    const unresolved = sources.flatMap((file) =>
      anchorsNamedIn(readFileSync(file, 'utf8'))
        .filter((anchor) => !anchors.has(anchor))
        .map((anchor) => `${file.slice(root.length + 1)}: #${anchor}`),
    );
    expect(unresolved).toEqual([]);
  });

  it('has a heading for every anchor the READMEs and the guide itself link to', () => {
    const guide = readFileSync(GUIDE_PATH, 'utf8');
    const links = [
      ...documents.flatMap((file) => anchorsNamedIn(readFileSync(file, 'utf8'))),
      ...[...guide.matchAll(/\]\(#([\w-]+)\)/g)].map(([, anchor]) => anchor as string),
    ];
    expect(links.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });

  it('has each heading once: a pointer to a repeated one lands on its first', () => {
    const headings = [...readFileSync(GUIDE_PATH, 'utf8').matchAll(/^#+ (.+)$/gm)].map(([, text]) =>
      headingAnchor(text as string),
    );
    expect(headings.filter((anchor, index) => headings.indexOf(anchor) !== index)).toEqual([]);
  });

  it('is read, and would catch an anchor it lacks', () => {
    // The scan finds what it should: the anchors of the core errors, and the fixed one of Entra's codes.
    const named = new Set(sources.flatMap((file) => anchorsNamedIn(readFileSync(file, 'utf8'))));
    for (const anchor of ['authentication-failed', 'tenant-id', 'network', 'entra-error-codes']) {
      expect(named.has(anchor), anchor).toBe(true);
    }
    expect(anchorsNamedIn("throw new X('bad. ' + troubleshooting('no-such-section'));")).toEqual([
      'no-such-section',
    ]);
    expect(anchors.has('no-such-section')).toBe(false);
    expect(headingAnchor('Entra error codes')).toBe('entra-error-codes');
  });

  it('judges a message by its pointers and sentences', () => {
    expect(messageProblems(`X failed. ${troubleshooting('network')}`, anchors)).toEqual([]);
    expect(
      messageProblems(`X timed out after 10 ms.. Check. ${troubleshooting('network')}`, anchors),
    ).toHaveLength(1);
    expect(
      messageProblems(`X. ${troubleshooting('tenant-id')} Y. ${troubleshooting('multi-tenant')}`, anchors),
    ).toHaveLength(1);
    expect(messageProblems(`X. ${troubleshooting('aadsts99999')}`, anchors)).toHaveLength(1);
    expect(messageProblems('X failed.', anchors)).toHaveLength(1);
  });
});
