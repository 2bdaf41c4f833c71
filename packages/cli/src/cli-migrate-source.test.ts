import * as engine from 'ts-morph';
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_TABLE,
  TABLE_WITH_DEFAULT_PROVIDER,
  TABLE_WITH_PERSISTENCE,
} from '../test/cli-migrate-table.js';
import { importsPeer, migrateProject, migrateSource } from './cli-migrate-source.js';

const project = migrateProject(engine);
const migrate = (lines: string[], fileName = 'app.ts', table = EXAMPLE_TABLE) =>
  migrateSource(engine, project, fileName, lines.join('\n'), table);
const text = (lines: string[], fileName = 'app.ts', table = EXAMPLE_TABLE) =>
  migrate(lines, fileName, table).text.split('\n');

describe('migrateSource: named imports', () => {
  it('changes only the module name when one package has every name, keeping everything else byte for byte', () => {
    const source = [
      '// The app credential.',
      'import {DefaultAzureCredential as Credential, CredentialUnavailableError} from "@azure/identity" // see docs',
      '',
      'export const credential = new Credential();',
    ];
    const result = migrate(source);
    expect(result.text).toBe(source.join('\n').replace('"@azure/identity"', '"@identity/default"'));
    expect(result.packages).toEqual(['@identity/default']);
    expect(result.findings).toEqual([]);
  });

  it('splits an import whose names come from several packages, in the layout of the original', () => {
    expect(
      text([
        "import { DefaultAzureCredential, getBearerTokenProvider, type AccessToken } from '@azure/identity';",
      ]),
    ).toEqual([
      "import { DefaultAzureCredential } from '@identity/default';",
      // A shared name goes to @identity/core when the import brings it anyway.
      "import { getBearerTokenProvider, type AccessToken } from '@identity/core';",
    ]);
  });

  it('keeps `import type` on each import it becomes', () => {
    expect(
      text(["import type { TokenCredential, DefaultAzureCredentialOptions } from '@azure/identity'"]),
    ).toEqual(["import type { TokenCredential, DefaultAzureCredentialOptions } from '@identity/default'"]);
    expect(
      text(["import type { ChainedTokenCredential, ManagedIdentityCredential } from '@azure/identity';"]),
    ).toEqual([
      "import type { ChainedTokenCredential } from '@identity/core';",
      "import type { ManagedIdentityCredential } from '@identity/managed-identity';",
    ]);
  });

  it('maps DefaultAzureCredential and getBearerTokenProvider to one package when @identity/default has both', () => {
    expect(
      text(
        ["import { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity';"],
        'app.ts',
        TABLE_WITH_DEFAULT_PROVIDER,
      ),
    ).toEqual(["import { DefaultAzureCredential, getBearerTokenProvider } from '@identity/default';"]);
  });

  it('keeps one name per line, with its comments, where a formatter would, and joins short ones', () => {
    const source = [
      'function setup() {',
      '  const {',
      '    a,',
      '  } = options;',
      '}',
      'import {',
      '  // the chain',
      '  ChainedTokenCredential,',
      '  ManagedIdentityCredential, // in Azure',
      '  AzureCliCredential,',
      "} from '@azure/identity';",
    ];
    expect(text(source).slice(5)).toEqual([
      'import {',
      '  // the chain',
      '  ChainedTokenCredential,',
      "} from '@identity/core';",
      'import {',
      '  ManagedIdentityCredential, // in Azure',
      "} from '@identity/managed-identity';",
      "import { AzureCliCredential } from '@identity/azure-cli';",
    ]);
  });

  it('keeps CRLF line endings in the statements it writes', () => {
    const result = migrateSource(
      engine,
      project,
      'app.ts',
      "import {\r\n  ChainedTokenCredential, // chain\r\n  AzureCliCredential,\r\n} from '@azure/identity';\r\nrun();\r\n",
      EXAMPLE_TABLE,
    );
    expect(result.text).toBe(
      "import {\r\n  ChainedTokenCredential, // chain\r\n} from '@identity/core';\r\nimport { AzureCliCredential } from '@identity/azure-cli';\r\nrun();\r\n",
    );
  });

  it('leaves a name no package exports on @azure/identity and says why and what to do, at its migrated line', () => {
    const result = migrate([
      "import { ChainedTokenCredential, AzureCliCredential, VisualStudioCodeCredential } from '@azure/identity';",
      'new VisualStudioCodeCredential();',
    ]);
    expect(result.text.split('\n')).toEqual([
      "import { ChainedTokenCredential } from '@identity/core';",
      "import { AzureCliCredential } from '@identity/azure-cli';",
      "import { VisualStudioCodeCredential } from '@azure/identity';",
      'new VisualStudioCodeCredential();',
    ]);
    expect(result.findings).toEqual([
      {
        line: 3,
        subject: 'VisualStudioCodeCredential',
        reason: expect.stringMatching(/not built yet: it needs the VS Code authentication broker/),
        step: expect.stringMatching(/use AzureCliCredential from @identity\/azure-cli/),
      },
    ]);
  });

  it('reports a name that is not an export at all (a typo) rather than guessing', () => {
    const result = migrate(["import { DefaultAzureCredentail } from '@azure/identity';"]);
    expect(result.text).toBe("import { DefaultAzureCredentail } from '@azure/identity';");
    expect(result.findings[0]).toMatchObject({
      subject: 'DefaultAzureCredentail',
      reason: /no @identity package exports/,
    });
  });
});

describe('migrateSource: namespace and default imports', () => {
  it('keeps `import * as identity` when one package has every member it uses', () => {
    const source = [
      "import * as identity from '@azure/identity';",
      'const credential: identity.TokenCredential = new identity.DefaultAzureCredential();',
    ];
    expect(text(source)).toEqual([
      "import * as identity from '@identity/default';",
      'const credential: identity.TokenCredential = new identity.DefaultAzureCredential();',
    ]);
  });

  it('imports each member by name when they come from several packages, types as types', () => {
    const source = [
      "import * as identity from '@azure/identity';",
      'const credential: identity.TokenCredential = new identity.DefaultAzureCredential();',
      "export const provider = identity.getBearerTokenProvider(credential, 'scope');",
      'export function shadowed(identity: { getBearerTokenProvider: () => void }) {',
      '  return identity.getBearerTokenProvider();',
      '}',
    ];
    expect(text(source)).toEqual([
      "import { type TokenCredential, getBearerTokenProvider } from '@identity/core';",
      "import { DefaultAzureCredential } from '@identity/default';",
      'const credential: TokenCredential = new DefaultAzureCredential();',
      "export const provider = getBearerTokenProvider(credential, 'scope');",
      'export function shadowed(identity: { getBearerTokenProvider: () => void }) {',
      '  return identity.getBearerTokenProvider();',
      '}',
    ]);
  });

  it('imports a member under another name when the file already uses its name', () => {
    const source = [
      "import * as identity from '@azure/identity';",
      "import { DefaultAzureCredential } from './local-wrapper.js';",
      'new identity.DefaultAzureCredential(); identity.getBearerTokenProvider; DefaultAzureCredential;',
    ];
    expect(text(source)).toEqual([
      "import { DefaultAzureCredential as identityDefaultAzureCredential } from '@identity/default';",
      "import { getBearerTokenProvider } from '@identity/core';",
      "import { DefaultAzureCredential } from './local-wrapper.js';",
      'new identityDefaultAzureCredential(); getBearerTokenProvider; DefaultAzureCredential;',
    ]);
  });

  it('turns a default import (the CommonJS module object) into a namespace import', () => {
    expect(
      text(["import identity from '@azure/identity';", 'new identity.ManagedIdentityCredential();']),
    ).toEqual([
      "import * as identity from '@identity/managed-identity';",
      'new identity.ManagedIdentityCredential();',
    ]);
  });

  it('keeps the namespace on @azure/identity for members nothing exports, and imports the rest', () => {
    const result = migrate([
      "import * as identity from '@azure/identity';",
      'identity.useIdentityPlugin(plugin);',
      'new identity.AzureCliCredential();',
    ]);
    expect(result.text.split('\n')).toEqual([
      "import * as identity from '@azure/identity';",
      "import { AzureCliCredential } from '@identity/azure-cli';",
      'identity.useIdentityPlugin(plugin);',
      'new AzureCliCredential();',
    ]);
    expect(result.findings.map((finding) => finding.subject)).toEqual(['useIdentityPlugin']);
  });

  it('leaves a namespace none of whose members map exactly as it was', () => {
    const source = ['import  * as identity from "@azure/identity"', 'identity.useIdentityPlugin(plugin);'];
    const result = migrate(source);
    expect(result.text).toBe(source.join('\n'));
    expect(result.findings.map((finding) => finding.subject)).toEqual(['useIdentityPlugin']);
  });

  it('leaves a namespace used as a whole module object alone, and says so', () => {
    const source = [
      "import * as identity from '@azure/identity';",
      'register(identity);',
      'new identity.AzureCliCredential();',
    ];
    const result = migrate(source);
    expect(result.text).toBe(source.join('\n'));
    expect(result.findings).toEqual([
      expect.objectContaining({
        line: 1,
        subject: 'identity',
        reason: expect.stringMatching(/used as a whole module object/),
      }),
    ]);
  });
});

describe('migrateSource: CommonJS', () => {
  it('changes the module name of a destructuring require that one package satisfies', () => {
    expect(
      text(
        ["const { ClientSecretCredential, AzureAuthorityHosts } = require('@azure/identity');"],
        'job.cjs',
      ),
    ).toEqual([
      "const { ClientSecretCredential, AzureAuthorityHosts } = require('@identity/client-secret');",
    ]);
  });

  it('splits a destructuring require by package, keeping its keyword and renames', () => {
    expect(
      text(
        ["let { DefaultAzureCredential, ChainedTokenCredential: Chain } = require('@azure/identity')"],
        'job.js',
      ),
    ).toEqual([
      "let { DefaultAzureCredential } = require('@identity/default')",
      "let { ChainedTokenCredential: Chain } = require('@identity/core')",
    ]);
  });

  it('rewrites a module object from require: one package keeps it, several become named requires', () => {
    expect(
      text(["const identity = require('@azure/identity');", 'new identity.AzureCliCredential();'], 'a.cjs'),
    ).toEqual(["const identity = require('@identity/azure-cli');", 'new identity.AzureCliCredential();']);
    expect(
      text(
        [
          "const identity = require('@azure/identity');",
          'new identity.ChainedTokenCredential(new identity.AzureCliCredential());',
        ],
        'b.cjs',
      ),
    ).toEqual([
      "const { ChainedTokenCredential } = require('@identity/core');",
      "const { AzureCliCredential } = require('@identity/azure-cli');",
      'new ChainedTokenCredential(new AzureCliCredential());',
    ]);
  });

  it('rewrites `require(...).Member` and `import x = require(...)`', () => {
    expect(
      text(["const Credential = require('@azure/identity').ManagedIdentityCredential;"], 'c.cjs'),
    ).toEqual(["const Credential = require('@identity/managed-identity').ManagedIdentityCredential;"]);
    expect(
      text(["import identity = require('@azure/identity');", 'new identity.AzureCliCredential();'], 'd.cts'),
    ).toEqual(["import identity = require('@identity/azure-cli');", 'new identity.AzureCliCredential();']);
  });

  it('reports `import x = require()` that several packages would have to serve, saying where each name is', () => {
    const source = [
      "import identity = require('@azure/identity');",
      'new identity.ChainedTokenCredential(new identity.AzureCliCredential());',
    ];
    const result = migrate(source, 'f.cts');
    expect(result.text).toBe(source.join('\n'));
    expect(result.findings[0]?.step).toBe(
      'import each from its package: ChainedTokenCredential from @identity/core; AzureCliCredential from @identity/azure-cli',
    );
  });

  it('reports a require whose destructuring it cannot split (a rest element)', () => {
    const result = migrate(
      ["const { DefaultAzureCredential, ...rest } = require('@azure/identity');"],
      'e.cjs',
    );
    expect(result.text).toBe("const { DefaultAzureCredential, ...rest } = require('@azure/identity');");
    expect(result.findings[0]).toMatchObject({
      subject: "require('@azure/identity')",
      reason: /rest element/,
    });
  });
});

describe('migrateSource: @azure/identity-cache-persistence', () => {
  it("moves the peer's plugin to @identity/cache-persistence, and useIdentityPlugin to @identity/core", () => {
    const source = [
      "import { DeviceCodeCredential, useIdentityPlugin } from '@azure/identity';",
      "import { cachePersistencePlugin } from '@azure/identity-cache-persistence';",
      '',
      'useIdentityPlugin(cachePersistencePlugin);',
    ];
    const table = {
      packages: { ...TABLE_WITH_PERSISTENCE.packages, '@identity/device-code': ['DeviceCodeCredential'] },
    };
    const result = migrate(source, 'app.ts', table);
    expect(result.text.split('\n')).toEqual([
      "import { DeviceCodeCredential } from '@identity/device-code';",
      "import { useIdentityPlugin } from '@identity/core';",
      "import { cachePersistencePlugin } from '@identity/cache-persistence';",
      '',
      'useIdentityPlugin(cachePersistencePlugin);',
    ]);
    expect(result.packages).toEqual([
      '@identity/cache-persistence',
      '@identity/core',
      '@identity/device-code',
    ]);
    expect(result.findings).toEqual([]);
  });

  it('changes the module name in CommonJS, import types and namespace imports, keeping the quotes', () => {
    const table = TABLE_WITH_PERSISTENCE;
    expect(
      text(
        ['const { cachePersistencePlugin } = require("@azure/identity-cache-persistence");'],
        'app.cjs',
        table,
      ),
    ).toEqual(['const { cachePersistencePlugin } = require("@identity/cache-persistence");']);
    expect(
      text(
        ["const plugin = require('@azure/identity-cache-persistence').cachePersistencePlugin;"],
        'a.cjs',
        table,
      ),
    ).toEqual(["const plugin = require('@identity/cache-persistence').cachePersistencePlugin;"]);
    expect(
      text(
        ["type Plugin = typeof import('@azure/identity-cache-persistence').cachePersistencePlugin;"],
        'a.ts',
        table,
      ),
    ).toEqual(["type Plugin = typeof import('@identity/cache-persistence').cachePersistencePlugin;"]);
    expect(
      text(["import * as persistence from '@azure/identity-cache-persistence';"], 'a.ts', table),
    ).toEqual(["import * as persistence from '@identity/cache-persistence';"]);
  });

  it('leaves an import of a name @identity/cache-persistence does not export, and says which names it has', () => {
    const source = ["import { cachePersistencePlugn } from '@azure/identity-cache-persistence';"];
    const result = migrate(source, 'app.ts', TABLE_WITH_PERSISTENCE);
    expect(result.text).toBe(source[0]);
    expect(result.packages).toEqual([]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        line: 1,
        subject: 'cachePersistencePlugn',
        reason: expect.stringMatching(
          /@identity\/cache-persistence, which has no export named cachePersistencePlugn/,
        ),
        step: expect.stringMatching(/cachePersistencePlugin/),
      }),
    ]);
  });
});

describe('migrateSource: re-exports and other forms', () => {
  it('splits `export { ... } from` by package, keeping renames and `export type`', () => {
    expect(
      text([
        "export { DefaultAzureCredential as AppCredential, ManagedIdentityCredential } from '@azure/identity';",
        "export type { AccessToken, TokenCredential } from '@azure/identity';",
      ]),
    ).toEqual([
      "export { DefaultAzureCredential as AppCredential } from '@identity/default';",
      "export { ManagedIdentityCredential } from '@identity/managed-identity';",
      "export type { AccessToken, TokenCredential } from '@identity/default';",
    ]);
  });

  it.each([
    ["export * from '@azure/identity';", "export * from '@azure/identity'", /re-exports every name/],
    [
      "export * as identity from '@azure/identity';",
      "export * as identity from '@azure/identity'",
      /re-exports every name/,
    ],
    [
      "const { DefaultAzureCredential } = await import('@azure/identity');",
      "import('@azure/identity')",
      /dynamic import/,
    ],
    ["import '@azure/identity';", "import '@azure/identity'", /side effects only/],
    ["vi.mock('@azure/identity');", "'@azure/identity'", /outside an import/],
    ["declare module '@azure/identity' {}", "'@azure/identity'", /outside an import/],
    ["type All = typeof import('@azure/identity');", "typeof import('@azure/identity')", /whole module/],
  ])('reports %s and leaves it as it is', (source, subject, reason) => {
    const result = migrate([source]);
    expect(result.text).toBe(source);
    expect(result.findings).toEqual([
      expect.objectContaining({ line: 1, subject, reason: expect.stringMatching(reason) }),
    ]);
  });

  it('tells a dynamic import which packages its names are in', () => {
    const [finding] = migrate([
      "const { DefaultAzureCredential } = await import('@azure/identity');",
    ]).findings;
    expect(finding?.step).toMatch(/DefaultAzureCredential from @identity\/default/);
  });

  it('reports imports of the plugin packages with what to use instead', () => {
    const result = migrate(["import { vsCodePlugin } from '@azure/identity-vscode';"]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        subject: '@azure/identity-vscode',
        step: expect.stringMatching(/AzureCliCredential/),
      }),
    ]);
  });

  it('rewrites import types, in TypeScript and in the JSDoc of a JavaScript file', () => {
    expect(text(["let credential: import('@azure/identity').TokenCredential;"])).toEqual([
      "let credential: import('@identity/core').TokenCredential;",
    ]);
    expect(
      text(
        ["/** @type {import('@azure/identity').DefaultAzureCredentialOptions} */", 'const options = {};'],
        'opts.js',
      ),
    ).toEqual([
      "/** @type {import('@identity/default').DefaultAzureCredentialOptions} */",
      'const options = {};',
    ]);
  });

  it('reads every source extension', () => {
    for (const fileName of ['a.tsx', 'a.jsx', 'a.mjs', 'a.mts', 'a.cts']) {
      const jsx = fileName.endsWith('x')
        ? 'export const View = () => <div>{String(DefaultAzureCredential)}</div>;'
        : '';
      expect(text(["import { DefaultAzureCredential } from '@azure/identity';", jsx], fileName)[0]).toBe(
        "import { DefaultAzureCredential } from '@identity/default';",
      );
    }
  });

  it('leaves a file without an import of @azure/identity untouched, even if it names it in a comment', () => {
    const source = ["// migrated from '@azure/identity'", "import { x } from '@azure/identity-like';"];
    expect(migrate(source)).toEqual({ text: source.join('\n'), packages: [], findings: [] });
  });

  it('leaves a file that does not parse as it is', () => {
    const source = ["import { DefaultAzureCredential } from '@azure/identity';", 'const = ;'];
    const result = migrate(source);
    expect(result.text).toBe(source.join('\n'));
    expect(result.findings).toEqual([
      expect.objectContaining({
        line: 2,
        subject: 'syntax error',
        step: expect.stringMatching(/fix the syntax error/),
      }),
    ]);
  });
});

describe('migrateSource: byte order mark', () => {
  it('rewrites a file that starts with a byte order mark at the right place, keeping the mark', () => {
    const source =
      "\uFEFFimport { DefaultAzureCredential } from '@azure/identity';\r\nexport const c = 1;\r\n";
    expect(migrateSource(engine, project, 'app.ts', source, EXAMPLE_TABLE).text).toBe(
      "\uFEFFimport { DefaultAzureCredential } from '@identity/default';\r\nexport const c = 1;\r\n",
    );
  });

  it('reports lines of a file with a byte order mark like any other', () => {
    const source = "\uFEFF// app\nvi.mock('@azure/identity');\n";
    expect(migrateSource(engine, project, 'app.ts', source, EXAMPLE_TABLE).findings[0]?.line).toBe(2);
  });
});

describe('migrateSource: deep imports', () => {
  it('reports an import of a file inside @azure/identity (its internals have no @identity equivalent)', () => {
    const result = migrate([
      "import { DefaultAzureCredential } from '@azure/identity';",
      "import { AzureAuthorityHosts } from '@azure/identity/dist/commonjs/constants.js';",
      "const pkg = require('@azure/identity/package.json');",
    ]);
    expect(result.text.split('\n')[1]).toBe(
      "import { AzureAuthorityHosts } from '@azure/identity/dist/commonjs/constants.js';",
    );
    expect(result.findings.map(({ line, subject }) => ({ line, subject }))).toEqual([
      { line: 2, subject: "'@azure/identity/dist/commonjs/constants.js'" },
      { line: 3, subject: "'@azure/identity/package.json'" },
    ]);
  });

  it('counts a deep import as using @azure/identity, so its dependency stays', () => {
    expect(importsPeer(engine, project, 'app.ts', "import x from '@azure/identity/dist/x.js';")).toBe(true);
    expect(importsPeer(engine, project, 'app.ts', "import x from '@azure/identity-vscode';")).toBe(false);
  });
});

describe('migrateSource: JavaScript files', () => {
  it('never writes TypeScript syntax into a JavaScript file: a namespace member used only in JSDoc becomes an import type there', () => {
    const result = migrate(
      [
        "import * as identity from '@azure/identity';",
        '/** @type {identity.TokenCredential} */',
        'export const a = new identity.DefaultAzureCredential();',
        'export const b = new identity.AzureCliCredential();',
      ],
      'app.js',
    );
    expect(result.text.split('\n')).toEqual([
      "import { DefaultAzureCredential } from '@identity/default';",
      "import { AzureCliCredential } from '@identity/azure-cli';",
      "/** @type {import('@identity/azure-cli').TokenCredential} */",
      'export const a = new DefaultAzureCredential();',
      'export const b = new AzureCliCredential();',
    ]);
    // A JavaScript file with `import { type X }` does not parse; the migrated file does.
    const [syntaxError] = project
      .getProgram()
      .getSyntacticDiagnostics(project.createSourceFile('/check/app.js', result.text, { overwrite: true }));
    expect(syntaxError?.getMessageText()).toBeUndefined();
  });

  it('does the same for a module object from require', () => {
    expect(
      text(
        [
          "const identity = require('@azure/identity');",
          '/** @returns {identity.TokenCredential} */',
          'exports.a = () => new identity.DefaultAzureCredential();',
          'exports.b = () => new identity.AzureCliCredential();',
        ],
        'app.cjs',
      ),
    ).toEqual([
      "const { DefaultAzureCredential } = require('@identity/default');",
      "const { AzureCliCredential } = require('@identity/azure-cli');",
      "/** @returns {import('@identity/azure-cli').TokenCredential} */",
      'exports.a = () => new DefaultAzureCredential();',
      'exports.b = () => new AzureCliCredential();',
    ]);
  });
});

describe('migrateSource: large files', () => {
  it('reads a file whose syntax nests deep (a chain of 30 000 terms) without running out of stack', () => {
    const chain = `export const total = 0${' + 1'.repeat(30_000)};`;
    const result = migrate(["import { DefaultAzureCredential } from '@azure/identity';", chain]);
    expect(result.text.split('\n')).toEqual([
      "import { DefaultAzureCredential } from '@identity/default';",
      chain,
    ]);
  });
});
