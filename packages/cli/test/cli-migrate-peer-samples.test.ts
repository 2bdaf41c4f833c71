// The 24 samples of examples/peer-samples: what @azure/identity's README and samples show (each credential's
// constructor, DefaultAzureCredential with Azure SDK clients, chains, bearer-token providers, authentication
// records, national clouds, errors, logging through @azure/logger, and @azure/identity-cache-persistence's
// persistent token cache), migrated by the built CLI and type-checked with tsc against the real @identity packages.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MigratedSamples } from './cli-migrate-typecheck.js';
import { migrateAndTypecheck } from './cli-migrate-typecheck.js';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'peer-samples');
const PEER_IMPORT = /(['"])@azure\/identity(-cache-persistence)?\1/;

describe("@azure/identity's README and samples, migrated", () => {
  let result: MigratedSamples;
  beforeAll(async () => {
    result = await migrateAndTypecheck(samples);
  }, 120_000);

  it('migrates all 24 samples with nothing left to do by hand', () => {
    expect(readdirSync(join(samples, 'src'))).toHaveLength(24);
    expect(result.migrate.stderr).toBe('');
    expect(result.migrate.report.todo).toEqual([]);
    expect(result.migrate.code).toBe(0);
    const migrated = Object.keys(result.files).filter((file) => file.startsWith('src/'));
    expect(migrated).toHaveLength(24);
    for (const file of migrated) expect(result.files[file], file).not.toMatch(PEER_IMPORT);
  });

  it('compiles: tsc --noEmit (strict) finds no error', () => {
    expect(result.typecheck.output).toBe('');
    expect(result.typecheck.code).toBe(0);
  });

  it('leaves the other Azure SDK packages alone and swaps @azure/identity for the packages the code uses', () => {
    const manifest = JSON.parse(result.files['package.json'] ?? '{}');
    expect(Object.keys(manifest.dependencies)).toEqual(
      expect.arrayContaining(['@azure/keyvault-secrets', '@azure/logger', '@azure/storage-blob', 'openai']),
    );
    expect(manifest.dependencies['@azure/identity']).toBeUndefined();
    expect(result.files['src/01-default-azure-credential.ts']).toContain(
      "import { DefaultAzureCredential } from '@identity/default';",
    );
    expect(result.files['src/06-managed-identity.ts']).toContain(
      "import { ManagedIdentityCredential } from '@identity/managed-identity';",
    );
    expect(result.files['src/08-environment-credential.cjs']).toContain(
      "const { EnvironmentCredential } = require('@identity/environment');",
    );
  });

  it("moves @azure/identity-cache-persistence's plugin to @identity/cache-persistence, and its dependency with it", () => {
    const manifest = JSON.parse(result.files['package.json'] ?? '{}');
    expect(manifest.dependencies['@azure/identity-cache-persistence']).toBeUndefined();
    expect(manifest.dependencies['@identity/cache-persistence']).toBeDefined();
    for (const file of [
      'src/23-token-cache-persistence.ts',
      'src/24-persistence-with-authentication-record.ts',
    ]) {
      expect(result.files[file], file).toContain(
        "import { cachePersistencePlugin } from '@identity/cache-persistence';",
      );
      // useIdentityPlugin and tokenCachePersistenceOptions keep their names: @identity/core has them.
      expect(result.files[file], file).toContain('useIdentityPlugin(cachePersistencePlugin);');
      expect(result.files[file], file).toMatch(/tokenCachePersistenceOptions/);
    }
    expect(result.files['src/23-token-cache-persistence.ts']).toContain(
      "import { DeviceCodeCredential } from '@identity/device-code';\nimport { useIdentityPlugin } from '@identity/core';",
    );
    expect(result.files['src/24-persistence-with-authentication-record.ts']).toMatch(
      /import \{[^}]*TokenCachePersistenceOptions[^}]*\} from '@identity\/core';/,
    );
  });
});
