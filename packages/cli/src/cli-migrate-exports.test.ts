import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporaryFolder } from '@identity/tooling/test-temporary-folder';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveExports, EXPORTS_FILE } from '../scripts/migrate-exports.mjs';
import { exportersOf, loadExportTable } from './cli-migrate-exports.js';
import { planFile } from './cli-migrate-plan.js';
import { UNSUPPORTED_EXPORTS } from './cli-migrate-unsupported.js';

const cliDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(cliDir, '..');
const builtTable = join(cliDir, EXPORTS_FILE);
// The exports of @azure/identity 4, as its index.d.ts declares them (recorded from the version the bench installs).
const peer = JSON.parse(
  readFileSync(join(cliDir, 'test', 'fixtures', 'azure-identity-exports.json'), 'utf8'),
) as {
  version: string;
  exports: string[];
};
const installedPeer = join(packagesDir, '..', '.bench-scratch', 'peer', 'node_modules', '@azure', 'identity');

describe('the export table', () => {
  it('the build wrote is what the packages export now', () => {
    if (!existsSync(builtTable))
      throw new Error('build @identity/cli first: pnpm --filter @identity/cli build');
    expect(loadExportTable(builtTable)).toEqual(deriveExports(packagesDir));
  });

  it(`maps every export of @azure/identity ${peer.version}, or says why not and what to do instead`, () => {
    const table = loadExportTable(builtTable);
    const [plan] = planFile([{ names: peer.exports }], table);
    const unexplained = plan?.unmapped.filter((name) => !Object.hasOwn(UNSUPPORTED_EXPORTS, name));
    expect(unexplained).toEqual([]);
    expect(plan?.packages.get('DefaultAzureCredential')).toBe('@identity/default');
    expect(plan?.packages.get('ClientSecretCredential')).toBe('@identity/client-secret');
  });

  it('takes what a DefaultAzureCredential user imports beside it from @identity/default: one import', () => {
    const beside = [
      'DefaultAzureCredential',
      'getBearerTokenProvider',
      'ChainedTokenCredential',
      'AzureAuthorityHosts',
      'logger',
      'CredentialUnavailableError',
      'AggregateAuthenticationError',
      'AuthenticationRequiredError',
      'AuthenticationErrorName',
      'MultiTenantTokenCredentialOptions',
      'TokenCredential',
    ];
    const [plan] = planFile([{ names: beside }], loadExportTable(builtTable));
    expect(plan?.unmapped).toEqual([]);
    expect(new Set(plan?.packages.values())).toEqual(new Set(['@identity/default']));
  });

  it('prefers a package that exports a name over the list of what is missing', () => {
    const table = { packages: { '@identity/vscode': ['VisualStudioCodeCredential'] } };
    expect(
      planFile([{ names: ['VisualStudioCodeCredential'] }], table)[0]?.packages.get(
        'VisualStudioCodeCredential',
      ),
    ).toBe('@identity/vscode');
  });

  it.skipIf(!existsSync(installedPeer))('records what the installed @azure/identity exports', () => {
    const index = join(installedPeer, 'dist', 'esm', 'index.d.ts');
    const program = ts.createProgram([index], {
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(index) as ts.SourceFile) as ts.Symbol;
    const installed = JSON.parse(readFileSync(join(installedPeer, 'package.json'), 'utf8')) as {
      version: string;
    };
    if (installed.version === peer.version) {
      expect(
        checker
          .getExportsOfModule(module)
          .map((symbol) => symbol.name)
          .sort(),
      ).toEqual(peer.exports);
    } else {
      // A newer peer: every name it added must be mapped or explained too.
      const table = loadExportTable(builtTable);
      const missing = checker
        .getExportsOfModule(module)
        .map((symbol) => symbol.name)
        .filter((name) => exportersOf(table, name).length === 0 && !Object.hasOwn(UNSUPPORTED_EXPORTS, name));
      expect(missing).toEqual([]);
    }
  });

  it('says how to repair a CLI built without it', () => {
    expect(() => loadExportTable(join(tmpdir(), 'no-such-table.json'))).toThrow(
      /pnpm --filter @identity\/cli build/,
    );
  });
});

describe('deriveExports', () => {
  const workspace = temporaryFolder('migrate-workspace');
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  };
  const manifest = (name: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ name, version: '0.1.0', dependencies: { '@identity/core': 'workspace:*' }, ...extra });

  it('picks up a package that appears, with names it re-exports from core and from its own files', () => {
    write('core/package.json', JSON.stringify({ name: '@identity/core', version: '0.1.0' }));
    write(
      'core/src/index.ts',
      'export class CredentialUnavailableError extends Error {}\nexport interface AccessToken { token: string }\n',
    );
    write('interactive-browser/package.json', manifest('@identity/interactive-browser'));
    write(
      'interactive-browser/src/index.ts',
      "export { CredentialUnavailableError, type AccessToken } from '@identity/core';\nexport * from './credential.js';\n",
    );
    write(
      'interactive-browser/src/credential.ts',
      'export class InteractiveBrowserCredential {}\nexport type BrowserLoginStyle = "popup";\n',
    );
    // Not libraries: a tool with a binary, a private package, a package not built on core.
    write('tool/package.json', manifest('@identity/tool', { bin: { tool: './bin.js' } }));
    write('tool/src/index.ts', 'export const tool = 1;\n');
    write('private/package.json', manifest('@identity/private', { private: true }));
    write('private/src/index.ts', 'export const secret = 1;\n');
    write('emulator/package.json', JSON.stringify({ name: '@identity/emulator', version: '0.1.0' }));
    write('emulator/src/index.ts', 'export const emulator = 1;\n');

    expect(deriveExports(workspace)).toEqual({
      packages: {
        '@identity/core': ['AccessToken', 'CredentialUnavailableError'],
        '@identity/interactive-browser': [
          'AccessToken',
          'BrowserLoginStyle',
          'CredentialUnavailableError',
          'InteractiveBrowserCredential',
        ],
      },
    });
  });
});
