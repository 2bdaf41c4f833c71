// Realistic @azure/identity code (test/fixtures/migrate: storage, OpenAI, Key Vault, certificates, workload
// identity, error handling, CommonJS, namespaces, re-exports), migrated by the built CLI and then type-checked with
// tsc against the real @identity packages: the migrated code compiles.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MigratedSamples } from './cli-migrate-typecheck.js';
import { migrateAndTypecheck } from './cli-migrate-typecheck.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const PEER_IMPORT = /(['"])@azure\/identity\1/;

describe('migrating realistic samples', () => {
  let result: MigratedSamples;
  beforeAll(async () => {
    result = await migrateAndTypecheck(join(fixtures, 'migrate'));
  }, 120_000);

  it('migrates every sample, with nothing left to do by hand', () => {
    expect(result.migrate.stderr).toBe('');
    expect(result.migrate.report.todo).toEqual([]);
    expect(result.migrate.code).toBe(0);
    expect(result.migrate.report.scanned).toBe(14);
  });

  it('leaves no import of @azure/identity, and does not touch files that had none', () => {
    for (const [file, text] of Object.entries(result.files)) expect(text, file).not.toMatch(PEER_IMPORT);
    expect(Object.keys(result.files)).not.toContain('src/money.ts');
    expect(Object.keys(result.files)).toHaveLength(14);
  });

  it('compiles: tsc --noEmit finds no error', () => {
    expect(result.typecheck.output).toBe('');
    expect(result.typecheck.code).toBe(0);
  });

  it('updates package.json: the packages the code uses, and no @azure/identity', () => {
    const manifest = JSON.parse(result.files['package.json'] ?? '{}');
    expect(Object.keys(manifest.dependencies)).toEqual([
      '@azure/keyvault-secrets',
      '@azure/storage-blob',
      '@identity/azure-cli',
      '@identity/client-certificate',
      '@identity/client-secret',
      '@identity/core',
      '@identity/default',
      '@identity/environment',
      '@identity/managed-identity',
      '@identity/on-behalf-of',
      '@identity/workload-identity',
      'openai',
    ]);
    expect(manifest.dependencies['@identity/default']).toMatch(/^\^\d+\.\d+\.\d+/);
  });

  it('rewrites each form as a person would', () => {
    expect(result.files['src/storage-default.ts']).toContain(
      "import { DefaultAzureCredential } from '@identity/default';",
    );
    expect(result.files['src/errors.ts']).toMatch(
      / {2}DefaultAzureCredential,\n\} from '@identity\/default';/,
    );
    // @identity/default exports every member the namespace uses (getBearerTokenProvider and the errors beside
    // DefaultAzureCredential), so the namespace import stays one namespace import.
    expect(result.files['src/namespace.ts']).toContain("import * as identity from '@identity/default';");
    expect(result.files['src/namespace.ts']).toContain(
      'const credential: identity.TokenCredential = new identity.DefaultAzureCredential();',
    );
    expect(result.files['scripts/rotate-keys.cjs']).toContain(
      "const { ClientSecretCredential, AzureAuthorityHosts } = require('@identity/client-secret');",
    );
    expect(result.files['scripts/namespace-require.cjs']).toContain(
      "/** @returns {import('@identity/azure-cli').TokenCredential} */",
    );
    expect(result.files['src/chained-mi-cli.ts']).toContain(
      "import { ChainedTokenCredential } from '@identity/core';",
    );
  });
});

describe('migrating samples that need a person', () => {
  let result: MigratedSamples;
  beforeAll(async () => {
    result = await migrateAndTypecheck(join(fixtures, 'migrate-unmapped'));
  }, 120_000);

  it('migrates what it can, lists the rest with reasons and steps, and exits 3', () => {
    expect(result.migrate.code).toBe(3);
    expect(result.files['src/sign-in.ts']).toContain(
      "import { AzureCliCredential } from '@identity/azure-cli';",
    );
    expect(result.files['src/sign-in.ts']).toContain(
      "import { InteractiveBrowserCredential } from '@identity/interactive-browser';",
    );
    expect(
      result.migrate.report.todo.map(({ file, line, subject }) => `${file}:${line ?? ''} ${subject}`).sort(),
    ).toEqual([
      // useIdentityPlugin maps to @identity/core's, and the peer's plugin package to @identity/cache-persistence:
      // only the re-export of every name is left for a person.
      "src/index.ts:2 export * from '@azure/identity'",
    ]);
    expect(result.files['src/sign-in.ts']).toContain(
      "import { cachePersistencePlugin } from '@identity/cache-persistence';",
    );
    for (const item of result.migrate.report.todo) {
      expect(item.reason.length, item.subject).toBeGreaterThan(20);
      expect(item.step.length, item.subject).toBeGreaterThan(10);
    }
  });

  it('keeps @azure/identity in package.json while code still imports it', () => {
    const manifest = JSON.parse(result.files['package.json'] ?? '{}');
    expect(manifest.dependencies['@azure/identity']).toBe('^4.5.0');
    expect(manifest.dependencies['@identity/azure-cli']).toBeDefined();
    // No file imports the peer's plugin package any more: its replacement takes its place.
    expect(manifest.dependencies['@azure/identity-cache-persistence']).toBeUndefined();
    expect(manifest.dependencies['@identity/cache-persistence']).toBeDefined();
  });

  it('does not compile until those are done (the type check sees what is left)', () => {
    expect(result.typecheck.code).not.toBe(0);
    expect(result.typecheck.output).toMatch(/Cannot find module '@azure\/identity'/);
  });
});
