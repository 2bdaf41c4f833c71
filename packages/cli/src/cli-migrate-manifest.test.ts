import { describe, expect, it } from 'vitest';
import { updateManifest } from './cli-migrate-manifest.js';

const manifest = (fields: Record<string, unknown>, indent: string | number = 2) =>
  `${JSON.stringify({ name: 'app', version: '1.0.0', ...fields }, null, indent)}\n`;
const needs = { needed: ['@identity/default', '@identity/core'], range: '^0.1.0', peerStillUsed: false };

describe('updateManifest', () => {
  it('adds the packages where @azure/identity was, removes it, and keeps the field sorted', () => {
    const before = manifest({
      dependencies: { '@azure/identity': '^4.5.0', '@azure/storage-blob': '^12.0.0', zod: '^3.0.0' },
    });
    const update = updateManifest(before, needs);
    expect(JSON.parse(update.text).dependencies).toEqual({
      '@azure/storage-blob': '^12.0.0',
      '@identity/core': '^0.1.0',
      '@identity/default': '^0.1.0',
      zod: '^3.0.0',
    });
    expect(Object.keys(JSON.parse(update.text).dependencies)).toEqual([
      '@azure/storage-blob',
      '@identity/core',
      '@identity/default',
      'zod',
    ]);
    expect(update.added).toEqual([
      { name: '@identity/default', range: '^0.1.0', field: 'dependencies' },
      { name: '@identity/core', range: '^0.1.0', field: 'dependencies' },
    ]);
    expect(update.removed).toEqual(['dependencies']);
    expect(update.findings).toEqual([]);
  });

  it('uses devDependencies when that is where @azure/identity was', () => {
    const update = updateManifest(manifest({ devDependencies: { '@azure/identity': '^4.0.0' } }), needs);
    const result = JSON.parse(update.text);
    expect(result.devDependencies).toEqual({ '@identity/core': '^0.1.0', '@identity/default': '^0.1.0' });
    expect(result.dependencies).toBeUndefined();
  });

  it('keeps @azure/identity while some file still imports it', () => {
    const update = updateManifest(manifest({ dependencies: { '@azure/identity': '^4.0.0' } }), {
      ...needs,
      peerStillUsed: true,
    });
    expect(JSON.parse(update.text).dependencies['@azure/identity']).toBe('^4.0.0');
    expect(update.removed).toEqual([]);
  });

  it('does not add a package the manifest already has, in any field', () => {
    const before = manifest({
      dependencies: { '@identity/default': 'workspace:*' },
      devDependencies: { '@identity/core': '^0.1.0' },
    });
    const update = updateManifest(before, needs);
    expect(update.text).toBe(before);
    expect(update.added).toEqual([]);
  });

  it('keeps the layout: indentation, key order, CRLF and the final newline; unsorted fields stay unsorted', () => {
    const before = manifest(
      { dependencies: { zod: '^3.0.0', '@azure/identity': '^4.0.0' }, scripts: {} },
      '\t',
    ).replace(/\n/g, '\r\n');
    const update = updateManifest(before, { ...needs, needed: ['@identity/default'] });
    expect(update.text).toBe(
      manifest({ dependencies: { zod: '^3.0.0', '@identity/default': '^0.1.0' }, scripts: {} }, '\t').replace(
        /\n/g,
        '\r\n',
      ),
    );
  });

  it("reports @azure/identity in peerDependencies and the peer's plugin packages, and leaves them", () => {
    const before = manifest({
      peerDependencies: { '@azure/identity': '^4.0.0' },
      dependencies: {
        '@azure/identity-broker': '^1.0.0',
        '@azure/identity-cache-persistence': '^1.0.0',
        '@azure/identity-vscode': '^1.0.0',
      },
    });
    const update = updateManifest(before, { ...needs, needed: [] });
    expect(update.text).toBe(before);
    // The persistence plugin is no work for a person: it maps to @identity/cache-persistence (left here, since no
    // migrated code needs that).
    expect(update.findings.map((finding) => finding.subject)).toEqual([
      'peerDependencies: @azure/identity',
      '@azure/identity-vscode',
      '@azure/identity-broker',
    ]);
    expect(update.findings[1]?.step).toMatch(/AzureCliCredential/);
  });

  it('replaces @azure/identity-cache-persistence with @identity/cache-persistence once no file imports it', () => {
    const before = manifest({
      dependencies: {
        '@azure/identity': '^4.0.0',
        '@azure/identity-cache-persistence': '^1.2.0',
        zod: '^3.0.0',
      },
    });
    const update = updateManifest(before, {
      ...needs,
      needed: ['@identity/cache-persistence', '@identity/core', '@identity/device-code'],
    });
    expect(JSON.parse(update.text).dependencies).toEqual({
      '@identity/cache-persistence': '^0.1.0',
      '@identity/core': '^0.1.0',
      '@identity/device-code': '^0.1.0',
      zod: '^3.0.0',
    });
    expect(update.replaced).toEqual([{ name: '@azure/identity-cache-persistence', field: 'dependencies' }]);
    expect(update.findings).toEqual([]);
  });

  it('keeps @azure/identity-cache-persistence while a file still imports it', () => {
    const before = manifest({
      devDependencies: { '@azure/identity-cache-persistence': '^1.2.0' },
      dependencies: { zod: '^3.0.0' },
    });
    const update = updateManifest(before, {
      ...needs,
      needed: ['@identity/cache-persistence'],
      renamedStillUsed: ['@azure/identity-cache-persistence'],
    });
    const after = JSON.parse(update.text);
    expect(after.devDependencies).toEqual({
      '@azure/identity-cache-persistence': '^1.2.0',
      '@identity/cache-persistence': '^0.1.0',
    });
    expect(update.replaced).toEqual([]);
  });

  it('refuses a package.json that is not JSON', () => {
    expect(() => updateManifest('{ "dependencies": ', needs)).toThrow(SyntaxError);
  });

  it('reads a package.json that starts with a byte order mark (as npm does), and keeps the mark', () => {
    const before = `\uFEFF${manifest({ dependencies: { '@azure/identity': '^4.5.0' } }).replace(/\n/g, '\r\n')}`;
    const update = updateManifest(before, needs);
    expect(update.text.startsWith('\uFEFF{\r\n  "name": "app",\r\n')).toBe(true);
    expect(JSON.parse(update.text.slice(1)).dependencies).toEqual({
      '@identity/core': '^0.1.0',
      '@identity/default': '^0.1.0',
    });
  });
});
